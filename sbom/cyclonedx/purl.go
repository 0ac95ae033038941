package cyclonedx

import (
	"errors"
	"net/url"
	"strings"
)

// purl is a parsed Package URL: the parts Decode needs.
type purl struct {
	Type, Namespace, Name, Version string
	Qualifiers                     map[string]string
}

// parsePURL is a minimal Package URL parser (purl-spec: scheme, type,
// namespace, name, version, qualifiers; the subpath is dropped). It is
// local because packageurl-go's home is package sbom; see the report
// proposing sbom.ParsePackageURL.
func parsePURL(s string) (purl, error) {
	var p purl
	rest, ok := strings.CutPrefix(s, "pkg:")
	if !ok {
		return p, errors.New("not a Package URL: no pkg: scheme")
	}
	rest, _, _ = strings.Cut(rest, "#")
	rest, query, _ := strings.Cut(rest, "?")
	rest = strings.TrimLeft(rest, "/")
	typ, rest, ok := strings.Cut(rest, "/")
	if !ok || typ == "" {
		return p, errors.New("not a Package URL: no type")
	}
	p.Type = strings.ToLower(typ)
	rest = strings.TrimRight(rest, "/")
	if i := strings.LastIndexByte(rest, '@'); i >= 0 && i > strings.LastIndexByte(rest, '/') {
		v, err := url.PathUnescape(rest[i+1:])
		if err != nil {
			return p, err
		}
		p.Version, rest = v, rest[:i]
	}
	ns, name := "", rest
	if i := strings.LastIndexByte(rest, '/'); i >= 0 {
		ns, name = rest[:i], rest[i+1:]
	}
	var err error
	if p.Name, err = url.PathUnescape(name); err != nil {
		return p, err
	}
	if p.Name == "" {
		return p, errors.New("not a Package URL: no name")
	}
	if p.Namespace, err = url.PathUnescape(ns); err != nil {
		return p, err
	}
	for kv := range strings.SplitSeq(query, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if k == "" {
			continue
		}
		if v, err = url.PathUnescape(v); err != nil {
			return p, err
		}
		if p.Qualifiers == nil {
			p.Qualifiers = map[string]string{}
		}
		p.Qualifiers[strings.ToLower(k)] = v
	}
	return p, nil
}
