package spdx

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/loadline/loadline/sbom"
	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	v23 "github.com/spdx/tools-golang/spdx/v2/v2_3"
	"github.com/spdx/tools-golang/tagvalue"
)

// Format is an SPDX serialization. The zero value is JSON.
type Format int

const (
	// JSON is SPDX 2.3 JSON.
	JSON Format = iota
	// TagValue is SPDX 2.3 tag-value.
	TagValue
)

// Options configure Encode. The zero value works: JSON, created now,
// namespace derived from the content.
type Options struct {
	// Format is the serialization to write; the zero value is JSON.
	Format Format
	// Created is the document's creationInfo.created and the date of
	// every annotation. The zero value means time.Now().UTC() truncated
	// to seconds; set it for reproducible output.
	Created time.Time
	// Namespace is the documentNamespace. "" derives it from the content:
	// "https://spdx.org/spdxdocs/loadline/" + the source name (characters
	// outside letters, digits, "." and "-" replaced by "-") + "-" + the
	// first 32 hex digits of the SHA-256 of the inventory's JSON form.
	// The same inventory so gives the same namespace, whatever Created.
	Namespace string
}

const (
	annPrefix   = "loadline:"
	toolName    = "loadline"
	noAssertion = "NOASSERTION"
	rootID      = "Image"
	osID        = "OperatingSystem"
	timeLayout  = "2006-01-02T15:04:05Z"
)

// Encode writes inv to w as an SPDX 2.3 document in opts.Format. It
// does not modify inv. The document describes the image: a root package
// (SPDXRef-Image, primaryPackagePurpose CONTAINER) named after
// inv.Source.Name, with the manifest digest as its version; the distro
// as a package with primaryPackagePurpose OPERATING-SYSTEM
// (SPDXRef-OperatingSystem); then one package per inventory package, in
// inventory order. What SPDX has no field for is kept in annotations
// (annotator "Tool: loadline", type OTHER, dated Created) whose comments
// read "loadline:KEY=VALUE", so that Decode gives back the inventory
// exactly; the package documentation lists them. Output is
// deterministic: the same inventory and Options give byte-identical
// documents. Encode is safe for concurrent use.
func Encode(w io.Writer, inv *sbom.Inventory, opts Options) error {
	if inv == nil {
		inv = &sbom.Inventory{}
	}
	doc, err := document(inv, opts)
	if err != nil {
		return err
	}
	switch opts.Format {
	case JSON:
		for _, p := range doc.Packages {
			// The JSON schema spells the purposes with "_".
			p.PrimaryPackagePurpose = strings.ReplaceAll(p.PrimaryPackagePurpose, "-", "_")
		}
		err = spdxjson.Write(doc, w, spdxjson.Indent("  "), spdxjson.EscapeHTML(false))
	case TagValue:
		// Tag-value has no package-level annotations: each one is a
		// document annotation naming its package (SPDXREF).
		for _, p := range doc.Packages {
			for _, a := range p.Annotations {
				a.AnnotationSPDXIdentifier = common.MakeDocElementID("", string(p.PackageSPDXIdentifier))
				doc.Annotations = append(doc.Annotations, &a)
			}
			p.Annotations = nil
		}
		err = tagvalue.Write(doc, w)
	default:
		return fmt.Errorf("spdx: unknown format %d", opts.Format)
	}
	if err != nil {
		return fmt.Errorf("spdx: encode: %w", err)
	}
	return nil
}

// encoder holds the state of one Encode call.
type encoder struct {
	date    string
	ids     map[string]bool   // SPDX license identifiers, lowercased
	used    map[string]bool   // element IDs handed out
	refs    map[string]string // license text -> LicenseRef id
	others  []*v23.OtherLicense
	texts   map[string]string // LicenseRef id -> extracted text
	byPURL  map[string]string // PURL -> element ID of its first package
	sources map[string]string // source package key -> element ID
	rels    []*v23.Relationship
	srcPkgs []*v23.Package
}

func document(inv *sbom.Inventory, opts Options) (*v23.Document, error) {
	created := opts.Created
	if created.IsZero() {
		created = time.Now()
	}
	created = created.UTC().Truncate(time.Second)
	e := &encoder{
		date:    created.Format(timeLayout),
		ids:     licenseIDs(),
		used:    map[string]bool{"DOCUMENT": true, rootID: true, osID: true},
		refs:    map[string]string{},
		texts:   map[string]string{},
		byPURL:  map[string]string{},
		sources: map[string]string{},
	}
	src := inv.Source
	if src == nil {
		src = &sbom.Source{}
	}
	ns := opts.Namespace
	if ns == "" {
		b, err := json.Marshal(inv)
		if err != nil {
			return nil, fmt.Errorf("spdx: encode: %w", err)
		}
		sum := sha256.Sum256(b)
		ns = "https://spdx.org/spdxdocs/loadline/" + sanitizeID(src.Name) + "-" + hex.EncodeToString(sum[:16])
	}
	name := src.Name
	if !safe(name) {
		name = "loadline inventory"
	}

	root := e.rootPackage(inv, src)
	e.rels = append(e.rels, rel("DOCUMENT", rootID, common.TypeRelationshipDescribe))
	pkgs := []*v23.Package{root}
	if inv.Distro != nil {
		pkgs = append(pkgs, e.osPackage(inv.Distro))
		e.rels = append(e.rels, rel(rootID, osID, common.TypeRelationshipContains))
	}

	// IDs first, so that DEPENDS_ON can name any package.
	ids := make([]string, len(inv.Packages))
	for i, p := range inv.Packages {
		ids[i] = e.id("Package-"+p.Type+"-"+p.Name, packageKey(p))
		if _, ok := e.byPURL[p.PURL]; !ok && p.PURL != "" {
			e.byPURL[p.PURL] = ids[i]
		}
	}
	for i, p := range inv.Packages {
		sp := e.pkg(p, ids[i])
		pkgs = append(pkgs, sp)
		e.rels = append(e.rels, rel(rootID, ids[i], common.TypeRelationshipContains))
		if p.Origin != nil {
			e.rels = append(e.rels, rel(ids[i], e.source(p), common.TypeRelationshipGeneratedFrom))
		}
		deps := slices.Clone(p.DependsOn)
		slices.Sort(deps)
		for _, d := range deps {
			if to, ok := e.byPURL[d]; ok {
				e.rels = append(e.rels, rel(ids[i], to, common.TypeRelationshipDependsOn))
			} else {
				e.annotate(sp, "dependsOn", str(d))
			}
		}
	}
	pkgs = append(pkgs, e.srcPkgs...)
	slices.SortFunc(e.others, func(a, b *v23.OtherLicense) int { return strings.Compare(a.LicenseIdentifier, b.LicenseIdentifier) })

	return &v23.Document{
		SPDXVersion:       v23.Version,
		DataLicense:       v23.DataLicense,
		SPDXIdentifier:    "DOCUMENT",
		DocumentName:      name,
		DocumentNamespace: ns,
		CreationInfo: &v23.CreationInfo{
			Creators: []common.Creator{{CreatorType: "Tool", Creator: toolName}},
			Created:  e.date,
		},
		Packages:      pkgs,
		OtherLicenses: e.others,
		Relationships: e.rels,
	}, nil
}

func rel(a, b, typ string) *v23.Relationship {
	return &v23.Relationship{
		RefA:         common.MakeDocElementID("", a),
		RefB:         common.MakeDocElementID("", b),
		Relationship: typ,
	}
}

// id returns a new element ID: "SPDXRef-" + prefix made an idstring +
// "-" + 8 hex digits of key's SHA-256, with "-2", "-3"... when taken.
func (e *encoder) id(prefix, key string) string {
	sum := sha256.Sum256([]byte(key))
	base := sanitizeID(prefix)
	if len(base) > 80 {
		base = base[:80]
	}
	base += "-" + hex.EncodeToString(sum[:4])
	id := base
	for n := 2; e.used[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	e.used[id] = true
	return id
}

func packageKey(p sbom.Package) string {
	return strings.Join([]string{p.Type, p.Namespace, p.Name, p.Version, p.Arch, p.PURL, p.Layer, first(p.Evidence)}, "\x00")
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func (e *encoder) newPackage(id, name, version, purpose string) *v23.Package {
	if !safe(name) {
		name = noAssertion
	}
	if !safe(version) {
		version = ""
	}
	return &v23.Package{
		PackageName:               name,
		PackageSPDXIdentifier:     common.ElementID(id),
		PackageVersion:            version,
		PackageDownloadLocation:   noAssertion,
		FilesAnalyzed:             false,
		IsFilesAnalyzedTagPresent: true,
		PrimaryPackagePurpose:     purpose,
	}
}

func (e *encoder) rootPackage(inv *sbom.Inventory, src *sbom.Source) *v23.Package {
	p := e.newPackage(rootID, src.Name, src.Digest, "CONTAINER")
	if orEmpty(p.PackageName) != src.Name {
		e.annotate(p, "name", str(src.Name))
	}
	if p.PackageVersion != src.Digest || (src.Digest != "" && !isDigest(src.Digest)) {
		e.annotate(p, "digest", str(src.Digest))
	}
	e.annotateSet(p, "configDigest", src.ConfigDigest)
	e.annotateSet(p, "platform", src.Platform)
	for _, l := range inv.Layers {
		e.annotate(p, "imageLayer", obj(l))
	}
	for _, pr := range inv.Problems {
		e.annotate(p, "problem", obj(pr))
	}
	return p
}

func (e *encoder) osPackage(d *sbom.Distro) *v23.Package {
	p := e.newPackage(osID, d.ID, d.VersionID, "OPERATING-SYSTEM")
	e.annotate(p, "distro", obj(d))
	return p
}

// source returns the element ID of the source package p was built from,
// adding the package (primaryPackagePurpose SOURCE) the first time.
func (e *encoder) source(p sbom.Package) string {
	key := strings.Join([]string{p.Type, p.Namespace, p.Origin.Name, p.Origin.Version}, "\x00")
	if id, ok := e.sources[key]; ok {
		return id
	}
	id := e.id("Source-"+p.Type+"-"+p.Origin.Name, key)
	e.sources[key] = id
	e.srcPkgs = append(e.srcPkgs, e.newPackage(id, p.Origin.Name, p.Origin.Version, "SOURCE"))
	return id
}

func (e *encoder) pkg(p sbom.Package, id string) *v23.Package {
	sp := e.newPackage(id, p.Name, p.Version, "")
	if p.PURL != "" && safeRef(p.PURL) {
		sp.PackageExternalReferences = append(sp.PackageExternalReferences, &v23.PackageExternalReference{
			Category: common.CategoryPackageManager, RefType: common.TypePackageManagerPURL, Locator: p.PURL,
		})
	}
	cpesOK := true
	for _, c := range p.CPEs {
		cpesOK = cpesOK && safeRef(c)
	}
	if cpesOK {
		for _, c := range p.CPEs {
			typ := common.TypeSecurityCPE23Type
			if strings.HasPrefix(c, "cpe:/") {
				typ = common.TypeSecurityCPE22Type
			}
			sp.PackageExternalReferences = append(sp.PackageExternalReferences, &v23.PackageExternalReference{
				Category: common.CategorySecurity, RefType: typ, Locator: c,
			})
		}
	}
	sp.PackageLicenseDeclared = e.licenses(p.Licenses)
	if p.Vendor != "" && safeSupplier(p.Vendor) {
		sp.PackageSupplier = &common.Supplier{SupplierType: "Organization", Supplier: p.Vendor}
	}
	var odd map[string]string // hashes SPDX has no checksum for
	for _, alg := range slices.Sorted(maps.Keys(p.Hashes)) {
		v := p.Hashes[alg]
		if a, ok := spdxAlg(alg); ok && isHex(v) {
			sp.PackageChecksums = append(sp.PackageChecksums, common.Checksum{Algorithm: a, Value: v})
		} else {
			if odd == nil {
				odd = map[string]string{}
			}
			odd[alg] = v
		}
	}

	// What the document says of the package as Decode reads it, before
	// annotations: where it differs from p, an annotation says p's value.
	d := e.derive(sp)
	for _, f := range []struct {
		key       string
		got, want string
	}{
		{"type", d.Type, p.Type},
		{"namespace", d.Namespace, p.Namespace},
		{"name", d.Name, p.Name},
		{"version", d.Version, p.Version},
		{"purl", d.PURL, p.PURL},
		{"vendor", d.Vendor, p.Vendor},
	} {
		if f.got != f.want {
			e.annotate(sp, f.key, str(f.want))
		}
	}
	if p.Arch != "" || d.Arch != p.Arch {
		e.annotate(sp, "arch", str(p.Arch))
	}
	if !slices.Equal(d.CPEs, p.CPEs) {
		e.annotate(sp, "cpes", obj(p.CPEs))
	}
	if !slices.Equal(d.Licenses, p.Licenses) {
		e.annotate(sp, "licenses", obj(p.Licenses))
	}
	if (d.Hashes == nil) != (p.Hashes == nil) && len(odd) == 0 {
		e.annotate(sp, "hashes", obj(p.Hashes)) // an empty, non-nil map
	}
	for _, alg := range slices.Sorted(maps.Keys(odd)) {
		e.annotate(sp, "hash", obj(map[string]string{alg: odd[alg]}))
	}
	if p.Origin != nil || d.Origin != nil {
		e.annotate(sp, "origin", obj(p.Origin)) // "null" when the purl names an upstream p has not
	}
	e.annotateSet(sp, "layer", p.Layer)
	e.annotateSet(sp, "lastLayer", p.LastLayer)
	for _, ev := range p.Evidence {
		e.annotate(sp, "evidence", str(ev))
	}
	for _, f := range p.Files {
		e.annotate(sp, "file", str(f))
	}
	e.annotateSet(sp, "ownedBy", p.OwnedBy)
	for _, k := range slices.Sorted(maps.Keys(p.Metadata)) {
		e.annotate(sp, "metadata", obj(map[string]string{k: p.Metadata[k]}))
	}
	if p.DependsOn != nil && len(p.DependsOn) == 0 {
		e.annotate(sp, "dependsOn", "[]") // an empty, non-nil list
	}
	return sp
}

// derive is Decode's reading of one package, without annotations or
// relationships.
func (e *encoder) derive(sp *v23.Package) sbom.Package {
	return fromSPDX(sp, e.texts, nil)
}

// licenses returns the licenseDeclared expression for a package's
// licenses: each one as written when it is an SPDX expression (in
// parentheses when compound), else a LicenseRef- whose extracted text is
// the license as written, all joined with AND; NOASSERTION when there
// are none.
func (e *encoder) licenses(ls []string) string {
	if len(ls) == 0 {
		return noAssertion
	}
	terms := make([]string, len(ls))
	for i, l := range ls {
		switch {
		case isExpression(l, e.ids) && !strings.ContainsAny(l, " ()"):
			terms[i] = l
		case isExpression(l, e.ids):
			terms[i] = "(" + l + ")"
		default:
			terms[i] = e.ref(l)
		}
	}
	return strings.Join(terms, " AND ")
}

// ref returns the LicenseRef for license text l, adding it to the
// document's extracted licenses the first time.
func (e *encoder) ref(l string) string {
	if id, ok := e.refs[l]; ok {
		return id
	}
	base := "LicenseRef-" + sanitizeID(l)
	id := base
	for n := 2; e.texts[id] != ""; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	e.refs[l] = id
	text := l
	if !safe(text) {
		// extractedText must not be empty, and tag-value trims it:
		// the package's licenses annotation keeps l.
		text = noAssertion
	}
	e.texts[id] = text
	e.others = append(e.others, &v23.OtherLicense{LicenseIdentifier: id, ExtractedText: text, LicenseName: text})
	return id
}

func (e *encoder) annotate(p *v23.Package, key, value string) {
	p.Annotations = append(p.Annotations, v23.Annotation{
		Annotator:         common.Annotator{AnnotatorType: "Tool", Annotator: toolName},
		AnnotationDate:    e.date,
		AnnotationType:    "OTHER",
		AnnotationComment: annPrefix + key + "=" + value,
	})
}

// annotateSet annotates p with a string field that is set (not "").
func (e *encoder) annotateSet(p *v23.Package, key, value string) {
	if value != "" {
		e.annotate(p, key, str(value))
	}
}

// str is an annotation value for a string: the string itself when it is
// safe on one line and does not start with a quote, else its JSON form.
func str(s string) string {
	if (safe(s) || s == "") && !strings.HasPrefix(s, `"`) && !strings.HasPrefix(s, "[") {
		return s
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// obj is an annotation value for a structured field: its JSON form.
func obj(v any) string {
	b, _ := json.Marshal(v) // model types and string maps always marshal
	return string(b)
}

// safe reports whether s survives every field of both formats as
// written: non-empty, no control characters, no surrounding space, no
// tag-value <text> markers.
func safe(s string) bool {
	if s == "" || strings.TrimSpace(s) != s || strings.Contains(s, "<text>") || strings.Contains(s, "</text>") {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\ufffd' {
			return false
		}
	}
	return true
}

// safeRef reports whether s can be an external reference locator, which
// tag-value writes between spaces.
func safeRef(s string) bool {
	return safe(s) && !strings.ContainsAny(s, " \t")
}

// safeSupplier reports whether s survives tools-golang's reading of a
// supplier, which does not unescape JSON.
func safeSupplier(s string) bool {
	return safe(s) && !strings.ContainsAny(s, `"\`) && s != noAssertion
}

func isHex(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// algs pairs sbom.Package.Hashes algorithm names (CycloneDX's) with
// SPDX checksum algorithms.
func algs() [][2]string {
	return [][2]string{
		{"MD5", string(common.MD5)},
		{"SHA-1", string(common.SHA1)},
		{"SHA-224", string(common.SHA224)},
		{"SHA-256", string(common.SHA256)},
		{"SHA-384", string(common.SHA384)},
		{"SHA-512", string(common.SHA512)},
		{"SHA3-256", string(common.SHA3_256)},
		{"SHA3-384", string(common.SHA3_384)},
		{"SHA3-512", string(common.SHA3_512)},
		{"BLAKE2b-256", string(common.BLAKE2b_256)},
		{"BLAKE2b-384", string(common.BLAKE2b_384)},
		{"BLAKE2b-512", string(common.BLAKE2b_512)},
		{"BLAKE3", string(common.BLAKE3)},
	}
}

// spdxAlg returns the SPDX checksum algorithm for a Hashes key.
func spdxAlg(alg string) (common.ChecksumAlgorithm, bool) {
	for _, a := range algs() {
		if a[0] == alg {
			return common.ChecksumAlgorithm(a[1]), true
		}
	}
	return "", false
}

// hashAlg returns the Hashes key for an SPDX checksum algorithm: the
// CycloneDX name where there is one, else the SPDX name.
func hashAlg(alg common.ChecksumAlgorithm) string {
	for _, a := range algs() {
		if a[1] == string(alg) {
			return a[0]
		}
	}
	return string(alg)
}
