// Package dpkg reads the package database of Debian, Ubuntu and their
// derivatives: /var/lib/dpkg/status, the one-file-per-package
// /var/lib/dpkg/status.d/* of distroless images, the owned-file lists
// /var/lib/dpkg/info/<pkg>.list and <pkg>:<arch>.list, and, for
// licenses, the machine-readable /usr/share/doc/<pkg>/copyright files.
//
// It sits in the flow at layers -> inventory: Cataloger implements the
// scan/catalog seam (Name, Wants, Catalog), and Parse reads the status
// format from any io.Reader, for SBOM and directory scanning.
//
// # Which packages are installed
//
// dpkg-query -W lists every record whose status is not "not-installed",
// including packages that were removed but left their configuration
// ("rc": config-files) and packages whose unpacking was interrupted
// ("half-installed"). For vulnerability scanning what matters is whether
// the package's files are on disk, so a record is reported when the
// third word of its Status field (the package state) is one of
// installed, triggers-pending, triggers-awaited, half-configured or
// unpacked (db:Status-Abbrev second letter i, t, W, F or U), whatever
// the selection (install, hold, deinstall, purge: a package marked for
// removal is still there) and the error flag (reinst-required). Records
// in the states not-installed, config-files and half-installed are left
// out without error. A record with no Status field is not installed in
// /var/lib/dpkg/status, as dpkg says; in a status.d file it is installed,
// since distroless image builders write only installed packages and omit
// the field.
//
// # What a package holds
//
// Type "deb"; Name, Version (verbatim, epoch as written) and Arch from
// Package, Version and Architecture; Origin from Source ("name" or
// "name (version)"; nil when the record has no Source field, then the
// source package is the package itself, and Origin.Version is "" when
// Source names no version, then it is the package's own). Namespace is
// the detected distro's ID when it is Debian, Ubuntu or a derivative of
// either (ID_LIKE naming one of them), else "debian". The status format
// has no licenses: Licenses come from /usr/share/doc/<name>/copyright
// when it is machine-readable (DEP-5), as the first lines of its License
// fields ("GPL-2+", "BSD-3-clause or GPL-2"), sorted and without
// duplicates; free-form copyright files give none. The packager
// (Maintainer) is not a vendor, so Vendor stays empty, and Metadata is
// nil. Files are the paths of the package's .list file, without the
// root entry "/.".
//
// # Limits
//
// A database larger than MaxDatabaseSize, a .list or copyright file
// larger than MaxFileSize, or a line longer than 1 MiB stops reading that file with
// an error; the packages read before it are still returned.
package dpkg
