package spdx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	v23 "github.com/spdx/tools-golang/spdx/v2/v2_3"
	"github.com/spdx/tools-golang/tagvalue"
)

// ErrNotSPDX is returned by Decode when the input is neither SPDX JSON
// (an object) nor SPDX tag-value (a SPDXVersion tag).
var ErrNotSPDX = errors.New("spdx: input is neither SPDX JSON nor tag-value")

// Decode reads an SPDX 2.2 or 2.3 document (2.1 too, as tools-golang
// reads it), JSON or tag-value, telling which from the content, and
// returns its inventory, sorted (sbom.Inventory.Sort). A document that
// Encode wrote gives back the encoded inventory field for field, except
// that Source.Kind is always "sbom".
//
// The package the document DESCRIBES, when it is an image
// (primaryPackagePurpose CONTAINER, a purl of type oci or docker, or
// Trivy's SPDXRef-ContainerImage-...), becomes Source: its name, its
// version as the manifest digest when it is one ("sha256:..."; else the
// version of an oci purl). Without one, Source.Name is the
// document name. The first OPERATING-SYSTEM package (or Trivy's
// SPDXRef-OperatingSystem-...) becomes Distro. A SOURCE package that
// another package is GENERATED_FROM becomes that package's Origin
// (else Trivy's sourceInfo "built package from: NAME VERSION", else the
// purl's upstream qualifier). Packages
// without a purl that CONTAIN other packages (Claircore's repositories)
// group packages and are left out. Every other package is an inventory
// package: Type, Namespace, Name, Version (for rpm, with the purl's
// epoch) and Arch from its purl external reference (of any category),
// else Name and Version from name and versionInfo, with Type guessed
// from Claircore's packageFileName ("deb" for a dpkg path, "rpm", "apk")
// and then Namespace the distro's ID ("redhat" for rhel); CPEs from cpe23Type
// and cpe22Type references; Licenses from licenseDeclared (else
// licenseConcluded) split at its top-level ANDs, LicenseRefs replaced by
// their extracted text; Vendor from the supplier; Hashes from the
// checksums; DependsOn from DEPENDS_ON (and DEPENDENCY_OF) relationships
// to packages with a purl; Layer from Trivy's "LayerDiffID:" attribution
// text; and the rest from loadline: annotations.
//
// Decode reads all of r into memory. It does not modify shared state
// and is safe for concurrent use.
//
// Errors: ErrNotSPDX; tools-golang's reading errors, wrapped; a
// loadline: annotation whose value does not parse. tools-golang is
// trusted not to panic, and a panic in it is returned as an error.
func Decode(r io.Reader) (inv *sbom.Inventory, err error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("spdx: read: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			inv, err = nil, fmt.Errorf("spdx: decode: tools-golang failed: %v", p)
		}
	}()
	var doc *v23.Document
	head := bytes.TrimLeft(data, " \t\r\n\ufeff")
	switch {
	case bytes.HasPrefix(head, []byte("{")):
		doc, err = spdxjson.Read(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("spdx: decode JSON: %w", err)
		}
	case bytes.Contains(data, []byte("SPDXVersion:")):
		doc, err = tagvalue.Read(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("spdx: decode tag-value: %w", err)
		}
	default:
		return nil, ErrNotSPDX
	}
	return fromDocument(doc)
}

// edge is a relationship between two elements of the document, turned
// the canonical way round (CONTAINED_BY as CONTAINS, and so on).
type edge struct{ from, typ, to string }

func edges(doc *v23.Document) []edge {
	var out []edge
	for _, r := range doc.Relationships {
		if r == nil || r.RefA.DocumentRefID != "" || r.RefB.DocumentRefID != "" {
			continue
		}
		a, b, typ := string(r.RefA.ElementRefID), string(r.RefB.ElementRefID), strings.ToUpper(strings.ReplaceAll(r.Relationship, "-", "_"))
		switch typ {
		case common.TypeRelationshipContainedBy:
			a, b, typ = b, a, common.TypeRelationshipContains
		case common.TypeRelationshipDescribeBy:
			a, b, typ = b, a, common.TypeRelationshipDescribe
		case common.TypeRelationshipGenerates:
			a, b, typ = b, a, common.TypeRelationshipGeneratedFrom
		case common.TypeRelationshipDependencyOf:
			a, b, typ = b, a, common.TypeRelationshipDependsOn
		}
		out = append(out, edge{a, typ, b})
	}
	return out
}

func fromDocument(doc *v23.Document) (*sbom.Inventory, error) {
	if doc == nil {
		return nil, ErrNotSPDX
	}
	docID := string(doc.SPDXIdentifier)
	if docID == "" {
		docID = "DOCUMENT"
	}
	anns := map[string][]string{} // element ID -> loadline: annotation comments
	for _, p := range doc.Packages {
		if p == nil {
			continue
		}
		for _, a := range p.Annotations {
			if c, ok := strings.CutPrefix(a.AnnotationComment, annPrefix); ok {
				anns[string(p.PackageSPDXIdentifier)] = append(anns[string(p.PackageSPDXIdentifier)], c)
			}
		}
	}
	for _, a := range doc.Annotations {
		if a == nil || a.AnnotationSPDXIdentifier.DocumentRefID != "" {
			continue
		}
		if c, ok := strings.CutPrefix(a.AnnotationComment, annPrefix); ok {
			id := string(a.AnnotationSPDXIdentifier.ElementRefID)
			anns[id] = append(anns[id], c)
		}
	}
	lic := map[string]string{}
	for _, o := range doc.OtherLicenses {
		if o != nil {
			lic[o.LicenseIdentifier] = o.ExtractedText
		}
	}
	es := edges(doc)
	isPkg := map[string]bool{}
	for _, p := range doc.Packages {
		if p != nil {
			isPkg[string(p.PackageSPDXIdentifier)] = true
		}
	}
	described, contains, genTargets := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, e := range es {
		switch e.typ {
		case common.TypeRelationshipDescribe:
			if e.from == docID {
				described[e.to] = true
			}
		case common.TypeRelationshipContains:
			contains[e.from] = contains[e.from] || isPkg[e.to] // Syft's packages CONTAIN files
		case common.TypeRelationshipGeneratedFrom:
			genTargets[e.to] = true
		}
	}

	inv := &sbom.Inventory{}
	var root, osPkg *v23.Package
	sources := map[string]*v23.Package{}
	var members []*v23.Package
	for _, p := range doc.Packages {
		if p == nil {
			continue
		}
		id := string(p.PackageSPDXIdentifier)
		ref, _ := purlRef(p)
		p.PrimaryPackagePurpose = strings.ReplaceAll(p.PrimaryPackagePurpose, "_", "-")
		switch {
		case root == nil && described[id] && isImage(p, ref):
			root = p
		case p.PrimaryPackagePurpose == "OPERATING-SYSTEM" || strings.HasPrefix(id, "OperatingSystem"):
			if osPkg == nil {
				osPkg = p
			}
		case p.PrimaryPackagePurpose == "SOURCE" && genTargets[id]:
			sources[id] = p
		case ref == "" && contains[id]:
			// a grouping: an image, distribution or repository
		default:
			members = append(members, p)
		}
	}

	src, err := sourceOf(doc, root, anns)
	if err != nil {
		return nil, err
	}
	inv.Source, inv.Layers, inv.Problems = src.source, src.layers, src.problems
	if osPkg != nil {
		d, err := distroOf(osPkg, anns[string(osPkg.PackageSPDXIdentifier)])
		if err != nil {
			return nil, err
		}
		inv.Distro = d
	}

	byID := map[string]int{}
	for _, p := range members {
		id := string(p.PackageSPDXIdentifier)
		byID[id] = len(inv.Packages)
		inv.Packages = append(inv.Packages, fromSPDX(p, lic, inv.Distro))
	}
	deps := map[string][]string{}
	origin := map[string]bool{}
	for _, e := range es {
		i, ok := byID[e.from]
		if !ok {
			continue
		}
		switch e.typ {
		case common.TypeRelationshipGeneratedFrom:
			if s, ok := sources[e.to]; ok && !origin[e.from] {
				origin[e.from] = true
				inv.Packages[i].Origin = &sbom.Origin{Name: orEmpty(s.PackageName), Version: s.PackageVersion}
			}
		case common.TypeRelationshipDependsOn:
			deps[e.from] = append(deps[e.from], e.to)
		}
	}
	for _, p := range members {
		id := string(p.PackageSPDXIdentifier)
		pkg := &inv.Packages[byID[id]]
		if err := applyPackage(pkg, anns[id]); err != nil {
			return nil, fmt.Errorf("spdx: package SPDXRef-%s: %w", id, err)
		}
	}
	for _, p := range members {
		id := string(p.PackageSPDXIdentifier)
		pkg := &inv.Packages[byID[id]]
		for _, to := range deps[id] {
			if j, ok := byID[to]; ok && inv.Packages[j].PURL != "" {
				pkg.DependsOn = append(pkg.DependsOn, inv.Packages[j].PURL)
			}
		}
		slices.Sort(pkg.DependsOn)
	}
	inv.Sort()
	return inv, nil
}

func isImage(p *v23.Package, ref string) bool {
	if p.PrimaryPackagePurpose == "CONTAINER" || strings.HasPrefix(string(p.PackageSPDXIdentifier), "ContainerImage") {
		return true
	}
	if u, err := parsePURL(ref); err == nil {
		return u.typ == "oci" || u.typ == "docker"
	}
	return false
}

// purlRef returns the first purl external reference of p.
func purlRef(p *v23.Package) (string, bool) {
	for _, r := range p.PackageExternalReferences {
		if r != nil && strings.EqualFold(r.RefType, common.TypePackageManagerPURL) {
			return r.Locator, true
		}
	}
	return "", false
}

func orEmpty(name string) string {
	if name == noAssertion {
		return ""
	}
	return name
}

// fromSPDX reads one package from what the document says of it, without
// loadline: annotations or relationships. lic maps LicenseRef ids to
// their extracted text; d, when not nil, gives the namespace of OS
// packages without a purl.
func fromSPDX(sp *v23.Package, lic map[string]string, d *sbom.Distro) sbom.Package {
	p := sbom.Package{Name: orEmpty(sp.PackageName), Version: sp.PackageVersion}
	if ref, ok := purlRef(sp); ok {
		p.PURL = ref
		if u, err := parsePURL(ref); err == nil {
			p.Type, p.Namespace, p.Name, p.Arch = u.typ, u.namespace, u.name, u.qualifiers["arch"]
			if u.version != "" {
				p.Version = u.version
				if e := u.qualifiers["epoch"]; u.typ == "rpm" && e != "" {
					p.Version = e + ":" + u.version
				}
			}
		}
	} else {
		fn := sp.PackageFileName
		switch {
		case strings.Contains(fn, "dpkg"):
			p.Type = "deb"
		case strings.Contains(fn, "rpm"):
			p.Type = "rpm"
		case strings.Contains(fn, "apk"):
			p.Type = "apk"
		}
		if p.Type != "" && d != nil {
			p.Namespace = d.ID
			if d.ID == "rhel" {
				p.Namespace = "redhat"
			}
		}
	}
	for _, r := range sp.PackageExternalReferences {
		if r != nil && (strings.EqualFold(r.RefType, common.TypeSecurityCPE23Type) || strings.EqualFold(r.RefType, common.TypeSecurityCPE22Type)) {
			p.CPEs = append(p.CPEs, r.Locator)
		}
	}
	expr := sp.PackageLicenseDeclared
	if expr == "" || expr == noAssertion || expr == "NONE" {
		expr = sp.PackageLicenseConcluded
	}
	if expr != "" && expr != noAssertion && expr != "NONE" {
		for _, t := range splitAnd(expr) {
			if text, ok := lic[t]; ok {
				t = text
			}
			p.Licenses = append(p.Licenses, t)
		}
	}
	if s := sp.PackageSupplier; s != nil && s.Supplier != noAssertion {
		p.Vendor = s.Supplier
	}
	for _, c := range sp.PackageChecksums {
		if p.Hashes == nil {
			p.Hashes = map[string]string{}
		}
		p.Hashes[hashAlg(c.Algorithm)] = c.Value
	}
	if p.Origin == nil {
		p.Origin = upstream(p.Type, p.PURL)
	}
	if rest, ok := strings.CutPrefix(sp.PackageSourceInfo, "built package from: "); ok {
		name, version, _ := strings.Cut(strings.TrimSpace(rest), " ")
		p.Origin = &sbom.Origin{Name: name, Version: version}
	}
	for _, t := range sp.PackageAttributionTexts {
		if l, ok := strings.CutPrefix(t, "LayerDiffID: "); ok {
			p.Layer = l
		}
	}
	return p
}

// upstream reads the source package from a purl's "upstream" qualifier
// for deb, rpm and apk: "NAME" (as loadline and Syft write it),
// "NAME@VERSION" (Syft, for a source of another version) or, for rpm,
// the source rpm's file name "NAME-VERSION-RELEASE.src.rpm" (Syft).
func upstream(typ, ref string) *sbom.Origin {
	u, err := parsePURL(ref)
	up := u.qualifiers["upstream"]
	if err != nil || up == "" || (typ != "deb" && typ != "rpm" && typ != "apk") {
		return nil
	}
	if srpm, ok := strings.CutSuffix(up, ".src.rpm"); ok && typ == "rpm" {
		if i := strings.LastIndexByte(srpm, '-'); i > 0 {
			if j := strings.LastIndexByte(srpm[:i], '-'); j > 0 {
				return &sbom.Origin{Name: srpm[:j], Version: srpm[j+1:]}
			}
		}
	}
	name, version, _ := strings.Cut(up, "@")
	return &sbom.Origin{Name: name, Version: version}
}

// annotation splits a loadline: annotation comment (without the
// prefix) into its key and value.
func annotation(c string) (key, value string) {
	key, value, _ = strings.Cut(c, "=")
	return key, value
}

// unstr reads a string annotation value (see str).
func unstr(v string) (string, error) {
	if !strings.HasPrefix(v, `"`) {
		return v, nil
	}
	var s string
	err := json.Unmarshal([]byte(v), &s)
	return s, err
}

func applyPackage(p *sbom.Package, anns []string) error {
	strs := map[string]*string{
		"type": &p.Type, "namespace": &p.Namespace, "name": &p.Name, "version": &p.Version,
		"arch": &p.Arch, "purl": &p.PURL, "vendor": &p.Vendor, "layer": &p.Layer,
		"lastLayer": &p.LastLayer, "ownedBy": &p.OwnedBy,
	}
	lists := map[string]*[]string{"evidence": &p.Evidence, "file": &p.Files, "dependsOn": &p.DependsOn}
	for _, c := range anns {
		key, v := annotation(c)
		var err error
		f, isStr := strs[key]
		l, isList := lists[key]
		switch {
		case isStr:
			*f, err = unstr(v)
		case key == "dependsOn" && v == "[]":
			p.DependsOn = []string{}
		case isList:
			var s string
			s, err = unstr(v)
			*l = append(*l, s)
		case key == "cpes":
			p.CPEs = nil
			err = json.Unmarshal([]byte(v), &p.CPEs)
		case key == "licenses":
			p.Licenses = nil
			err = json.Unmarshal([]byte(v), &p.Licenses)
		case key == "hashes":
			p.Hashes = nil
			err = json.Unmarshal([]byte(v), &p.Hashes)
		case key == "origin":
			p.Origin = nil
			err = json.Unmarshal([]byte(v), &p.Origin)
		case key == "hash":
			err = merge(&p.Hashes, v)
		case key == "metadata":
			err = merge(&p.Metadata, v)
		}
		if err != nil {
			return fmt.Errorf("annotation %q: %w", annPrefix+c, err)
		}
	}
	return nil
}

// merge adds the entries of the JSON object v to *m, making it first
// when it is nil.
func merge(m *map[string]string, v string) error {
	var more map[string]string
	if err := json.Unmarshal([]byte(v), &more); err != nil {
		return err
	}
	if *m == nil {
		*m = map[string]string{}
	}
	maps.Copy(*m, more)
	return nil
}

type imageInfo struct {
	source   *sbom.Source
	layers   []sbom.Layer
	problems []sbom.Problem
}

func sourceOf(doc *v23.Document, root *v23.Package, anns map[string][]string) (imageInfo, error) {
	info := imageInfo{source: &sbom.Source{Kind: "sbom", Name: doc.DocumentName}}
	if root == nil {
		return info, nil
	}
	s := info.source
	s.Name = orEmpty(root.PackageName)
	if isDigest(root.PackageVersion) {
		s.Digest = root.PackageVersion
	} else if ref, ok := purlRef(root); ok {
		if u, err := parsePURL(ref); err == nil && isDigest(u.version) {
			s.Digest = u.version // Konflux's pkg:oci/NAME@sha256:...
		}
	}
	for _, t := range root.PackageAttributionTexts { // Trivy's
		if v, ok := strings.CutPrefix(t, "ImageID: "); ok {
			s.ConfigDigest = v
		}
		if v, ok := strings.CutPrefix(t, "RepoDigest: "); ok && s.Digest == "" {
			if _, d, ok := strings.Cut(v, "@"); ok {
				s.Digest = d
			}
		}
	}
	id := string(root.PackageSPDXIdentifier)
	for _, c := range anns[id] {
		key, v := annotation(c)
		strs := map[string]*string{"name": &s.Name, "digest": &s.Digest, "configDigest": &s.ConfigDigest, "platform": &s.Platform}
		var err error
		switch f, isStr := strs[key]; {
		case isStr:
			*f, err = unstr(v)
		case key == "imageLayer":
			var l sbom.Layer
			if err = json.Unmarshal([]byte(v), &l); err == nil {
				info.layers = append(info.layers, l)
			}
		case key == "problem":
			var p sbom.Problem
			if err = json.Unmarshal([]byte(v), &p); err == nil {
				info.problems = append(info.problems, p)
			}
		}
		if err != nil {
			return info, fmt.Errorf("spdx: package SPDXRef-%s: annotation %q: %w", id, annPrefix+c, err)
		}
	}
	return info, nil
}

// isDigest reports whether s is a content digest, "ALGORITHM:HEX".
func isDigest(s string) bool {
	alg, h, ok := strings.Cut(s, ":")
	return ok && isIDString(alg) && isHex(h)
}

func distroOf(p *v23.Package, anns []string) (*sbom.Distro, error) {
	for _, c := range anns {
		if key, v := annotation(c); key == "distro" {
			var d sbom.Distro
			if err := json.Unmarshal([]byte(v), &d); err != nil {
				return nil, fmt.Errorf("spdx: package SPDXRef-%s: annotation %q: %w", p.PackageSPDXIdentifier, annPrefix+c, err)
			}
			return &d, nil
		}
	}
	d := &sbom.Distro{ID: strings.ToLower(orEmpty(p.PackageName)), VersionID: p.PackageVersion}
	for _, r := range p.PackageExternalReferences { // Claircore's
		if r == nil || r.Category != "OTHER" {
			continue
		}
		switch r.RefType {
		case "did":
			d.ID = r.Locator
		case "version_id":
			d.VersionID = r.Locator
		case "pretty_name":
			d.Name = r.Locator
		}
	}
	return d, nil
}
