// Package oval reads Red Hat's OVAL definitions (OVAL 5.10, the
// bzip2-compressed "including-unpatched" files Red Hat publishes per RHEL
// release and product stream) into advisories. It is the fallback for
// what Red Hat's CSAF data (advisory/csaf/redhat) does not cover.
//
// It sits on the advisory side of the flow and implements advisory.Feed.
// Parse streams the XML: each definition, test, object and state is
// decoded on its own and kept in a compact form, and the advisories are
// built once the tests, objects and states (which follow the definitions
// in the file) are read, so memory grows with the content, never with
// the XML text.
//
// Each definition gives one advisory:
//
//   - a patch definition (class "patch", an RHSA, RHBA or RHEA): ID the
//     erratum's, its CVE an alias (several CVEs: related IDs), and for
//     each rpminfo test "evr less than X" an Affected entry fixed in X;
//   - an unpatched definition (oval:com.redhat.cve:def:...): ID the CVE,
//     an entry without a fix for each package it tests, its status from
//     the definition's resolution for the package when there is one
//     ("Will not fix" and "Out of support scope" -> StatusWillNotFix,
//     "Under investigation" -> StatusUnderInvestigation, "Affected" and
//     "Fix deferred" -> StatusAffected, with the words as Reason);
//   - an unaffected definition (oval:com.redhat.unaffected:def:...): ID
//     the CVE, StatusNotAffected for each package it names.
//
// Entries are keyed by the RHEL release the definition's criteria require
// ("Red Hat Enterprise Linux 8 is installed" -> rhel/8), the rpm name and
// the module stream a "Module nodejs:18 is enabled" criterion sets. OVAL
// gives unpatched definitions no product CPE, so a layered product's
// packages (Ansible, .NET Core) are keyed by the RHEL release too.
package oval
