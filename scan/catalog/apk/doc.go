// Package apk reads the installed-package database of apk-tools, the
// package manager of Alpine Linux, Wolfi, Chainguard images and
// postmarketOS: /lib/apk/db/installed. It sits in the flow at
// layers -> inventory, and implements the scan/catalog seam
// (catalog.Cataloger) with Cataloger; Parse reads one database from any
// io.Reader for reuse outside an image scan.
//
// The database is a list of records separated by blank lines, each a
// run of "X:value" lines. Parse keeps P (name), V (version), A (arch),
// o (origin, the source package), L (licence expression, kept whole),
// m (maintainer), U (url), c (aports commit) and the F (directory) and R
// (file in that directory) lines that list the files a package owns; it
// ignores the other fields (checksums, sizes, dependencies, modes).
package apk
