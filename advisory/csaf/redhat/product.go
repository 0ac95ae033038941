package redhat

import (
	"net/url"
	"strings"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/csaf"
)

// rhelProducts are the CPE products of Red Hat Enterprise Linux itself:
// the mainline and its extended-support streams. Every other Red Hat
// product is layered on RHEL (OpenShift, Satellite, JBoss, ...).
var rhelProducts = map[string]bool{
	"enterprise_linux":      true,
	"rhel_eus":              true,
	"rhel_aus":              true,
	"rhel_e4s":              true,
	"rhel_tus":              true,
	"rhel_els":              true,
	"rhel_eus_long_life":    true,
	"rhel_mission_critical": true,
}

// releaseOf returns the release a Red Hat platform CPE names: "rhel" and
// the major version for RHEL and its extended-support streams
// ("cpe:/o:redhat:enterprise_linux:9::baseos" and
// "cpe:/a:redhat:rhel_eus:9.0::appstream" are both rhel/9, as
// advisory.ReleaseOf keys an image's os-release "rhel" "9.4"); "redhat"
// and the CPE after its vendor for a layered product
// ("cpe:/a:redhat:openshift:4.16::el9" is redhat/openshift:4.16::el9, as
// advisory/osv keys Red Hat's OSV ecosystems), which no image's
// os-release names. It reports false for a CPE that is not Red Hat's.
func releaseOf(cpe string) (advisory.Release, bool) {
	var fields []string
	switch {
	case strings.HasPrefix(cpe, "cpe:/"):
		fields = strings.Split(strings.TrimPrefix(cpe, "cpe:/"), ":")
	case strings.HasPrefix(cpe, "cpe:2.3:"):
		fields = strings.Split(strings.TrimPrefix(cpe, "cpe:2.3:"), ":")
		for len(fields) > 0 && (fields[len(fields)-1] == "*" || fields[len(fields)-1] == "-") {
			fields = fields[:len(fields)-1]
		}
	default:
		return advisory.Release{}, false
	}
	if len(fields) < 3 || fields[1] != "redhat" || fields[2] == "" {
		return advisory.Release{}, false
	}
	product, version := fields[2], ""
	if len(fields) > 3 {
		version = fields[3]
	}
	if rhelProducts[product] {
		if version == "" {
			return advisory.Release{}, false
		}
		return advisory.ReleaseOf("rhel", version), true
	}
	return advisory.Release{Distro: "redhat", Version: strings.Join(fields[2:], ":")}, true
}

// extendedStream reports whether a platform CPE names one of RHEL's
// extended-support streams (EUS, AUS, E4S, TUS, ELS...), not its
// mainline.
func extendedStream(cpe string) bool {
	return rhelCPE(cpe) && !strings.Contains(cpe, ":redhat:enterprise_linux:")
}

// rhelCPE reports whether a platform CPE names RHEL or one of its
// extended-support streams.
func rhelCPE(cpe string) bool {
	for p := range rhelProducts {
		if strings.Contains(cpe, ":redhat:"+p+":") {
			return true
		}
	}
	return false
}

// pkg is what an Affected entry needs of one product: its package.
type pkg struct {
	typ    string // the PURL type: "rpm", "oci", "maven", ...; "rpm" for a NEVRA in a product ID
	name   string
	evr    string // "[epoch:]version-release", "" for an unversioned product
	module string // "name:stream" for a modular rpm
}

// packageOf returns the package of a product: from its PURL (its own or,
// for a relationship product, its component's), else from the NEVRA in
// its component's product ID. The module stream comes from the PURL's
// rpmmod qualifier, else from a module product the rpm is a component
// of, else from the ".rpm-name:stream" suffix of older product IDs.
func packageOf(doc *csaf.Document, p *csaf.Product) (pkg, bool) {
	var k pkg
	id := p.ID
	if p.Relationship != "" {
		id = p.Component
	}
	id, idModule := cutModuleSuffix(id)
	if p.PURL != "" {
		typ, name, ver, q, ok := parsePURL(p.PURL)
		if !ok {
			return pkg{}, false
		}
		k = pkg{typ: typ, name: name, evr: ver}
		if typ == "rpm" {
			if e := q.Get("epoch"); e != "" && e != "0" && ver != "" {
				k.evr = e + ":" + ver
			}
			k.module = moduleStream(q.Get("rpmmod"))
		}
	} else {
		name, evr, ok := parseNEVRA(id)
		if !ok {
			return pkg{}, false
		}
		k = pkg{typ: "rpm", name: name, evr: evr}
	}
	if k.typ != "rpm" {
		return k, true
	}
	if k.module == "" {
		k.module = platformModule(doc, p)
	}
	if k.module == "" {
		k.module = idModule
	}
	return k, true
}

// platformModule returns the module stream of the module product a
// relationship product's platform is, if it is one.
func platformModule(doc *csaf.Document, p *csaf.Product) string {
	for range 8 {
		if p.Relationship == "" {
			return ""
		}
		q := doc.Products[p.Platform]
		if q == nil || q.Relationship == "" {
			return ""
		}
		if c := doc.Products[q.Component]; c != nil {
			if typ, name, ver, _, ok := parsePURL(c.PURL); ok && typ == "rpmmod" {
				stream, _, _ := strings.Cut(ver, ":")
				return name + ":" + stream
			}
		}
		p = q
	}
	return ""
}

// moduleStream returns "name:stream" of an rpmmod qualifier
// ("ruby:2.7:8080020230427102918:63b34585").
func moduleStream(rpmmod string) string {
	parts := strings.SplitN(rpmmod, ":", 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return ""
	}
	return parts[0] + ":" + parts[1]
}

// cutModuleSuffix splits the ".rpm-name:stream" suffix off an older
// modular product ID ("ruby-2.7.8-139.module+el8.8.0+18745+f1bef313.aarch64.rpm-ruby:2.7").
func cutModuleSuffix(id string) (string, string) {
	i := strings.LastIndex(id, ".rpm-")
	if i < 0 || !strings.Contains(id[i:], ":") {
		return id, ""
	}
	return id[:i], moduleStream(id[i+len(".rpm-"):])
}

// arches are the rpm architectures that end a NEVRA in a product ID.
var arches = map[string]bool{
	"src": true, "noarch": true, "x86_64": true, "i386": true, "i486": true, "i586": true, "i686": true,
	"athlon": true, "ia64": true, "aarch64": true, "ppc": true, "ppc64": true, "ppc64le": true,
	"ppc64p7": true, "s390": true, "s390x": true, "armv7hl": true,
}

// parseNEVRA reads a product ID's package: "name-[epoch:]version-release.arch"
// gives the name and "[epoch:]version-release" (without an epoch of 0);
// "name.arch" and a bare "name" give the name alone. The ID's platform
// prefix must be cut off first.
func parseNEVRA(s string) (name, evr string, ok bool) {
	if s == "" || strings.ContainsAny(s, " /") {
		return "", "", false
	}
	dot := strings.LastIndexByte(s, '.')
	if dot < 0 || !arches[s[dot+1:]] {
		return s, "", true // a bare name
	}
	nevr := s[:dot]
	r := strings.LastIndexByte(nevr, '-')
	if r < 0 {
		return nevr, "", nevr != "" // "name.arch"
	}
	v := strings.LastIndexByte(nevr[:r], '-')
	if v < 0 {
		return nevr, "", false
	}
	name, ver, rel := nevr[:v], nevr[v+1:r], nevr[r+1:]
	if name == "" || ver == "" || rel == "" {
		return "", "", false
	}
	ver = strings.TrimPrefix(ver, "0:")
	return name, ver + "-" + rel, true
}

// parsePURL splits a Package URL into its type, name, version and
// qualifiers; the namespace and subpath are dropped. It reports false for
// a string that is not a PURL.
func parsePURL(s string) (typ, name, version string, q url.Values, ok bool) {
	rest, found := strings.CutPrefix(s, "pkg:")
	if !found {
		return "", "", "", nil, false
	}
	rest, _, _ = strings.Cut(rest, "#")
	rest, query, _ := strings.Cut(rest, "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", "", "", nil, false
	}
	typ, rest, found = strings.Cut(strings.TrimLeft(rest, "/"), "/")
	if !found || typ == "" {
		return "", "", "", nil, false
	}
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		rest, version = rest[:at], rest[at+1:]
		if version, err = url.PathUnescape(version); err != nil {
			return "", "", "", nil, false
		}
	}
	if i := strings.LastIndexByte(rest, '/'); i >= 0 {
		rest = rest[i+1:]
	}
	if name, err = url.PathUnescape(rest); err != nil || name == "" {
		return "", "", "", nil, false
	}
	return strings.ToLower(typ), name, version, q, true
}
