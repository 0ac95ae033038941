// Package match joins an inventory with advisories and decides, for each
// package, which vulnerabilities apply and why. It sits at "matches" in
// loadline's flow (image -> layers -> inventory -> advisories -> matches
// -> verdict): it reads an sbom.Inventory and asks an advisory.Store, and
// its Result is what gate, the reports and match/vex read.
//
// Matching is claircore's two steps: a coarse lookup (one Query per
// package name), then a precise decision per ecosystem.
//
//   - OS packages (deb, rpm, apk) are looked up in the inventory's distro
//     release (advisory.ReleaseOf) by their source package, then by their
//     binary name, and compared in the distro's own version ordering
//     (dpkg epochs and +debNuM revisions, rpm EVR, apk -rN; the source
//     version for entries that name the source). Module streams must
//     agree for rpm. Distro statuses are kept: below the fix is affected
//     with that fix; at or above it, no finding; not affected, will not
//     fix and under investigation are findings with that status, never
//     dropped.
//   - Application packages are looked up by ecosystem and name as the
//     ecosystem writes it ("group:artifact" for Maven, "@scope/name" for
//     npm, the module path for Go; the store normalises, as
//     advisory.NormalizeName) and evaluated against OSV ranges and
//     version lists. A package an OS package owns (sbom.Package.OwnedBy)
//     is judged by the OS package when a distro feed covers the release.
//   - Distro data wins: a package whose release a distro feed covers is
//     never matched by NVD's CPE ranges or upstream ranges. CPE matching
//     (Matcher.CPE) is only for packages no ecosystem data covers, and
//     gives low-confidence findings naming the CPE.
//
// Advisories are joined into one Finding per (package, vulnerability) by
// their IDs and aliases (CVE, GHSA, DSA, USN, RHSA, UBUNTU-CVE-...): every
// source is kept as Evidence, the most specific status wins, all fixed
// versions are kept nearest first. A VEX "fixed" version that need not
// be the first fix (advisory.StatusFixed, Ubuntu's) yields to a source
// that knows the first fix. Withdrawn advisories never match. An
// ecosystem and release with packages but no data is a Gap: never clean
// by omission; one for which the store holds only advisories of feeds
// that cover no release (Debian's DSA list alone) is matched and is
// still a Gap.
//
// Two refinements follow Grype and Trivy. The kernel's header packages
// (linux-libc-dev, linux-headers-*, kernel-headers) are not matched
// against the kernel's advisories by their source package unless
// Matcher.KernelHeaders. A finding no source rates, not even in a word,
// takes the CVSS vectors of the store's other records of its CVE (NVD's,
// a GHSA's) when the store is an advisory.IDStore.
package match
