package sbom

import (
	"cmp"
	"slices"
	"strings"
)

// Inventory is what is installed in one image, root filesystem or
// directory. Its zero value is an empty inventory. Sort puts it in its
// canonical order, so that the same input gives identical output. Its
// JSON form (the field tags) is loadline's own inventory document:
// lowerCamelCase names, empty fields left out.
type Inventory struct {
	// Source says what was scanned; nil when the caller did not say.
	Source *Source `json:"source,omitempty"`
	// Distro is the operating system release the image is based on, or
	// nil when none was detected (a distroless static image, a directory).
	Distro *Distro `json:"distro,omitempty"`
	// Layers are the image's layers, base first; empty for a directory.
	Layers []Layer `json:"layers,omitempty"`
	// Packages are the installed packages, in Sort order.
	Packages []Package `json:"packages,omitempty"`
	// Problems are what could not be read; the rest of the inventory is
	// still good. A package database that failed to parse is a Problem,
	// never silently zero packages.
	Problems []Problem `json:"problems,omitempty"`
}

// Source describes the scanned image or directory. Fields that are not
// known are empty.
type Source struct {
	// Kind is how it was read: "registry", "docker-archive",
	// "oci-layout", "oci-archive", "dir", "image" (a v1.Image given by an
	// embedder) or "sbom".
	Kind string `json:"kind,omitempty"`
	// Name is the reference or path as the user gave it.
	Name string `json:"name,omitempty"`
	// Digest is the image manifest's digest ("sha256:..."), when known.
	Digest string `json:"digest,omitempty"`
	// ConfigDigest is the digest of the image's config (the image ID).
	ConfigDigest string `json:"configDigest,omitempty"`
	// Platform is "os/architecture[/variant]", from the image config.
	Platform string `json:"platform,omitempty"`
}

// Distro identifies an operating system release, as os-release says it.
type Distro struct {
	ID        string   `json:"id,omitempty"`        // os-release ID: "debian", "ubuntu", "alpine", "rhel", ...
	IDLike    []string `json:"idLike,omitempty"`    // os-release ID_LIKE, in its order
	VersionID string   `json:"versionId,omitempty"` // os-release VERSION_ID: "12", "22.04", "3.19.4"
	Codename  string   `json:"codename,omitempty"`  // VERSION_CODENAME: "bookworm", "jammy"; "" when unknown
	Name      string   `json:"name,omitempty"`      // PRETTY_NAME, for display
	// CPEName is os-release CPE_NAME ("cpe:/o:redhat:enterprise_linux:9::baseos"),
	// which VEX documents scope products by; "" when absent.
	CPEName string `json:"cpeName,omitempty"`
}

// Layer is one image layer.
type Layer struct {
	Index     int    `json:"index"`               // position, 0 for the base layer
	DiffID    string `json:"diffId,omitempty"`    // digest of the uncompressed layer ("sha256:...")
	Digest    string `json:"digest,omitempty"`    // digest of the layer blob as stored
	Size      int64  `json:"size,omitempty"`      // size of the layer blob in bytes
	CreatedBy string `json:"createdBy,omitempty"` // the history line that made it, when the config has one
}

// Package is one installed package.
type Package struct {
	// Type is the Package URL type: "deb", "rpm", "apk", "npm", "pypi",
	// "golang", "maven", "gem", "cargo", "nuget", "composer", "pub",
	// "swift", "conan", "hex".
	Type string `json:"type"`
	// Namespace is the Package URL namespace: the distro vendor for OS
	// packages ("debian", "ubuntu", "alpine", "redhat"), the scope or
	// group for application packages ("@babel", "org.apache.logging.log4j").
	Namespace string `json:"namespace,omitempty"`
	// Name and Version are as the ecosystem writes them; an rpm Version
	// is the EVR "[epoch:]version-release".
	Name    string `json:"name"`
	Version string `json:"version"`
	// Arch is the architecture the package was built for, if it says; for
	// a gem, its platform ("x86_64-linux").
	Arch string `json:"arch,omitempty"`
	// Origin is the source package an OS package was built from; nil when
	// the database names none (then the source is the package itself).
	Origin *Origin `json:"origin,omitempty"`
	// Licenses are as the package database states them.
	Licenses []string `json:"licenses,omitempty"`
	// Vendor is the packager, where the database names one.
	Vendor string `json:"vendor,omitempty"`
	// Evidence lists the paths (slash-separated, rooted, like
	// "/var/lib/dpkg/status") of the records that prove the package: the
	// database record first, then companion files (a file list, a
	// copyright file) in the cataloger's order.
	Evidence []string `json:"evidence,omitempty"`
	// Files lists the files the package owns, where the database says.
	Files []string `json:"files,omitempty"`
	// Layer is the diff ID of the layer that introduced the package, and
	// LastLayer that of the layer that last changed its record when it
	// differs; both are "" for a directory.
	Layer     string `json:"layer,omitempty"`
	LastLayer string `json:"lastLayer,omitempty"`
	// PURL is the Package URL (see PackageURL).
	PURL string `json:"purl,omitempty"`
	// CPEs are CPE 2.3 names for the package, where known (an SBOM read
	// from a file may carry them); nil otherwise.
	CPEs []string `json:"cpes,omitempty"`
	// Hashes are digests of the package's artifact by algorithm, as
	// CycloneDX names them ("SHA-256", "SHA-1", "MD5"), lowercase hex; nil
	// when unknown. "h1" holds a Go module's go.sum hash as Go writes it
	// ("h1:..."): a hash of the module's file tree, not of one file.
	Hashes map[string]string `json:"hashes,omitempty"`
	// OwnedBy is the PURL of the OS package whose database lists this
	// package's record file among its own files (a Python module or a jar
	// installed by dpkg, rpm or apk): the package is the OS package's
	// content, not an independent install, and matching judges it by the
	// OS package. "" when no OS package owns it.
	OwnedBy string `json:"ownedBy,omitempty"`
	// DependsOn lists the PURLs of the packages this one depends on,
	// where a lockfile or SBOM says; sorted, nil when unknown.
	DependsOn []string `json:"dependsOn,omitempty"`
	// Metadata holds ecosystem extras under keys prefixed by the type,
	// such as "rpm:modularitylabel"; nil when there are none.
	Metadata map[string]string `json:"metadata,omitempty"`
}

// Origin is the source package an OS package was built from.
type Origin struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"` // "" when the database gives none (then: the package's own)
}

// Problem is something that could not be read. The scan goes on.
type Problem struct {
	Path    string `json:"path,omitempty"`    // the file, slash-separated and rooted; "" for the image itself
	Layer   string `json:"layer,omitempty"`   // diff ID of the layer, "" when not layer-specific
	Message string `json:"message,omitempty"` // what went wrong, naming what was expected
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
