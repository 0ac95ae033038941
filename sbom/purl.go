package sbom

import (
	"fmt"
	"strings"

	packageurl "github.com/package-url/packageurl-go"
)

// PackageURL returns the Package URL of p, as loadline writes it: type,
// namespace, name and version from p; the qualifiers "arch" (when p has
// one; "platform" for a gem, as the purl spec names it), "distro"
// (ID-VERSION_ID of d, for deb, rpm and apk packages when d is not nil),
// "epoch" for an rpm with a non-zero epoch (which then leaves the
// version), and "upstream" naming the source package of an OS package
// built from a source of another name; for a conan package,
// "user", "channel", "rrev" and "prev" from its Metadata keys "conan:user",
// "conan:channel", "conan:rrev" and "conan:prev", as the purl spec's conan
// type defines them. Qualifiers are sorted, so the same package always
// gives the same string.
//
//	pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12
//	pkg:rpm/redhat/bash@5.1.8-6.el9?arch=x86_64&distro=rhel-9.2&epoch=1
func PackageURL(p Package, d *Distro) string {
	q := map[string]string{}
	if p.Arch != "" {
		if p.Type == "gem" {
			q["platform"] = p.Arch // the purl spec's qualifier for a gem's platform
		} else {
			q["arch"] = p.Arch
		}
	}
	v := p.Version
	switch p.Type {
	case "deb", "rpm", "apk":
		if d != nil && d.ID != "" {
			q["distro"] = d.ID
			if d.VersionID != "" {
				q["distro"] += "-" + d.VersionID
			}
		}
		if p.Origin != nil && p.Origin.Name != "" && p.Origin.Name != p.Name {
			q["upstream"] = p.Origin.Name
		}
	}
	if p.Type == "conan" {
		for _, k := range [...]string{"user", "channel", "rrev", "prev"} {
			if v := p.Metadata["conan:"+k]; v != "" {
				q[k] = v
			}
		}
	}
	if p.Type == "rpm" {
		if e, rest, ok := strings.Cut(v, ":"); ok {
			if strings.TrimLeft(e, "0") != "" {
				q["epoch"] = e
			}
			v = rest
		}
	}
	return packageurl.NewPackageURL(p.Type, p.Namespace, p.Name, v, packageurl.QualifiersFromMap(q), "").ToString()
}

// PURLParts are the components of a Package URL, decoded.
type PURLParts struct {
	Type, Namespace, Name, Version string
	// Qualifiers are the qualifiers by lowercase key; nil when none.
	Qualifiers map[string]string
	Subpath    string
}

// ParsePackageURL parses a Package URL as the purl specification says
// (type lowercased, components percent-decoded; packageurl-go does the
// parsing), for readers of SBOMs and VEX documents.
func ParsePackageURL(s string) (PURLParts, error) {
	u, err := packageurl.FromString(s)
	if err != nil {
		return PURLParts{}, fmt.Errorf("sbom: package URL %q: %w", s, err)
	}
	p := PURLParts{Type: u.Type, Namespace: u.Namespace, Name: u.Name, Version: u.Version, Subpath: u.Subpath}
	if q := u.Qualifiers.Map(); len(q) > 0 {
		p.Qualifiers = q
	}
	return p, nil
}
