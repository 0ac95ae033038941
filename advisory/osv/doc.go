// Package osv is the OSV feed: it reads records in the Open Source
// Vulnerability format (schema 1.7) into the advisory model. It sits in
// the "advisories" step of the flow and implements the advisory.Feed
// seam (Feed, one per osv.dev ecosystem archive); Parse and ParseFS read
// local data: a record, an array of records, an osv.dev API answer
// ({"vulns": [...]}), a zip archive of records (osv.dev's
// <Ecosystem>/all.zip), or a directory.
//
// What a record becomes:
//
//   - ID, aliases (sorted, without the ID), related and upstream IDs
//     (both into Related, sorted: OSV's upstream names what a distro
//     record derives from, such as UBUNTU-CVE-2013-2208's CVE), summary,
//     details, published, modified and withdrawn.
//   - Severities: CVSS_V2, CVSS_V3 and CVSS_V4 vectors of the record and
//     of its affected entries (Bitnami rates per package, RustSec puts a
//     vector in database_specific.cvss), each with Score the base score
//     (advisory/cvss) and Rating its CVSS rating; a vector cvss cannot
//     parse is kept unscored. Other types (Ubuntu's priority "medium")
//     and database_specific.severity (GHSA's "MODERATE", Bitnami's
//     "High") are ratings alone. Source is who rated, by the ID's
//     prefix: "ghsa", "ubuntu", "almalinux", "rocky", "chainguard",
//     "bitnami", "go", "rustsec", "pypa", "debian", else the prefix
//     lowercased.
//   - Affected: the ecosystem as a Package URL type and, for distro
//     ecosystems, a Release (the table is in ecosystem.go and covers
//     every ecosystem of OSV's ecosystems.json; Ubuntu Pro and LTS
//     suffixes drop: "Ubuntu:Pro:18.04:LTS" is ubuntu/18.04); an
//     ecosystem not in the table keeps its name lowercased, spaces as
//     dashes, or the type of the entry's purl when it has one. The
//     package name is as OSV writes it. Status is always
//     StatusAffected. ECOSYSTEM and SEMVER ranges and the versions list
//     are kept. GIT ranges are dropped (commits are not versions: no
//     inventory can be compared with them, and their "fixed" commit is
//     no fixed version); an entry left with no range and no versions is
//     dropped too, as is an entry with no package, rather than read as
//     "every version affected". Debian's ecosystem_specific urgency, or
//     Ubuntu's priority, is the entry's Severity.
//   - References in order; CWEs from database_specific.cwe_ids, sorted.
//   - Source: Feed "osv", Record the path in the archive or directory,
//     "path#ID" for a file of several records, or the ID for a record
//     read alone.
//
// Not handled: YAML records (PyPA's own repository archive holds them;
// osv.dev's PyPI/all.zip is JSON), which an archive skips like any
// member not named *.json.
//
// Feed.Fetch (and FetchWith) download an ecosystem's archive with
// advisory/fetch: conditional requests, retries, the body in a temporary
// file that Parse reads at random.
package osv
