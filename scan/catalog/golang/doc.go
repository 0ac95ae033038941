// Package golang finds Go modules: those compiled into Go executables
// (Binary, for images and root filesystems) and those a source tree's
// go.mod and go.sum name (Lockfile, for directories).
//
// It sits in the flow at layers -> inventory: Binary implements the
// scan/catalog Standalone seam (each executable stands alone, handed
// over while the layer streams), Lockfile the plain Cataloger seam.
//
// # What a package holds
//
// Type "golang". A module path is split as the Package URL
// specification says for golang: Namespace is the path up to its last
// "/", Name the rest ("github.com/spf13" and "cobra"; "github.com/a/b"
// and "v2" for "github.com/a/b/v2"), so that sbom.PackageURL writes
// pkg:golang/github.com/spf13/cobra@v1.10.2. Version is the module
// version as Go writes it, with its "v". The Go standard library of a
// binary is Name "stdlib" with the toolchain's version less its "go"
// ("pkg:golang/stdlib@1.22.5"), as osv-scanner and Grype name it.
//
// The main module is reported too, with Metadata MetaMain "true". A
// binary built from a source tree records its version as "(devel)",
// which is no version: Version is then "" (as Syft has done since
// anchore/syft#3873), so that no matcher compares it.
// A binary from `go install module@version` has a real version, and Go
// 1.24 and later stamp one from the VCS checkout (a pseudo-version,
// "+dirty" when modified); both are kept.
//
// A module's go.sum hash ("h1:..." from the binary or go.sum) is in
// Hashes under HashH1. Replace directives are honoured: the replacement
// is what was built, so the package is the replacement's path and
// version, with the original "path version" in MetaReplaces; a
// replacement by a local directory has no version to report, so the
// package keeps the original path, with Version "" and the directory in
// MetaReplaceDir. go.mod requirements marked // indirect have
// MetaIndirect "true". Licenses, Files and DependsOn are not known
// (neither format records them).
//
// # Limits
//
// Binary reads files of at most MaxBinarySize bytes with an executable
// bit (or a .exe name); a file whose first bytes are not an executable
// format's is turned away without reading further. Lockfile reads at
// most MaxManifestSize bytes of one go.mod or go.sum. go.mod is parsed
// with golang.org/x/mod/modfile, the go command's own parser.
package golang
