package vex

import (
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
)

// Finding is what matching asks a VEX index about: a vulnerability found
// in a package, and what the package is part of.
type Finding struct {
	// Vulnerability and Aliases are the finding's IDs; a statement
	// applies when its vulnerability or one of its aliases equals one of
	// them (ASCII case ignored).
	Vulnerability string
	Aliases       []string
	// PURL is the package's Package URL.
	PURL string
	// Products identify what the package is part of, for statements
	// about a product as a whole or scoped to its subcomponents: the
	// image's manifest digest ("sha256:..."), its pkg:oci PURL, the PURL
	// of the application or main module that includes the package, the
	// distro's CPE (os-release CPE_NAME, "cpe:/o:redhat:enterprise_linux:9::baseos"),
	// which CSAF statements about a platform's components are scoped to.
	Products []string
}

// Index answers which statement applies to a finding, over the
// statements of any number of documents. Build it with NewIndex; it is
// not modified after and is safe for concurrent use. A nil *Index has no
// statements.
type Index struct {
	entries []entry
	byID    map[string][]int // upper-cased vulnerability ID or alias -> entries
}

type entry struct {
	s     Statement
	order int // position across all documents, for ties in time
	prods []product
	// byName maps the name key (see nameKey) of each PURL a product
	// names, itself or as a subcomponent, and byID each other ID it
	// names, to the products that can apply only to a package or product
	// named so; other lists the rest, which Lookup always looks at
	// (images, CPEs).
	byName map[string][]int
	byID   map[string][]int
	other  []int
}

// nameKey keys a PURL by type, namespace and name, folded as purlCovers
// compares them.
func nameKey(p *sbom.PURLParts) string {
	ns, name := p.Namespace, p.Name
	switch {
	case p.Type == "pypi":
		ns, name = pep503(ns), pep503(name)
	case caseless[p.Type]:
		ns, name = strings.ToLower(ns), strings.ToLower(name)
	}
	return p.Type + "/" + ns + "/" + name
}

// index fills byName, byID and other.
func (e *entry) index() {
	e.byName, e.byID = map[string][]int{}, map[string][]int{}
	add := func(m map[string][]int, k string, i int) {
		if !slices.Contains(m[k], i) {
			m[k] = append(m[k], i)
		}
	}
	for i := range e.prods {
		p := &e.prods[i]
		// The components whose naming decides: the product itself, or
		// its subcomponents. A pkg:oci PURL also covers its digest, and
		// a component without PURL may be known by CPE: those products
		// are looked at every time.
		cs := p.subs
		if len(cs) == 0 {
			cs = []component{{Component: p.Component, purl: p.purl}}
		}
		if slices.ContainsFunc(cs, func(c component) bool { return c.purl == nil || c.purl.Type == "oci" }) {
			e.other = append(e.other, i)
			continue
		}
		for _, c := range cs {
			add(e.byName, nameKey(c.purl), i)
			add(e.byID, c.PURL, i) // for a finding's PURL that does not parse but is the same string
			if c.ID != "" && c.ID != c.PURL {
				add(e.byID, c.ID, i)
			}
		}
	}
}

// product is a Product with its PURLs parsed once.
type product struct {
	Product
	purl *sbom.PURLParts
	subs []component
}

type component struct {
	Component
	purl *sbom.PURLParts
}

func parsed(c Component) component {
	out := component{Component: c}
	if c.PURL != "" {
		if p, err := sbom.ParsePackageURL(c.PURL); err == nil {
			out.purl = &p
		}
	}
	return out
}

// NewIndex indexes the statements of docs (nil documents are skipped).
// It copies what it keeps: the documents may change afterwards.
func NewIndex(docs ...*Document) *Index {
	ix := &Index{byID: map[string][]int{}}
	for _, d := range docs {
		if d == nil {
			continue
		}
		for _, s := range d.Statements {
			e := entry{s: cloneStatement(s), order: len(ix.entries)}
			for _, p := range s.Products {
				c := parsed(p.Component)
				pp := product{Product: p, purl: c.purl}
				for _, sc := range p.Subcomponents {
					pp.subs = append(pp.subs, parsed(sc))
				}
				e.prods = append(e.prods, pp)
			}
			e.index()
			n := len(ix.entries)
			ix.entries = append(ix.entries, e)
			for _, id := range append([]string{s.Vulnerability}, s.Aliases...) {
				k := strings.ToUpper(strings.TrimSpace(id))
				if k != "" && !slices.Contains(ix.byID[k], n) {
					ix.byID[k] = append(ix.byID[k], n)
				}
			}
		}
	}
	return ix
}

// Len returns the number of statements indexed.
func (ix *Index) Len() int {
	if ix == nil {
		return 0
	}
	return len(ix.entries)
}

// Lookup returns the statement that applies to f, and whether one does.
// A statement applies when it names f's vulnerability (by ID or alias)
// and one of its products covers the finding:
//
//   - a product without subcomponents covers f.PURL, or one of
//     f.Products (a statement about an image covers every package in it);
//   - a product with subcomponents covers one of f.Products, and one of
//     its subcomponents covers f.PURL.
//
// A component covers an identifier as the VEX specifications match
// products: a PURL covers a PURL of the same type, namespace and name
// whose version is its own (or any version when it has none), with every
// qualifier it has (it may have fewer) and its subpath if it has one; an
// image digest ("sha256:...") covers itself and a pkg:oci PURL at that
// digest; the CPE of a component without PURL covers a CPE of the same
// vendor, product and version (see cpeCovers: "cpe:/a:redhat:enterprise_linux:8" covers an image's
// "cpe:/o:redhat:enterprise_linux:8.6::baseos"); any other ID (a bom-ref,
// a BOM-Link, a CSAF product ID) covers the same ID. A CycloneDX product with versions covers a PURL of any version
// that they select (an exact version, or a vers range evaluated in its
// scheme's ordering), and nothing named without a version. Of several statements that apply, the
// latest (by Statement.Timestamp; at equal times the later one in
// document order, and documents in the order NewIndex was given them)
// wins, as OpenVEX's rule that a newer statement replaces an older
// one says. The statement returned shares its slices (products,
// aliases) with the index: read them, do not modify them.
func (ix *Index) Lookup(f Finding) (Statement, bool) {
	if ix == nil {
		return Statement{}, false
	}
	var fp *sbom.PURLParts
	if f.PURL != "" {
		if p, err := sbom.ParsePackageURL(f.PURL); err == nil {
			fp = &p
		}
	}
	prods := make([]ident, len(f.Products))
	for i, p := range f.Products {
		prods[i] = identOf(p)
	}
	pkg := ident{raw: f.PURL, purl: fp}
	best := -1
	seen := map[int]bool{}
	for _, id := range append([]string{f.Vulnerability}, f.Aliases...) {
		for _, n := range ix.byID[strings.ToUpper(strings.TrimSpace(id))] {
			if seen[n] {
				continue
			}
			seen[n] = true
			e := &ix.entries[n]
			if !e.applies(pkg, prods) {
				continue
			}
			if best < 0 || later(e, &ix.entries[best]) {
				best = n
			}
		}
	}
	if best < 0 {
		return Statement{}, false
	}
	return ix.entries[best].s, true
}

func later(a, b *entry) bool {
	if c := a.s.Timestamp.Compare(b.s.Timestamp); c != 0 {
		return c > 0
	}
	return a.order > b.order
}

// ident is an identifier a finding gives, parsed.
type ident struct {
	raw  string
	purl *sbom.PURLParts
}

func identOf(s string) ident {
	id := ident{raw: s}
	if strings.HasPrefix(s, "pkg:") {
		if p, err := sbom.ParsePackageURL(s); err == nil {
			id.purl = &p
		}
	}
	return id
}

func (e *entry) applies(pkg ident, prods []ident) bool {
	check := func(i int) bool { return e.applyProduct(i, pkg, prods) }
	for _, id := range append([]ident{pkg}, prods...) {
		if id.purl != nil && slices.ContainsFunc(e.byName[nameKey(id.purl)], check) {
			return true
		}
		if id.raw != "" && slices.ContainsFunc(e.byID[id.raw], check) {
			return true
		}
	}
	return slices.ContainsFunc(e.other, check)
}

// applyProduct reports whether product i covers the finding.
func (e *entry) applyProduct(i int, pkg ident, prods []ident) bool {
	p := &e.prods[i]
	if len(p.subs) == 0 {
		return p.names(pkg) || slices.ContainsFunc(prods, p.names)
	}
	if !slices.ContainsFunc(prods, p.names) {
		return false
	}
	for _, sc := range p.subs {
		if sc.covers(pkg, false) {
			return true
		}
	}
	return false
}

// names reports whether the product names what id names: at the
// versions its CycloneDX versions select, when it has them.
func (p *product) names(id ident) bool {
	self := component{Component: p.Component, purl: p.purl}
	if len(p.Versions) == 0 {
		return self.covers(id, false)
	}
	return self.covers(id, true) && p.selects(id)
}

// covers reports whether the component names what id names; anyVersion
// ignores the component's PURL version.
func (c *component) covers(id ident, anyVersion bool) bool {
	if id.raw == "" {
		return false
	}
	if c.ID == id.raw || c.PURL == id.raw {
		return true
	}
	if c.CPE != "" && c.PURL == "" && (c.CPE == id.raw || cpeCovers(c.CPE, id.raw)) {
		return true // a component known by its CPE alone; beside a PURL, a CPE names the platform
	}
	if c.purl != nil && id.purl != nil && purlCovers(c.purl, id.purl, anyVersion) {
		return true
	}
	d := id.raw
	if id.purl != nil && id.purl.Type == "oci" {
		d = id.purl.Version
	}
	if isDigest(d) {
		if c.ID == d || slices.Contains(c.Hashes, d) {
			return true
		}
		if c.purl != nil && c.purl.Type == "oci" && c.purl.Version == d && id.purl == nil {
			return true
		}
	}
	return false
}

// cpeCovers reports whether statement CPE s covers finding CPE f (CPE
// 2.2 URIs or 2.3 names, either): the same vendor and product, ASCII
// case ignored, and s's version, when it has one, equal to f's or a
// prefix of it at a dot ("8" covers "8.6"); the part (a, o, h) and the
// later fields are not compared, as a distro's CPEs differ there
// (Red Hat's cpe:/a:redhat:enterprise_linux:9::appstream and an image's
// cpe:/o:redhat:enterprise_linux:9::baseos name one release).
func cpeCovers(s, f string) bool {
	sv, sp, sver, ok1 := cpeFields(s)
	fv, fp, fver, ok2 := cpeFields(f)
	if !ok1 || !ok2 || !strings.EqualFold(sv, fv) || !strings.EqualFold(sp, fp) {
		return false
	}
	switch sver {
	case "", "*", "-":
		return true
	}
	return sver == fver || strings.HasPrefix(fver, sver+".")
}

// cpeFields returns a CPE's vendor, product and version.
func cpeFields(c string) (vendor, product, ver string, ok bool) {
	var fields []string
	switch {
	case strings.HasPrefix(c, "cpe:2.3:"):
		fields = strings.Split(c[len("cpe:2.3:"):], ":")
	case strings.HasPrefix(c, "cpe:/"):
		fields = strings.Split(c[len("cpe:/"):], ":")
	default:
		return "", "", "", false
	}
	for len(fields) < 4 {
		fields = append(fields, "")
	}
	return fields[1], fields[2], fields[3], fields[1] != "" && fields[2] != ""
}

// caseless are the PURL types whose names the purl specification
// declares case-insensitive.
var caseless = map[string]bool{"npm": true, "pypi": true, "github": true, "bitbucket": true, "composer": true, "hex": true}

// purlCovers reports whether statement PURL s covers finding PURL f;
// anyVersion ignores s's version.
func purlCovers(s, f *sbom.PURLParts, anyVersion bool) bool {
	if s.Type != f.Type {
		return false
	}
	eq := func(a, b string) bool { return a == b }
	if caseless[s.Type] {
		eq = strings.EqualFold
	}
	if s.Type == "pypi" {
		eq = func(a, b string) bool { return pep503(a) == pep503(b) }
	}
	if !eq(s.Namespace, f.Namespace) || !eq(s.Name, f.Name) {
		return false
	}
	if !anyVersion && s.Version != "" && s.Version != f.Version {
		return false
	}
	for k, v := range s.Qualifiers {
		if f.Qualifiers[k] != v {
			return false
		}
	}
	return s.Subpath == "" || s.Subpath == f.Subpath
}

// pep503 normalises a Python project name.
func pep503(s string) string {
	s = strings.ToLower(s)
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '.' {
			return '-'
		}
		return r
	}, s)
}

// isDigest reports whether s looks like "algorithm:hex" with a hex part
// of at least 32 characters.
func isDigest(s string) bool {
	alg, h, ok := strings.Cut(s, ":")
	if !ok || alg == "" || len(h) < 32 {
		return false
	}
	for _, c := range h {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// selects reports whether a CycloneDX product's versions select the
// finding's package version; a product without versions selects all.
func (p *product) selects(pkg ident) bool {
	if len(p.Versions) == 0 {
		return true
	}
	if pkg.purl == nil || pkg.purl.Version == "" {
		return false
	}
	v := pkg.purl.Version
	for _, x := range p.Versions {
		if x.Version != "" && x.Version == v {
			return true
		}
		if x.Range != "" && versIncludes(x.Range, pkg.purl.Type, v) {
			return true
		}
	}
	return false
}

func cloneStatement(s Statement) Statement {
	s.Aliases = slices.Clone(s.Aliases)
	s.Responses = slices.Clone(s.Responses)
	s.Products = slices.Clone(s.Products)
	for i := range s.Products {
		p := &s.Products[i]
		p.Hashes = slices.Clone(p.Hashes)
		p.Versions = slices.Clone(p.Versions)
		p.Subcomponents = slices.Clone(p.Subcomponents)
		for j := range p.Subcomponents {
			p.Subcomponents[j].Hashes = slices.Clone(p.Subcomponents[j].Hashes)
		}
	}
	return s
}
