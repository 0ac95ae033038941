// Package secdb reads the Alpine secdb and the Wolfi and Chainguard
// security feeds, which share its shape ({distroversion, reponame,
// packages: [{pkg: {name, secfixes: {version: [IDs]}}}]}), into the
// advisory model. It sits in the "advisories" step of the flow and
// implements the advisory.Feed seam: one Feed per file (an Alpine branch
// and repository, or the Wolfi or Chainguard file), fetched with
// conditional requests through advisory/fetch.
//
// What a file becomes: one Advisory per ID per file, in ID order, with
// one Affected per package (in name order) that lists it:
//
//   - Ecosystem "apk"; Release alpine/3.20 for distroversion v3.20,
//     alpine/edge for edge (what advisory.ReleaseOf gives), and wolfi
//     or chainguard with no version (as ReleaseOf, and the OSV feed's
//     "Wolfi" and "Chainguard" ecosystems, key those rolling distros).
//     An edge image reports VERSION_ID 3.21.0_alpha20240807, which
//     ReleaseOf keys alpine/3.21 today, not alpine/edge.
//     Package is the secdb package name, which is the origin (aports)
//     package.
//   - A version key "1.2.3-r0" means fixed there: StatusAffected with
//     the range introduced "0", fixed "1.2.3-r0" (ECOSYSTEM). An ID
//     listed under several versions of one package gets a range for
//     each, lowest first (apk ordering), so a version is affected until
//     the last listed fix. The key "0" alone means never affected:
//     StatusNotAffected, Reason "secfixes version 0: never affected".
//   - An ID string may hold several IDs and notes: each
//     CVE in it is an advisory whose aliases are the string's other,
//     non-CVE IDs ("CVE-2017-8904 XSA-214"); a string without a CVE is
//     an advisory of its first ID ("XSA-207", "ALPINE-13661",
//     "GHSA-..."). CVE typos are normalised ("CVE_2019-2426" is
//     CVE-2019-2426). Parenthesised notes, placeholders
//     ("CVE-????-?????") and other words go into Reason. A token that
//     looks like a CVE but is not one ("CVE-46838") yields a
//     *RecordError, and the string's other IDs are kept.
//   - Source: Feed is the feed's Name ("alpine-v3.20-main", "wolfi",
//     "chainguard"), Record the ID. No summary, dates, severities or
//     references: secdb has none.
//
// Parse reads a whole file into memory (Alpine's files are under 200 KB;
// MaxFile caps any) because an ID's packages are spread through the
// file. Feed.Cover says which release a feed covers before it is parsed.
//
// Other forms of this data seen in the wild: the copies claircore and
// vuln-list-update keep in their test data are the JSON itself, and Parse
// reads them (vuln-list-update's edge-community.json writes an empty
// packages as {}, which Parse accepts); vunnel's fixtures are the same
// document in YAML (same keys), which is not read here: JSON is what
// the feeds publish, and the YAML dependency's home is scan/catalog.
package secdb
