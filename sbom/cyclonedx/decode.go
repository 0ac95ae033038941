package cyclonedx

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/loadline/loadline/sbom"
)

// Decode reads a CycloneDX document, JSON or XML (told apart by the first
// character that is not white space), of specification version 1.2 to
// 1.7, and returns its inventory in sbom.Inventory.Sort order. Source.Kind
// is "sbom" and Source.Name the name of metadata.component. Every
// component, nested ones included, with a PURL or of type library or
// framework is a package, except metadata.component itself; the first
// operating-system component is the Distro. The package documentation
// says how each field is read; loadline's own documents give back the
// inventory that was encoded. Unknown fields and properties are ignored.
// A document that is neither JSON nor XML, not CycloneDX, of another
// version, or malformed gives an error naming the field, such as
// "cyclonedx: components[3].purl: ..." (a *FieldError when one field is
// at fault).
func Decode(r io.Reader) (*sbom.Inventory, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("cyclonedx: read: %w", err)
	}
	var bom cdx.BOM
	switch t := bytes.TrimLeft(data, "\ufeff \t\r\n"); {
	case len(t) > 0 && t[0] == '{':
		err = decodeJSON(data, &bom)
	case len(t) > 0 && t[0] == '<':
		err = decodeXML(data, &bom)
	default:
		return nil, errors.New("cyclonedx: neither a JSON nor an XML document")
	}
	if err != nil {
		return nil, err
	}
	if bom.SpecVersion < cdx.SpecVersion1_2 || bom.SpecVersion > cdx.SpecVersion1_7 {
		return nil, fieldErrorf("specVersion", "unsupported %s (want 1.2 to 1.7)", bom.SpecVersion)
	}
	return fromBOM(&bom)
}

// FieldError is a document field Decode cannot accept: malformed,
// missing or unsupported. Field is its path in the document, like
// "components[3].purl", "specVersion" or, for a JSON type error, the
// member path without indexes ("components.purl"); Err says what is
// wrong.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return "cyclonedx: " + e.Field + ": " + e.Err.Error() }

// Unwrap returns Err.
func (e *FieldError) Unwrap() error { return e.Err }

func fieldErrorf(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Err: fmt.Errorf(format, args...)}
}

func decodeJSON(data []byte, bom *cdx.BOM) error {
	var head struct {
		BOMFormat   *string `json:"bomFormat"`
		SpecVersion *string `json:"specVersion"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return jsonError(err)
	}
	switch {
	case head.BOMFormat == nil:
		return fieldErrorf("bomFormat", "missing")
	case *head.BOMFormat != cdx.BOMFormat:
		return fieldErrorf("bomFormat", "%q is not %q", *head.BOMFormat, cdx.BOMFormat)
	case head.SpecVersion == nil:
		return fieldErrorf("specVersion", "missing")
	}
	pruned, err := pruneJSON(data)
	if err != nil {
		return jsonError(err)
	}
	if err := cdx.NewBOMDecoder(bytes.NewReader(pruned), cdx.BOMFileFormatJSON).Decode(bom); err != nil {
		if errors.Is(err, cdx.ErrInvalidSpecVersion) {
			return fieldErrorf("specVersion", "unsupported %q (want 1.2 to 1.7)", *head.SpecVersion)
		}
		return jsonError(err)
	}
	return nil
}

// jsonError names the field of a type error.
func jsonError(err error) error {
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && te.Field != "" {
		return &FieldError{Field: te.Field, Err: err}
	}
	return fmt.Errorf("cyclonedx: %w", err)
}

func decodeXML(data []byte, bom *cdx.BOM) error {
	if err := cdx.NewBOMDecoder(bytes.NewReader(data), cdx.BOMFileFormatXML).Decode(bom); err != nil {
		return fmt.Errorf("cyclonedx: xml: %w", err)
	}
	if bom.SpecVersion == 0 {
		return fieldErrorf("xmlns", "%q is not a CycloneDX namespace", bom.XMLNS)
	}
	return nil
}

// Foreign properties read when a document has no loadline: property for
// the field: Trivy's and Syft's.
const (
	trivy          = "aquasecurity:trivy:"
	trivySrcName   = trivy + "SrcName"
	trivySrcVer    = trivy + "SrcVersion"
	trivySrcRel    = trivy + "SrcRelease"
	trivySrcEpoch  = trivy + "SrcEpoch"
	trivyLayer     = trivy + "LayerDiffID"
	trivyImageID   = trivy + "ImageID"
	trivyRepoDig   = trivy + "RepoDigest"
	syftLocation   = "syft:location:"
	syftCPE        = "syft:cpe23"
	syftLayerFirst = syftLocation + "0:layerID"
	syftSource     = "syft:metadata:source"
	syftSourceVer  = "syft:metadata:sourceVersion"
	syftCodename   = "syft:distro:versionCodename"
	syftIDLike     = "syft:distro:idLike"
)

func props(p *[]cdx.Property) []cdx.Property {
	if p == nil {
		return nil
	}
	return *p
}

// isDigest reports whether s looks like "algorithm:hex".
func isDigest(s string) bool {
	alg, h, ok := strings.Cut(s, ":")
	if !ok || alg == "" || len(h) < 32 {
		return false
	}
	for _, c := range h {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func fromBOM(bom *cdx.BOM) (*sbom.Inventory, error) {
	inv := &sbom.Inventory{Source: &sbom.Source{Kind: "sbom"}}
	subject := ""
	if md := bom.Metadata; md != nil {
		if c := md.Component; c != nil {
			subject = c.BOMRef
			if err := readSubject(inv, c); err != nil {
				return nil, err
			}
		}
		if err := readProblems(inv, props(md.Properties)); err != nil {
			return nil, err
		}
	}

	refPkg := map[string]int{}     // bom-ref -> index in inv.Packages
	refPURL := map[string]string{} // bom-ref -> PURL of a package
	var walk func(cs *[]cdx.Component, path string) error
	walk = func(cs *[]cdx.Component, path string) error {
		if cs == nil {
			return nil
		}
		for i := range *cs {
			c := &(*cs)[i]
			at := path + "[" + strconv.Itoa(i) + "]"
			switch {
			case subject != "" && c.BOMRef == subject:
			case c.Type == cdx.ComponentTypeOS:
				if inv.Distro == nil {
					inv.Distro = readDistro(c)
				}
			case c.PackageURL != "" || c.CPE != "" || c.Type == cdx.ComponentTypeLibrary || c.Type == cdx.ComponentTypeFramework:
				p, err := readPackage(c, at)
				if err != nil {
					return err
				}
				if c.BOMRef != "" {
					if _, dup := refPkg[c.BOMRef]; !dup {
						refPkg[c.BOMRef] = len(inv.Packages)
						refPURL[c.BOMRef] = p.PURL
					}
				}
				inv.Packages = append(inv.Packages, p)
			}
			if err := walk(c.Components, at+".components"); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(bom.Components, "components"); err != nil {
		return nil, err
	}

	if bom.Dependencies != nil {
		for _, d := range *bom.Dependencies {
			i, ok := refPkg[d.Ref]
			if !ok || d.Dependencies == nil {
				continue
			}
			for _, t := range *d.Dependencies {
				if u := refPURL[t]; u != "" {
					inv.Packages[i].DependsOn = append(inv.Packages[i].DependsOn, u)
				}
			}
		}
	}
	for i := range inv.Packages {
		p := &inv.Packages[i]
		slices.Sort(p.DependsOn)
		p.DependsOn = slices.Compact(p.DependsOn)
	}
	inv.Sort()
	return inv, nil
}

// indexedProp splits "<prefix><index>:<field>".
func indexedProp(name, prefix string) (idx int, field string, ok bool, err error) {
	rest, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return 0, "", false, nil
	}
	n, field, _ := strings.Cut(rest, ":")
	idx, err = strconv.Atoi(n)
	if err != nil || idx < 0 {
		return 0, "", true, fmt.Errorf("%s: index %q is not a number", name, n)
	}
	return idx, field, true, nil
}

// indexed collects the records that numbered properties describe.
type indexed[T any] map[int]*T

// at returns record idx, created empty on first use.
func (m indexed[T]) at(idx int) *T {
	r := m[idx]
	if r == nil {
		r = new(T)
		m[idx] = r
	}
	return r
}

// sorted returns the records by index; nil when there are none.
func (m indexed[T]) sorted() []T {
	var out []T
	for _, idx := range slices.Sorted(maps.Keys(m)) {
		out = append(out, *m[idx])
	}
	return out
}

func readSubject(inv *sbom.Inventory, c *cdx.Component) error {
	src := inv.Source
	src.Name = c.Name
	if isDigest(c.Version) {
		src.Digest = c.Version
	}
	layers := indexed[sbom.Layer]{}
	var trivyConfig, trivyDigest string
	for i, p := range props(c.Properties) {
		switch {
		case p.Name == propConfigDigest:
			src.ConfigDigest = p.Value
		case p.Name == propPlatform:
			src.Platform = p.Value
		case p.Name == trivyImageID:
			trivyConfig = p.Value
		case p.Name == trivyRepoDig:
			if _, d, ok := strings.Cut(p.Value, "@"); ok && trivyDigest == "" {
				trivyDigest = d
			}
		default:
			idx, field, ok, err := indexedProp(p.Name, propImageLayer)
			if err != nil {
				return &FieldError{Field: fmt.Sprintf("metadata.component.properties[%d]", i), Err: err}
			}
			if !ok {
				continue
			}
			l := layers.at(idx)
			l.Index = idx
			switch field {
			case "diffID":
				l.DiffID = p.Value
			case "digest":
				l.Digest = p.Value
			case "size":
				n, err := strconv.ParseInt(p.Value, 10, 64)
				if err != nil {
					return &FieldError{Field: fmt.Sprintf("metadata.component.properties[%d]", i), Err: fmt.Errorf("%s: %w", p.Name, err)}
				}
				l.Size = n
			case "createdBy":
				l.CreatedBy = p.Value
			}
		}
	}
	src.ConfigDigest = cmp.Or(src.ConfigDigest, trivyConfig)
	src.Digest = cmp.Or(src.Digest, trivyDigest)
	inv.Layers = layers.sorted()
	return nil
}

func readProblems(inv *sbom.Inventory, ps []cdx.Property) error {
	problems := indexed[sbom.Problem]{}
	for i, p := range ps {
		idx, field, ok, err := indexedProp(p.Name, propProblem)
		if err != nil {
			return &FieldError{Field: fmt.Sprintf("metadata.properties[%d]", i), Err: err}
		}
		if !ok {
			continue
		}
		pr := problems.at(idx)
		switch field {
		case "path":
			pr.Path = p.Value
		case "layer":
			pr.Layer = p.Value
		case "message":
			pr.Message = p.Value
		}
	}
	inv.Problems = problems.sorted()
	return nil
}

func readDistro(c *cdx.Component) *sbom.Distro {
	d := &sbom.Distro{ID: c.Name, VersionID: c.Version, Name: c.Description, CPEName: c.CPE}
	var haveCodename, haveIDLike bool
	var syftCodenames, syftIDLikes []string
	for _, p := range props(c.Properties) {
		switch p.Name {
		case propCodename:
			d.Codename, haveCodename = p.Value, true
		case propIDLike:
			d.IDLike, haveIDLike = append(d.IDLike, p.Value), true
		case syftCodename:
			syftCodenames = append(syftCodenames, p.Value)
		case syftIDLike:
			syftIDLikes = append(syftIDLikes, p.Value)
		}
	}
	if !haveCodename && len(syftCodenames) > 0 {
		d.Codename = syftCodenames[0]
	}
	if !haveIDLike {
		d.IDLike = syftIDLikes
	}
	return d
}

// readPackage converts a component; at names it in errors.
func readPackage(c *cdx.Component, at string) (sbom.Package, error) {
	var pu purl
	if c.PackageURL != "" {
		var err error
		if pu, err = parsePURL(c.PackageURL); err != nil {
			return sbom.Package{}, &FieldError{Field: at + ".purl", Err: fmt.Errorf("%q: %w", c.PackageURL, err)}
		}
	}
	p := sbom.Package{
		Type:      pu.Type,
		Namespace: cmp.Or(c.Group, pu.Namespace),
		Name:      cmp.Or(c.Name, pu.Name),
		Version:   cmp.Or(c.Version, pu.Version),
		Arch:      pu.Qualifiers["arch"],
		PURL:      c.PackageURL,
	}
	if c.Group == "" && pu.Namespace != "" && c.Name == pu.Namespace+"/"+pu.Name {
		p.Name = pu.Name // a Go module named by its whole path (Syft, Trivy): the namespace is already apart
	}
	if e := pu.Qualifiers["epoch"]; p.Type == "rpm" && strings.Trim(e, "0") != "" && p.Version != "" && !strings.Contains(p.Version, ":") {
		p.Version = e + ":" + p.Version
	}
	if s := c.Supplier; s != nil && s.Name != "" {
		p.Vendor = s.Name
	} else {
		p.Vendor = c.Publisher
	}
	if c.Licenses != nil {
		for _, l := range *c.Licenses {
			switch {
			case l.License != nil && l.License.ID != "":
				p.Licenses = append(p.Licenses, l.License.ID)
			case l.License != nil && l.License.Name != "":
				p.Licenses = append(p.Licenses, l.License.Name)
			case l.Expression != "":
				p.Licenses = append(p.Licenses, l.Expression)
			}
		}
	}
	if c.CPE != "" {
		p.CPEs = append(p.CPEs, c.CPE)
	}
	if c.Hashes != nil {
		for _, h := range *c.Hashes {
			if _, dup := p.Hashes[string(h.Algorithm)]; !dup {
				if p.Hashes == nil {
					p.Hashes = map[string]string{}
				}
				p.Hashes[string(h.Algorithm)] = h.Value
			}
		}
	}

	var (
		haveOrigin, haveLayer, haveEvidence, haveCPE bool
		origin                                       sbom.Origin
		foreign                                      = map[string]string{}
		syftPaths, syftCPEs                          []string
	)
	for _, pr := range props(c.Properties) {
		n, v := pr.Name, pr.Value
		switch {
		case n == propType:
			p.Type = v
		case n == propArch:
			p.Arch = v
		case n == propOriginName:
			origin.Name, haveOrigin = v, true
		case n == propOriginVersion:
			origin.Version = v
		case n == propLayer:
			p.Layer, haveLayer = v, true
		case n == propLastLayer:
			p.LastLayer = v
		case n == propOwnedBy:
			p.OwnedBy = v
		case n == propEvidence:
			p.Evidence, haveEvidence = append(p.Evidence, v), true
		case n == propFile:
			p.Files = append(p.Files, v)
		case n == propCPE:
			p.CPEs, haveCPE = append(p.CPEs, v), true
		case n == propDependsOn:
			p.DependsOn = append(p.DependsOn, v)
		case strings.HasPrefix(n, propHash):
			if p.Hashes == nil {
				p.Hashes = map[string]string{}
			}
			p.Hashes[n[len(propHash):]] = v
		case strings.HasPrefix(n, propMetadata):
			if p.Metadata == nil {
				p.Metadata = map[string]string{}
			}
			p.Metadata[n[len(propMetadata):]] = v
		case n == syftCPE:
			syftCPEs = append(syftCPEs, v)
		case strings.HasPrefix(n, syftLocation) && strings.HasSuffix(n, ":path"):
			syftPaths = append(syftPaths, v)
		case strings.HasPrefix(n, trivy) || n == syftLayerFirst || n == syftSource || n == syftSourceVer:
			if _, dup := foreign[n]; !dup {
				foreign[n] = v
			}
		}
	}
	switch {
	case haveOrigin:
		p.Origin = &origin
	case foreign[trivySrcName] != "":
		v := foreign[trivySrcVer]
		if r := foreign[trivySrcRel]; r != "" {
			v += "-" + r
		}
		if e := foreign[trivySrcEpoch]; strings.Trim(e, "0") != "" && v != "" {
			v = e + ":" + v
		}
		p.Origin = &sbom.Origin{Name: foreign[trivySrcName], Version: v}
	case foreign[syftSource] != "":
		p.Origin = &sbom.Origin{Name: foreign[syftSource], Version: foreign[syftSourceVer]}
	case c.Pedigree != nil && c.Pedigree.Ancestors != nil && len(*c.Pedigree.Ancestors) == 1 && (*c.Pedigree.Ancestors)[0].Name != "":
		a := (*c.Pedigree.Ancestors)[0]
		p.Origin = &sbom.Origin{Name: a.Name, Version: a.Version}
	case (p.Type == "deb" || p.Type == "apk") && pu.Qualifiers["upstream"] != "":
		p.Origin = &sbom.Origin{Name: pu.Qualifiers["upstream"]}
	}
	if !haveLayer {
		p.Layer = cmp.Or(foreign[trivyLayer], foreign[syftLayerFirst])
	}
	if !haveEvidence {
		p.Evidence = syftPaths
		if len(p.Evidence) == 0 && c.Evidence != nil && c.Evidence.Occurrences != nil {
			for _, o := range *c.Evidence.Occurrences {
				if o.Location != "" {
					p.Evidence = append(p.Evidence, "/"+strings.TrimPrefix(o.Location, "/"))
				}
			}
		}
	}
	if !haveCPE {
		for _, cpe := range syftCPEs {
			if !slices.Contains(p.CPEs, cpe) {
				p.CPEs = append(p.CPEs, cpe)
			}
		}
	}
	return p, nil
}
