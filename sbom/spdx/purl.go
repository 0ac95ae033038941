package spdx

import (
	"github.com/loadline/loadline/sbom"
)

// purl is a parsed Package URL: the parts this package needs to map an
// SPDX purl external reference back to an sbom.Package.
type purl struct {
	typ, namespace, name, version string
	qualifiers                    map[string]string
}

// parsePURL parses a Package URL with sbom.ParsePackageURL.
func parsePURL(s string) (purl, error) {
	p, err := sbom.ParsePackageURL(s)
	if err != nil {
		return purl{}, err
	}
	return purl{typ: p.Type, namespace: p.Namespace, name: p.Name, version: p.Version, qualifiers: p.Qualifiers}, nil
}
