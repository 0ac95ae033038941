package spdx

import (
	"errors"
	"net/url"
	"strings"
)

// purl is a parsed Package URL: the parts this package needs to map an
// SPDX purl external reference back to an sbom.Package.
type purl struct {
	typ, namespace, name, version string
	qualifiers                    map[string]string
}

// parsePURL reads a Package URL as the purl specification writes it:
// pkg:type/namespace/name@version?qualifiers#subpath, with
// percent-encoded components. It is the minimal reader this package
// needs; sbom, the home of packageurl-go, has none yet.
func parsePURL(s string) (purl, error) {
	var p purl
	rest, ok := cutPrefixFold(s, "pkg:")
	if !ok {
		return p, errors.New("purl: no pkg: scheme")
	}
	rest, _, _ = strings.Cut(rest, "#")
	rest, query, _ := strings.Cut(rest, "?")
	if query != "" {
		p.qualifiers = map[string]string{}
		for _, kv := range strings.Split(query, "&") {
			k, v, _ := strings.Cut(kv, "=")
			uv, err := url.PathUnescape(v)
			if err != nil {
				return p, errors.New("purl: bad qualifier " + k)
			}
			p.qualifiers[strings.ToLower(k)] = uv
		}
	}
	rest = strings.Trim(rest, "/")
	typ, rest, ok := strings.Cut(rest, "/")
	if !ok || typ == "" {
		return p, errors.New("purl: no type")
	}
	p.typ = strings.ToLower(typ)
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		v, err := url.PathUnescape(rest[i+1:])
		if err != nil {
			return p, errors.New("purl: bad version")
		}
		p.version, rest = v, rest[:i]
	}
	segs := strings.Split(strings.Trim(rest, "/"), "/")
	for i, seg := range segs {
		u, err := url.PathUnescape(seg)
		if err != nil {
			return p, errors.New("purl: bad name or namespace")
		}
		segs[i] = u
	}
	p.name = segs[len(segs)-1]
	if p.name == "" {
		return p, errors.New("purl: no name")
	}
	p.namespace = strings.Join(segs[:len(segs)-1], "/")
	return p, nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
