package cyclonedx

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/loadline/loadline/sbom"
)

// Property names in the loadline: namespace. A package's properties:
const (
	propType          = "loadline:type"           // Type, when the PURL does not say it
	propArch          = "loadline:arch"           // Arch, when the PURL does not say it
	propOriginName    = "loadline:origin:name"    // Origin.Name (present whenever Origin is not nil)
	propOriginVersion = "loadline:origin:version" // Origin.Version, when not ""
	propLayer         = "loadline:layer"          // Layer
	propLastLayer     = "loadline:lastLayer"      // LastLayer
	propOwnedBy       = "loadline:ownedBy"        // OwnedBy
	propEvidence      = "loadline:evidence"       // one per Evidence path, in order
	propFile          = "loadline:file"           // one per owned file, sorted (Options.Files)
	propCPE           = "loadline:cpe"            // CPEs after the first, in order
	propHash          = "loadline:hash:"          // + algorithm: a hash the schema cannot carry
	propDependsOn     = "loadline:dependsOn"      // a DependsOn PURL of no package in the document
	propMetadata      = "loadline:metadata:"      // + key: Metadata
)

// The image's (metadata.component's), the distro's and the document's
// properties.
const (
	propConfigDigest = "loadline:configDigest"    // Source.ConfigDigest
	propPlatform     = "loadline:platform"        // Source.Platform
	propImageLayer   = "loadline:layer:"          // + index + ":diffID", ":digest", ":size", ":createdBy"
	propCodename     = "loadline:distro:codename" // Distro.Codename
	propIDLike       = "loadline:distro:idLike"   // one per Distro.IDLike entry, in order
	propProblem      = "loadline:problem:"        // + index + ":path", ":layer", ":message"
	subjectRef       = "loadline:subject"         // bom-ref of metadata.component
	distroRef        = "loadline:distro"          // bom-ref of the operating-system component
	toolName         = "loadline"
)

// Encode writes inv as a CycloneDX 1.6 document in opts.Format. The
// image (or directory) is metadata.component, the distro an
// operating-system component, each package a library component whose
// bom-ref is its PURL; what CycloneDX has no field for goes into
// loadline: properties, so that Decode gives back the same inventory (see
// the package documentation). The output is deterministic: packages are
// written in sbom.ComparePackages order, then by PURL, and the same
// inventory and options give byte-identical documents. Encode does not
// modify inv. A nil inv is an empty inventory. It returns an error for an
// invalid SerialNumber or Format, a package PURL that does not parse, or
// a failed write.
func Encode(w io.Writer, inv *sbom.Inventory, opts Options) error {
	if opts.Format != JSON && opts.Format != XML {
		return fmt.Errorf("cyclonedx: unknown format %v", opts.Format)
	}
	if opts.SerialNumber != "" && !validSerialNumber(opts.SerialNumber) {
		return fmt.Errorf("cyclonedx: serial number %q is not urn:uuid: and a lowercase UUID", opts.SerialNumber)
	}
	if inv == nil {
		inv = &sbom.Inventory{}
	}
	bom, err := toBOM(inv, opts)
	if err != nil {
		return err
	}
	if opts.SerialNumber == "" {
		var buf bytes.Buffer
		if err := encodeBOM(&buf, bom, JSON); err != nil {
			return err
		}
		bom.SerialNumber = contentSerial(buf.Bytes())
	}
	return encodeBOM(w, bom, opts.Format)
}

func encodeBOM(w io.Writer, bom *cdx.BOM, f Format) error {
	ff := cdx.BOMFileFormatJSON
	if f == XML {
		ff = cdx.BOMFileFormatXML
	}
	enc := cdx.NewBOMEncoder(w, ff).SetPretty(true).SetEscapeHTML(false)
	if err := enc.EncodeVersion(bom, cdx.SpecVersion1_6); err != nil {
		return fmt.Errorf("cyclonedx: encode %s: %w", f, err)
	}
	return nil
}

// contentSerial returns a version 8 UUID URN from the SHA-256 of doc.
func contentSerial(doc []byte) string {
	h := sha256.Sum256(doc)
	u := h[:16]
	u[6] = u[6]&0x0f | 0x80 // version 8
	u[8] = u[8]&0x3f | 0x80 // variant 10
	x := hex.EncodeToString(u)
	return "urn:uuid:" + x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

func prop(name, value string) cdx.Property { return cdx.Property{Name: name, Value: value} }

func ptrIf[T any](s []T) *[]T {
	if len(s) == 0 {
		return nil
	}
	return &s
}

// toBOM converts inv; the serial number is left for Encode.
func toBOM(inv *sbom.Inventory, opts Options) (*cdx.BOM, error) {
	bom := cdx.NewBOM()
	bom.SerialNumber = opts.SerialNumber
	md := &cdx.Metadata{
		Tools: &cdx.ToolsChoice{Components: &[]cdx.Component{{
			Type: cdx.ComponentTypeApplication, Name: toolName, Version: opts.ToolVersion,
		}}},
	}
	if !opts.Timestamp.IsZero() {
		md.Timestamp = opts.Timestamp.UTC().Format(time.RFC3339)
	}
	bom.Metadata = md
	subject := subjectComponent(inv)
	md.Component = subject

	var problems []cdx.Property
	for i, p := range inv.Problems {
		k := propProblem + strconv.Itoa(i) + ":"
		if p.Path != "" {
			problems = append(problems, prop(k+"path", p.Path))
		}
		if p.Layer != "" {
			problems = append(problems, prop(k+"layer", p.Layer))
		}
		problems = append(problems, prop(k+"message", p.Message))
	}
	md.Properties = ptrIf(append(problems, opts.Properties...))

	var comps []cdx.Component
	if d := inv.Distro; d != nil {
		comps = append(comps, distroComponent(d))
	}

	order, refs := packageRefs(inv.Packages)
	pkgs := make([]sbom.Package, len(order))
	byPURL := map[string]string{} // the first package's ref for each PURL
	for i, j := range order {
		pkgs[i] = inv.Packages[j]
		if p := pkgs[i].PURL; p != "" && byPURL[p] == "" {
			byPURL[p] = refs[i]
		}
	}

	depended := map[string]bool{}
	var deps []cdx.Dependency
	for i, p := range pkgs {
		c, err := packageComponent(p, refs[i], byPURL, opts)
		if err != nil {
			return nil, fmt.Errorf("cyclonedx: package %s %s: %w", p.Name, p.Version, err)
		}
		comps = append(comps, c)
		var on []string
		for _, d := range p.DependsOn {
			if r, ok := byPURL[d]; ok {
				on = append(on, r)
				depended[r] = true
			}
		}
		slices.Sort(on)
		on = slices.Compact(on)
		if len(on) > 0 {
			deps = append(deps, cdx.Dependency{Ref: refs[i], Dependencies: &on})
		}
	}
	if subject != nil {
		var top []string
		for _, r := range refs {
			if !depended[r] {
				top = append(top, r)
			}
		}
		slices.Sort(top)
		deps = append([]cdx.Dependency{{Ref: subjectRef, Dependencies: ptrIf(top)}}, deps...)
	}
	bom.Components = ptrIf(comps)
	bom.Dependencies = ptrIf(deps)
	bom.Vulnerabilities = ptrIf(opts.Vulnerabilities)
	return bom, nil
}

// packageRefs returns the order Encode writes pkgs in (indexes into
// pkgs: sbom.ComparePackages order, then by PURL) and, in that order,
// each package's bom-ref: its PURL, with "|2", "|3" ... added for the
// second and later packages that share one, or
// "loadline:package:type/namespace/name@version" when it has none.
func packageRefs(pkgs []sbom.Package) (order []int, refs []string) {
	order = make([]int, len(pkgs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(sbom.ComparePackages(pkgs[a], pkgs[b]), strings.Compare(pkgs[a].PURL, pkgs[b].PURL))
	})
	refs = make([]string, len(pkgs))
	used := map[string]bool{subjectRef: true, distroRef: true}
	for i, j := range order {
		p := pkgs[j]
		base := p.PURL
		if base == "" {
			base = "loadline:package:" + p.Type + "/" + p.Namespace + "/" + p.Name + "@" + p.Version
		}
		ref := base
		for n := 2; used[ref]; n++ {
			ref = base + "|" + strconv.Itoa(n)
		}
		used[ref] = true
		refs[i] = ref
	}
	return order, refs
}

// BOMRefs returns the bom-ref Encode gives each of inv's packages'
// components, in the order of inv.Packages (refs[i] is the component of
// inv.Packages[i]), so that what speaks of a package, such as a
// vulnerability's affects in Options.Vulnerabilities, can name its
// component. The refs are unique and do not depend on Options. A nil inv
// has none. BOMRefs does not modify inv.
func BOMRefs(inv *sbom.Inventory) []string {
	if inv == nil {
		return nil
	}
	order, sorted := packageRefs(inv.Packages)
	refs := make([]string, len(order))
	for i, j := range order {
		refs[j] = sorted[i]
	}
	return refs
}

// imageKinds are the Source kinds that name a container image.
var imageKinds = []string{"registry", "docker-archive", "oci-layout", "oci-archive", "image"}

// subjectComponent returns metadata.component, or nil when inv says
// nothing about what was scanned.
func subjectComponent(inv *sbom.Inventory) *cdx.Component {
	src := inv.Source
	if src == nil {
		src = &sbom.Source{}
	}
	if src.Name == "" && src.Digest == "" && src.ConfigDigest == "" && src.Platform == "" && len(inv.Layers) == 0 {
		return nil
	}
	typ := cdx.ComponentTypeApplication
	switch {
	case src.Kind == "dir":
		typ = cdx.ComponentTypeFile
	case slices.Contains(imageKinds, src.Kind) || src.Digest != "" || src.ConfigDigest != "" || len(inv.Layers) > 0:
		typ = cdx.ComponentTypeContainer
	}
	var props []cdx.Property
	if src.ConfigDigest != "" {
		props = append(props, prop(propConfigDigest, src.ConfigDigest))
	}
	if src.Platform != "" {
		props = append(props, prop(propPlatform, src.Platform))
	}
	layers := slices.Clone(inv.Layers)
	slices.SortStableFunc(layers, func(a, b sbom.Layer) int { return cmp.Compare(a.Index, b.Index) })
	for _, l := range layers {
		k := propImageLayer + strconv.Itoa(l.Index) + ":"
		props = append(props, prop(k+"diffID", l.DiffID))
		if l.Digest != "" {
			props = append(props, prop(k+"digest", l.Digest))
		}
		if l.Size != 0 {
			props = append(props, prop(k+"size", strconv.FormatInt(l.Size, 10)))
		}
		if l.CreatedBy != "" {
			props = append(props, prop(k+"createdBy", l.CreatedBy))
		}
	}
	return &cdx.Component{
		BOMRef:     subjectRef,
		Type:       typ,
		Name:       src.Name,
		Version:    src.Digest,
		Properties: ptrIf(props),
	}
}

func distroComponent(d *sbom.Distro) cdx.Component {
	var props []cdx.Property
	if d.Codename != "" {
		props = append(props, prop(propCodename, d.Codename))
	}
	for _, l := range d.IDLike {
		props = append(props, prop(propIDLike, l))
	}
	return cdx.Component{
		BOMRef:      distroRef,
		Type:        cdx.ComponentTypeOS,
		Name:        d.ID,
		Version:     d.VersionID,
		Description: d.Name,
		CPE:         d.CPEName,
		Properties:  ptrIf(props),
	}
}

// schemaHashes are the hash algorithms of the 1.6 schema, with the
// length of their hex digests.
var schemaHashes = map[string]int{
	"MD5": 32, "SHA-1": 40, "SHA-256": 64, "SHA-384": 96, "SHA-512": 128,
	"SHA3-256": 64, "SHA3-384": 96, "SHA3-512": 128,
	"BLAKE2b-256": 64, "BLAKE2b-384": 96, "BLAKE2b-512": 128,
}

// schemaHash reports whether the schema accepts the hash alg: value.
// (BLAKE3's length is free; it is left to a property like any other.)
func schemaHash(alg, value string) bool {
	n, ok := schemaHashes[alg]
	if !ok || len(value) != n {
		return false
	}
	_, err := hex.DecodeString(value)
	return err == nil
}

func packageComponent(p sbom.Package, ref string, byPURL map[string]string, opts Options) (cdx.Component, error) {
	c := cdx.Component{
		BOMRef:     ref,
		Type:       cdx.ComponentTypeLibrary,
		Group:      p.Namespace,
		Name:       p.Name,
		Version:    p.Version,
		PackageURL: p.PURL,
	}
	var pu purl
	if p.PURL != "" {
		var err error
		if pu, err = parsePURL(p.PURL); err != nil {
			return c, fmt.Errorf("purl %q: %w", p.PURL, err)
		}
	}
	if p.Vendor != "" {
		c.Supplier = &cdx.OrganizationalEntity{Name: p.Vendor}
	}
	if len(p.CPEs) > 0 {
		c.CPE = p.CPEs[0]
	}
	c.Licenses = licenses(p.Licenses)

	var props []cdx.Property
	if pu.Type != p.Type {
		props = append(props, prop(propType, p.Type))
	}
	if pu.Qualifiers["arch"] != p.Arch {
		props = append(props, prop(propArch, p.Arch))
	}
	if o := p.Origin; o != nil {
		props = append(props, prop(propOriginName, o.Name))
		if o.Version != "" {
			props = append(props, prop(propOriginVersion, o.Version))
		}
		if o.Name != "" {
			c.Pedigree = &cdx.Pedigree{Ancestors: &[]cdx.Component{{
				Type: cdx.ComponentTypeLibrary, Name: o.Name, Version: cmp.Or(o.Version, p.Version),
			}}}
		}
	}
	if p.Layer != "" {
		props = append(props, prop(propLayer, p.Layer))
	}
	if p.LastLayer != "" {
		props = append(props, prop(propLastLayer, p.LastLayer))
	}
	if p.OwnedBy != "" {
		props = append(props, prop(propOwnedBy, p.OwnedBy))
	}
	for _, e := range p.Evidence {
		props = append(props, prop(propEvidence, e))
	}
	if opts.Files {
		for _, f := range slices.Sorted(slices.Values(p.Files)) {
			props = append(props, prop(propFile, f))
		}
	}
	for _, cpe := range p.CPEs[min(1, len(p.CPEs)):] {
		props = append(props, prop(propCPE, cpe))
	}
	var hashes []cdx.Hash
	for _, alg := range slices.Sorted(maps.Keys(p.Hashes)) {
		v := p.Hashes[alg]
		if schemaHash(alg, v) {
			hashes = append(hashes, cdx.Hash{Algorithm: cdx.HashAlgorithm(alg), Value: v})
		} else {
			props = append(props, prop(propHash+alg, v))
		}
	}
	c.Hashes = ptrIf(hashes)
	var unresolved []string
	for _, d := range p.DependsOn {
		if _, ok := byPURL[d]; !ok {
			unresolved = append(unresolved, d)
		}
	}
	slices.Sort(unresolved)
	for _, d := range slices.Compact(unresolved) {
		props = append(props, prop(propDependsOn, d))
	}
	for _, k := range slices.Sorted(maps.Keys(p.Metadata)) {
		props = append(props, prop(propMetadata+k, p.Metadata[k]))
	}
	c.Properties = ptrIf(props)
	return c, nil
}

// licenses writes each license as license.id when it is one SPDX
// identifier, as license.name otherwise; a single compound SPDX
// expression is written as an expression (the schema allows an
// expression only as the one entry of the list).
func licenses(ls []string) *cdx.Licenses {
	if len(ls) == 0 {
		return nil
	}
	if len(ls) == 1 && classifyLicense(ls[0]) == licenseExpression {
		return &cdx.Licenses{{Expression: ls[0]}}
	}
	out := make(cdx.Licenses, 0, len(ls))
	for _, l := range ls {
		if l == "" {
			continue // nothing to say, and the schema wants an id or a name
		}
		if classifyLicense(l) == licenseID {
			out = append(out, cdx.LicenseChoice{License: &cdx.License{ID: l}})
		} else {
			out = append(out, cdx.LicenseChoice{License: &cdx.License{Name: l}})
		}
	}
	if len(out) == 0 {
		return nil
	}
	return &out
}
