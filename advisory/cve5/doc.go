// Package cve5 reads CVE JSON 5.x records (the CVE List's format) into
// advisories. It sits on the advisory side of the flow and implements
// the advisory.Feed seam.
//
// Each record becomes one advisory.Advisory: cveMetadata's cveId,
// datePublished and dateUpdated; state REJECTED as Withdrawn (at
// dateRejected, else dateUpdated); the first English description, of the
// CNA container then the ADP containers, as Details (its first line as
// Summary); every cvssV2_0, cvssV3_0, cvssV3_1 and cvssV4_0 metric of
// the CNA and each ADP as a Severity whose Source is the container's
// providerMetadata.shortName ("GitHub_M", "CISA-ADP") and whose Score is
// the base score computed by advisory/cvss; problemTypes' cweIds as
// CWEs; references of every container, first occurrence kept.
//
// Affected comes from the CNA container only, one entry per affected
// item. Ecosystem is the Package URL type of the collectionURL's host
// where it maps to one (pypi.org -> pypi, registry.npmjs.org -> npm,
// pkg.go.dev -> golang, crates.io -> cargo, ...), else ""; Package is
// packageName, else the name in a pypi.org/project/NAME URL, else the
// product; CPE is the first of cpes. Each version with status "affected"
// and a lessThan (lessThanOrEqual) becomes a range introduced version
// ("0" when it names none), fixed (last_affected) the bound, of type GIT
// for versionType git, SEMVER for semver, else ECOSYSTEM; a bound with a
// wildcard ("5.4.*", "log4j-core*") leaves the range open above. An
// affected version without a bound is listed in Versions. Versions with
// another status, and "changes" lists, are dropped: that over-matches
// (Log4j's changes are lost) rather than misses. An item with no
// affected version is kept whole when defaultStatus is "affected" (every
// version), kept as under investigation when "unknown", else skipped.
package cve5
