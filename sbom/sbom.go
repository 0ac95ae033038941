package sbom

import (
	"cmp"
	"slices"
	"strings"
)

// Inventory is what is installed in one image, root filesystem or
// directory. Its zero value is an empty inventory. Sort puts it in its
// canonical order, so that the same input gives identical output.
type Inventory struct {
	// Source says what was scanned; nil when the caller did not say.
	Source *Source
	// Distro is the operating system release the image is based on, or
	// nil when none was detected (a distroless static image, a directory).
	Distro *Distro
	// Layers are the image's layers, base first; empty for a directory.
	Layers []Layer
	// Packages are the installed packages, in Sort order.
	Packages []Package
	// Problems are what could not be read; the rest of the inventory is
	// still good. A package database that failed to parse is a Problem,
	// never silently zero packages.
	Problems []Problem
}

// Source describes the scanned image or directory. Fields that are not
// known are empty.
type Source struct {
	// Kind is how it was read: "registry", "docker-archive",
	// "oci-layout", "oci-archive", "dir", "image" (a v1.Image given by an
	// embedder) or "sbom".
	Kind string
	// Name is the reference or path as the user gave it.
	Name string
	// Digest is the image manifest's digest ("sha256:..."), when known.
	Digest string
	// ConfigDigest is the digest of the image's config (the image ID).
	ConfigDigest string
	// Platform is "os/architecture[/variant]", from the image config.
	Platform string
}

// Distro identifies an operating system release, as os-release says it.
type Distro struct {
	ID        string   // os-release ID: "debian", "ubuntu", "alpine", "rhel", ...
	IDLike    []string // os-release ID_LIKE, in its order
	VersionID string   // os-release VERSION_ID: "12", "22.04", "3.19.4"
	Codename  string   // VERSION_CODENAME: "bookworm", "jammy"; "" when unknown
	Name      string   // PRETTY_NAME, for display
}

// Layer is one image layer.
type Layer struct {
	Index     int    // position, 0 for the base layer
	DiffID    string // digest of the uncompressed layer ("sha256:...")
	Digest    string // digest of the layer blob as stored
	Size      int64  // size of the layer blob in bytes
	CreatedBy string // the history line that made it, when the config has one
}

// Package is one installed package.
type Package struct {
	// Type is the Package URL type: "deb", "rpm", "apk", "npm", "pypi",
	// "golang", "maven", "gem", "cargo", "nuget", "composer".
	Type string
	// Namespace is the Package URL namespace: the distro vendor for OS
	// packages ("debian", "ubuntu", "alpine", "redhat"), the scope or
	// group for application packages ("@babel", "org.apache.logging.log4j").
	Namespace string
	// Name and Version are as the ecosystem writes them; an rpm Version
	// is the EVR "[epoch:]version-release".
	Name, Version string
	// Arch is the architecture the package was built for, if it says.
	Arch string
	// Origin is the source package an OS package was built from; nil when
	// the database names none (then the source is the package itself).
	Origin *Origin
	// Licenses are as the package database states them.
	Licenses []string
	// Vendor is the packager, where the database names one.
	Vendor string
	// Evidence lists the paths (slash-separated, rooted, like
	// "/var/lib/dpkg/status") of the records that prove the package: the
	// database record first, then companion files (a file list, a
	// copyright file) in the cataloger's order.
	Evidence []string
	// Files lists the files the package owns, where the database says.
	Files []string
	// Layer is the diff ID of the layer that introduced the package, and
	// LastLayer that of the layer that last changed its record when it
	// differs; both are "" for a directory.
	Layer, LastLayer string
	// PURL is the Package URL (see PackageURL).
	PURL string
	// Metadata holds ecosystem extras under keys prefixed by the type,
	// such as "rpm:modularitylabel"; nil when there are none.
	Metadata map[string]string
}

// Origin is the source package an OS package was built from.
type Origin struct {
	Name    string
	Version string // "" when the database gives none (then: the package's own)
}

// Problem is something that could not be read. The scan goes on.
type Problem struct {
	Path    string // the file, slash-separated and rooted; "" for the image itself
	Layer   string // diff ID of the layer, "" when not layer-specific
	Message string // what went wrong, naming what was expected
}

// Sort puts the inventory in canonical order: packages by type,
// namespace, name, version, architecture, layer and first evidence path;
// problems by layer, path and message. It also sorts each package's
// files (not its evidence, whose first entry is the record).
func (inv *Inventory) Sort() {
	for i := range inv.Packages {
		slices.Sort(inv.Packages[i].Files)
	}
	slices.SortStableFunc(inv.Packages, ComparePackages)
	slices.SortStableFunc(inv.Problems, func(a, b Problem) int {
		return cmp.Or(strings.Compare(a.Layer, b.Layer), strings.Compare(a.Path, b.Path), strings.Compare(a.Message, b.Message))
	})
}

// ComparePackages orders packages as Inventory.Sort does.
func ComparePackages(a, b Package) int {
	return cmp.Or(
		strings.Compare(a.Type, b.Type),
		strings.Compare(a.Namespace, b.Namespace),
		strings.Compare(a.Name, b.Name),
		strings.Compare(a.Version, b.Version),
		strings.Compare(a.Arch, b.Arch),
		strings.Compare(a.Layer, b.Layer),
		strings.Compare(first(a.Evidence), first(b.Evidence)),
	)
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
