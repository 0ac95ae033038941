// Package rpm reads the rpm package database of an image: BerkeleyDB
// (Packages: RHEL 7 and 8, CentOS, Amazon Linux 2), NDB (Packages.db:
// SUSE) and SQLite (rpmdb.sqlite: RHEL 9, Fedora, Mariner, Azure Linux),
// under /var/lib/rpm or /usr/lib/sysimage/rpm.
//
// It sits in the flow at layers -> inventory and implements the
// scan/catalog seam: Cataloger wants the database files by path, and
// Catalog turns one of them into sbom.Packages of type "rpm".
//
// # Reading
//
// The readers are the package's own, in pure Go, and work on the whole
// file in memory (at most MaxDatabaseSize bytes); nothing is written to
// disk. BerkeleyDB hash databases are read page by page in either byte
// order and any page size the metadata page gives, following overflow
// chains with every page number checked and no page visited twice. NDB
// slots and blobs are checked as rpm checks them, Adler-32 included.
// SQLite is read by modernc.org/sqlite (pure Go) through its read-only
// fs.FS VFS, opened immutable; rpm's WAL-mode databases are read from the
// main file alone (immutable is what lets SQLite open them without shared
// memory). A -wal file is neither wanted nor read: rpm checkpoints it into
// the main file when it closes the database, so only a crashed rpm leaves
// transactions there; when in.FS holds a non-empty one anyway, Catalog
// says so in its error, with the packages. Each record is an rpm header
// blob, decoded with rpm's own limits (at most 65535 index entries, a
// data store under 16 MiB) and every offset, count and string checked
// against the blob, so a hostile database costs at most time and memory
// in proportion to its size.
//
// # What a package holds
//
//   - Type "rpm"; Name, Arch, Vendor as the header says.
//   - Version: the EVR "[epoch:]version-release". The epoch is written
//     when the header has an EPOCH tag, even 0, and left out when it has
//     none, as rpm's %{EVR} does (rpm orders a missing epoch as 0).
//   - Origin: the source package, from SOURCERPM
//     "name-version-release.src.rpm"; its Version carries the binary's
//     epoch, as rpm builds every package of one source with one epoch.
//     Nil when the header names no source.
//   - Licenses: the LICENSE tag, one expression, as written.
//   - Files: every path the header lists (DIRNAMES + BASENAMES, or the old
//     FILENAMES), rooted, sorted, without duplicates; ghost files included,
//     as rpm -ql lists them.
//   - Metadata: "rpm:modularitylabel" when the header has one; else nil.
//   - Evidence: the database's path.
//   - Namespace: from the detected distro's os-release ID, by the table
//     below.
//
// The gpg-pubkey pseudo-packages (the keys rpm imported, which rpm -qa
// lists) are skipped: they are not installed software.
//
// # Namespace
//
// The Package URL namespace is the vendor, as the purl-spec examples and
// the distros' own SBOMs write it, told by the os-release ID:
//
//	rhel                                          redhat
//	ol                                            oracle
//	amzn                                          amazon
//	opensuse, opensuse-leap, opensuse-tumbleweed,
//	opensuse-microos                              opensuse
//	sles, sled, sles_sap, sle-micro, suse         suse
//	photon                                        vmware
//	any other (centos, rocky, almalinux, fedora,
//	mariner, azurelinux, ...)                     the ID itself
//	no distro, or an empty ID                     "" (no namespace)
//
// An unknown rpm distro keeps its own ID rather than a guessed vendor;
// with no distro at all there is nothing to name, and "rpm" would name
// no vendor.
//
// # Errors
//
// A database that cannot be read at all gives no packages and an error.
// A malformed record is skipped and named in the error returned with the
// other packages, as is a SOURCERPM that cannot be parsed (that package
// is kept, without Origin).
package rpm
