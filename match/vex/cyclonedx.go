package vex

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

func decodeCycloneDX(data []byte, f Format) (*Document, error) {
	var bom cdx.BOM
	ff := cdx.BOMFileFormatJSON
	if f == CycloneDXXML {
		ff = cdx.BOMFileFormatXML
	}
	if err := cdx.NewBOMDecoder(bytes.NewReader(data), ff).Decode(&bom); err != nil {
		if errors.Is(err, cdx.ErrInvalidSpecVersion) {
			return nil, fieldErrorf(f, "specVersion", "%w", err)
		}
		return nil, fmt.Errorf("vex: %s: %w", f, err)
	}
	doc := &Document{Format: f, ID: bom.SerialNumber, Version: bom.Version}
	refs := map[string]*cdx.Component{}
	if md := bom.Metadata; md != nil {
		doc.Timestamp = parseTime(md.Timestamp)
		doc.Author = authorOf(md)
		if md.Component != nil {
			indexComponents(refs, []cdx.Component{*md.Component})
		}
	}
	if bom.Components != nil {
		indexComponents(refs, *bom.Components)
	}
	if bom.Vulnerabilities == nil {
		return doc, nil
	}
	for i, v := range *bom.Vulnerabilities {
		if v.Analysis == nil || v.Analysis.State == "" {
			continue // a finding, not a statement
		}
		field := fmt.Sprintf("vulnerabilities[%d]", i)
		s := Statement{
			Vulnerability: strings.TrimSpace(v.ID),
			RawStatus:     string(v.Analysis.State),
			Action:        cmpOr(v.Recommendation, v.Workaround),
			Source:        Source{Format: f, Document: doc.ID, Statement: cmpOr(v.BOMRef, field)},
		}
		if s.Vulnerability == "" {
			return nil, fieldErrorf(f, field+".id", "missing")
		}
		var ok bool
		if s.Status, ok = statusOfCycloneDX[s.RawStatus]; !ok {
			return nil, fieldErrorf(f, field+".analysis.state", "unknown %q", s.RawStatus)
		}
		if string(s.Status) == s.RawStatus {
			s.RawStatus = ""
		}
		if v.References != nil {
			for _, r := range *v.References {
				if id := strings.TrimSpace(r.ID); id != "" && id != s.Vulnerability && !slices.Contains(s.Aliases, id) {
					s.Aliases = append(s.Aliases, id)
				}
			}
		}
		s.Justification, s.RawJustification = justify(string(v.Analysis.Justification))
		if v.Analysis.Justification == "" {
			s.RawJustification = ""
		}
		if s.Status == StatusNotAffected {
			s.Impact = v.Analysis.Detail
		} else {
			s.Notes = v.Analysis.Detail
		}
		if v.Analysis.Response != nil {
			for _, r := range *v.Analysis.Response {
				s.Responses = append(s.Responses, string(r))
			}
		}
		s.Timestamp = firstTime(parseTime(v.Analysis.LastUpdated), parseTime(v.Analysis.FirstIssued),
			parseTime(v.Updated), parseTime(v.Published), parseTime(v.Created), doc.Timestamp)
		if v.Affects != nil {
			for _, a := range *v.Affects {
				p := Product{Component: resolveRef(a.Ref, bom.SerialNumber, refs)}
				if a.Range != nil {
					for _, r := range *a.Range {
						st := cmpOr(string(r.Status), "affected") // the schema's default
						p.Versions = append(p.Versions, VersionStatus{Version: r.Version, Range: r.Range, Status: st})
					}
				}
				s.Products = append(s.Products, p)
			}
		}
		doc.Statements = append(doc.Statements, s)
	}
	return doc, nil
}

// authorOf names a BOM's author: its supplier, manufacturer or first
// author.
func authorOf(md *cdx.Metadata) string {
	for _, e := range []*cdx.OrganizationalEntity{md.Supplier, md.Manufacturer, md.Manufacture} {
		if e != nil && e.Name != "" {
			return e.Name
		}
	}
	if md.Authors != nil {
		for _, a := range *md.Authors {
			if a.Name != "" {
				return a.Name
			}
		}
	}
	return ""
}

// indexComponents records every component, nested ones too, by bom-ref.
func indexComponents(refs map[string]*cdx.Component, cs []cdx.Component) {
	for i := range cs {
		c := &cs[i]
		if c.BOMRef != "" {
			refs[c.BOMRef] = c
		}
		if c.Components != nil {
			indexComponents(refs, *c.Components)
		}
	}
}

// resolveRef turns an affects ref into a component: a bom-ref of this
// BOM gives its component's PURL, CPE and hashes; a BOM-Link
// ("urn:cdx:serial/version#bom-ref") into this BOM likewise, into another
// BOM the PURL its fragment may be; a ref that is itself a PURL is one.
func resolveRef(ref, serial string, refs map[string]*cdx.Component) Component {
	out := Component{ID: ref}
	local := ref
	if rest, ok := strings.CutPrefix(ref, "urn:cdx:"); ok {
		doc, frag, _ := strings.Cut(rest, "#")
		frag, err := url.PathUnescape(frag)
		if err != nil {
			frag = ""
		}
		uuid, _, _ := strings.Cut(doc, "/")
		if serial == "" || "urn:uuid:"+uuid != serial {
			if strings.HasPrefix(frag, "pkg:") {
				out.PURL = frag
			}
			return out
		}
		local = frag
	}
	if c, ok := refs[local]; ok {
		out.PURL = c.PackageURL
		out.CPE = c.CPE
		if c.Hashes != nil {
			for _, h := range *c.Hashes {
				out.Hashes = append(out.Hashes, hashName(string(h.Algorithm))+":"+strings.ToLower(h.Value))
			}
			slices.Sort(out.Hashes)
		}
	}
	if out.PURL == "" && strings.HasPrefix(local, "pkg:") {
		out.PURL = local
	}
	return out
}

// hashName turns a CycloneDX hash algorithm ("SHA-256", "SHA3-256") into
// a digest prefix ("sha256", "sha3-256").
func hashName(alg string) string {
	a := strings.ToLower(alg)
	if strings.HasPrefix(a, "sha-") {
		return "sha" + a[len("sha-"):]
	}
	return a
}

// cdxHashAlg is hashName's reverse for the algorithms CycloneDX names.
func cdxHashAlg(name string) (cdx.HashAlgorithm, bool) {
	switch name {
	case "md5":
		return cdx.HashAlgoMD5, true
	case "sha1":
		return cdx.HashAlgoSHA1, true
	case "sha256":
		return cdx.HashAlgoSHA256, true
	case "sha384":
		return cdx.HashAlgoSHA384, true
	case "sha512":
		return cdx.HashAlgoSHA512, true
	case "sha3-256":
		return cdx.HashAlgoSHA3_256, true
	case "sha3-384":
		return cdx.HashAlgoSHA3_384, true
	case "sha3-512":
		return cdx.HashAlgoSHA3_512, true
	case "blake2b-256":
		return cdx.HashAlgoBlake2b_256, true
	case "blake2b-512":
		return cdx.HashAlgoBlake2b_512, true
	case "blake3":
		return cdx.HashAlgoBlake3, true
	}
	return "", false
}

// toCycloneDX converts statements to a CycloneDX BOM: one component per
// distinct product and subcomponent (its bom-ref the product's ID), one
// vulnerability per statement whose affects name, for a product with
// subcomponents, the subcomponents (CycloneDX has no nesting of a target
// in a product), else the product.
func toCycloneDX(stmts []Statement, meta meta) *cdx.BOM {
	bom := cdx.NewBOM()
	bom.SpecVersion = cdx.SpecVersion1_6
	bom.SerialNumber = meta.id
	bom.Version = max(meta.version, 1)
	bom.Metadata = &cdx.Metadata{Timestamp: meta.timestamp.UTC().Format("2006-01-02T15:04:05Z")}
	if meta.author != "" {
		bom.Metadata.Authors = &[]cdx.OrganizationalContact{{Name: meta.author}}
	}
	if meta.tooling != "" {
		bom.Metadata.Tools = &cdx.ToolsChoice{Components: &[]cdx.Component{{Type: cdx.ComponentTypeApplication, Name: meta.tooling}}}
	}
	var comps []cdx.Component
	seen := map[string]bool{}
	add := func(c Component) string {
		ref := cmpOr(c.ID, c.PURL, c.CPE)
		if ref == "" || seen[ref] || strings.HasPrefix(ref, "urn:cdx:") {
			return ref
		}
		seen[ref] = true
		cc := cdx.Component{BOMRef: ref, Type: cdx.ComponentTypeLibrary, Name: nameOf(c), PackageURL: c.PURL, CPE: c.CPE}
		if strings.HasPrefix(c.PURL, "pkg:oci/") || isDigest(c.ID) {
			cc.Type = cdx.ComponentTypeContainer
		}
		var hs []cdx.Hash
		for _, h := range c.Hashes {
			alg, hex, _ := strings.Cut(h, ":")
			if a, ok := cdxHashAlg(alg); ok {
				hs = append(hs, cdx.Hash{Algorithm: a, Value: hex})
			}
		}
		if hs != nil {
			cc.Hashes = &hs
		}
		comps = append(comps, cc)
		return ref
	}
	var vulns []cdx.Vulnerability
	for _, s := range stmts {
		v := cdx.Vulnerability{
			ID:             s.Vulnerability,
			Analysis:       &cdx.VulnerabilityAnalysis{State: cdx.ImpactAnalysisState(cycloneDXOfStatus[s.Status])},
			Recommendation: s.Action,
		}
		if s.RawStatus == string(cdx.IASFalsePositive) || s.RawStatus == string(cdx.IASResolvedWithPedigree) {
			v.Analysis.State = cdx.ImpactAnalysisState(s.RawStatus)
		}
		if !s.Timestamp.IsZero() {
			v.Analysis.LastUpdated = s.Timestamp.UTC().Format("2006-01-02T15:04:05Z")
		}
		if s.Status == StatusNotAffected {
			v.Analysis.Justification = cdx.ImpactAnalysisJustification(cycloneDXJustification(s))
			v.Analysis.Detail = s.Impact
		} else {
			v.Analysis.Detail = s.Notes
		}
		if s.Responses != nil {
			rs := make([]cdx.ImpactAnalysisResponse, len(s.Responses))
			for i, r := range s.Responses {
				rs[i] = cdx.ImpactAnalysisResponse(r)
			}
			v.Analysis.Response = &rs
		}
		if s.Aliases != nil {
			refs := make([]cdx.VulnerabilityReference, len(s.Aliases))
			for i, a := range s.Aliases {
				refs[i] = cdx.VulnerabilityReference{ID: a, Source: sourceOf(a)}
			}
			v.References = &refs
		}
		var affects []cdx.Affects
		for _, p := range s.Products {
			targets := p.Subcomponents
			if len(targets) == 0 {
				targets = []Component{p.Component}
			} else {
				add(p.Component)
			}
			for _, t := range targets {
				a := cdx.Affects{Ref: add(t)}
				if p.Versions != nil {
					vs := make([]cdx.AffectedVersions, len(p.Versions))
					for i, x := range p.Versions {
						vs[i] = cdx.AffectedVersions{Version: x.Version, Range: x.Range, Status: cdx.VulnerabilityStatus(x.Status)}
					}
					a.Range = &vs
				}
				if a.Ref != "" && !slices.ContainsFunc(affects, func(b cdx.Affects) bool { return sameTarget(a, b) }) {
					affects = append(affects, a)
				}
			}
		}
		if affects != nil {
			v.Affects = &affects
		}
		vulns = append(vulns, v)
	}
	if comps != nil {
		bom.Components = &comps
	}
	if vulns != nil {
		bom.Vulnerabilities = &vulns
	}
	return bom
}

// cycloneDXJustification is the CycloneDX word for a statement's
// justification: its own, when it was a CycloneDX word, else the mapped
// one.
func cycloneDXJustification(s Statement) string {
	if _, ok := justificationOfCycloneDX[s.RawJustification]; ok {
		return s.RawJustification
	}
	return cycloneDXOfJustification[s.Justification]
}

// nameOf gives a component a name: the PURL's name, else its ID.
func nameOf(c Component) string {
	if p := c.PURL; p != "" {
		rest := p
		if i := strings.IndexAny(rest, "?#"); i >= 0 {
			rest = rest[:i]
		}
		if i := strings.LastIndex(rest, "@"); i >= 0 {
			rest = rest[:i]
		}
		if i := strings.LastIndex(rest, "/"); i >= 0 {
			rest = rest[i+1:]
		}
		if n, err := url.PathUnescape(rest); err == nil && n != "" {
			return n
		}
	}
	return cmpOr(c.ID, c.CPE)
}

// sameTarget reports whether two affects targets are the same, as the
// schema's uniqueItems sees them.
func sameTarget(a, b cdx.Affects) bool {
	if a.Ref != b.Ref || (a.Range == nil) != (b.Range == nil) {
		return false
	}
	return a.Range == nil || slices.Equal(*a.Range, *b.Range)
}
