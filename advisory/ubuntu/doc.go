// Package ubuntu reads Ubuntu's OpenVEX data (Canonical's per-CVE VEX
// documents, published as one archive at DefaultURL and, one file per
// CVE, in the ubuntu-security-notices repository's vex/cve folder) as
// an advisory.Feed. It sits on the advisory side of the flow, beside
// advisory/osv (whose Ubuntu records carry the same tracker data in OSV
// form).
//
// Each document is about one CVE and becomes one advisory: ID the CVE,
// Aliases the USNs its alias URLs name, Details the description,
// References the @id and alias URLs, Published the earliest statement
// time, Modified the document's last_updated or timestamp, Source.Feed
// "ubuntu-vex" (the feed's Name). Each statement names, per release, a
// source package (pkg:deb/ubuntu/<src>@<version>?arch=source&distro=<codename>)
// and its binary packages; every source package of a statement in a release
// becomes one Affected: Ecosystem "deb", Release ubuntu/<VERSION_ID>
// (the codename's: jammy is 22.04; an ESM channel such as
// esm-infra/xenial keys by its release, 16.04, as advisory/osv keys
// Ubuntu:Pro:16.04:LTS), Package the source package, and the status:
//
//	not_affected         advisory.StatusNotAffected; Reason "<justification>: <impact statement>"
//	affected             advisory.StatusAffected, every version, no fix; Reason the action statement.
//	                     advisory.StatusWillNotFix when the action statement says the Ubuntu
//	                     Security Team decided not to fix it (tracker status "ignored") or that
//	                     the release is no longer supported (end of standard support)
//	fixed                advisory.StatusFixed with the range introduced 0, fixed <version>
//	under_investigation  advisory.StatusUnderInvestigation
//
// Two cautions. A fixed statement names the version in the archive when
// the document was written, not the first fixed version (CVE-2023-38545
// names curl 7.81.0-1ubuntu1.24 for jammy; the fix was in 1ubuntu1.14),
// hence StatusFixed, which says so: alone, a package between the two is
// reported affected with that version as its fix; where Ubuntu's OSV
// records are loaded too, theirs is the first fixed version, and they
// decide. And a release may carry two statements for one
// package, one for its standard archive and one for its ESM channel
// (curl in xenial: no longer supported; in esm-infra/xenial: not
// affected); both are kept, as two Affected entries. The documents carry
// no Ubuntu priority, so Affected.Severity stays empty.
//
// Canonical publishes the archive xz-compressed: Parse reads it as
// published (xz through github.com/ulikunitz/xz, pure Go), a plain or
// gzip-compressed tar archive, or one document; ParseFS reads it
// unpacked.
package ubuntu
