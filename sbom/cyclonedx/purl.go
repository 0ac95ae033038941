package cyclonedx

import (
	"github.com/loadline/loadline/sbom"
)

// purl is a parsed Package URL: the parts Decode needs.
type purl struct {
	Type, Namespace, Name, Version string
	Qualifiers                     map[string]string
}

// parsePURL parses a Package URL with sbom.ParsePackageURL.
func parsePURL(s string) (purl, error) {
	p, err := sbom.ParsePackageURL(s)
	if err != nil {
		return purl{}, err
	}
	return purl{Type: p.Type, Namespace: p.Namespace, Name: p.Name, Version: p.Version, Qualifiers: p.Qualifiers}, nil
}
