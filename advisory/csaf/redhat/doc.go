// Package redhat is the Red Hat feed: its CSAF VEX documents (one per
// CVE, every product's status) and its CSAF security advisories (one per
// RHSA erratum), read with advisory/csaf and normalised into advisories.
//
// It sits on the advisory side of the flow and implements advisory.Feed:
// Feed.Fetch gets the dated archive that archive_latest.txt names (through
// advisory/fetch, with conditional requests) and, with Feed.Changes, the
// documents changed and deleted since (changes.csv, deletions.csv); Parse
// reads that data (tar.zst, tar), or one document, and ParseFS a
// directory of documents.
//
// Each (vulnerability, product) of a document becomes part of an
// advisory.Affected entry, one entry per release, package, module,
// status, severity and reason:
//
//   - Ecosystem "rpm"; Package the rpm's name from the product's PURL (or
//     from the NEVRA in its product ID when it has none): binary and
//     source rpm names alike, since Red Hat lists both.
//   - Release from the platform's CPE: RHEL and its extended-support
//     streams (enterprise_linux, rhel_eus, rhel_aus, rhel_e4s, rhel_tus,
//     rhel_els) give "rhel" and the major version, as advisory.ReleaseOf
//     keys an image's os-release ("rhel" "9.4" -> rhel/9). Layered
//     products (OpenShift, Satellite, JBoss Core Services, ...) give
//     "redhat" and the CPE after the vendor ("openshift:4.16::el9"), as
//     advisory/osv keys Red Hat's OSV, so their rpms are kept but match
//     no image by os-release alone.
//   - Module the module stream ("nodejs:18") of a modular rpm.
//   - fixed -> StatusAffected with the product's own EVR as the fix (the
//     fixed versions of several streams of one release are ranges of one
//     entry: a version is affected when below any of them, so an
//     extended-support stream's older fix never hides the mainline's;
//     and a fix only an extended-support stream gives is dropped where
//     the mainline has the package affected without a fix or under
//     investigation, since no image's os-release tells EUS apart);
//     known_affected -> StatusWillNotFix with a no_fix_planned remediation
//     (Reason its details: "Will not fix", "Out of support scope"), else
//     StatusAffected with no fix (Reason a none_available remediation's
//     details: "Affected", "Fix deferred", for a fix Red Hat still plans);
//     known_not_affected -> StatusNotAffected (Reason the flag's
//     justification); under_investigation -> StatusUnderInvestigation.
//   - Severity the product's Red Hat impact ("Important").
//
// Container images (pkg:oci), non-rpm components (Maven, npm, Go),
// module products themselves and products without a Red Hat CPE give no
// entry: matching keys OS packages by release and rpm name, and Red Hat's
// image and language-package statuses have no such key.
//
// A VEX document gives one advisory per vulnerability, ID the CVE,
// related to the errata of its fixes; its severities are Red Hat's
// rating and the CVSS scores (Source "redhat"). A security advisory gives
// one advisory, ID the RHSA's, with the entries of its fixed products
// only; its CVE is an alias when it fixes one, a related ID each when it
// fixes several (so that matching never merges distinct CVEs through it).
package redhat
