package main

import (
	"cmp"
	"net/url"
	"slices"
	"strings"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/match/vex"
	"github.com/loadline/loadline/sbom"
)

// vexFeed is the Evidence.Feed of a VEX statement's evidence.
const vexFeed = "vex"

// annotate applies the VEX statements of ix to res's findings: a finding
// that a not_affected or fixed statement covers gets the status
// not_affected and the statement as evidence (Feed "vex"), so a policy
// waives it by statement; nothing is removed. Statements that say
// affected or under_investigation change nothing. A nil ix does nothing.
//
// Until gate evaluates VEX itself (gate.EvaluateVEX, on branch gate),
// the command does it here, asking Index.Lookup with the products gate
// will use: the image's manifest and config digests and, for a registry
// image, its pkg:oci package URL.
func annotate(res *match.Result, ix *vex.Index) {
	if ix == nil || ix.Len() == 0 {
		return
	}
	products := imageProducts(res.Source)
	for i := range res.Findings {
		f := &res.Findings[i]
		st, ok := ix.Lookup(vex.Finding{Vulnerability: f.Vulnerability, Aliases: f.Aliases, PURL: f.Package.PURL, Products: products})
		if !ok || (st.Status != vex.StatusNotAffected && st.Status != vex.StatusFixed) {
			continue
		}
		f.Status = advisory.StatusNotAffected
		f.Evidence = append(f.Evidence, match.Evidence{
			Advisory:   st.Vulnerability,
			Feed:       vexFeed,
			Record:     vexRecord(st),
			Ecosystem:  f.Package.Type,
			Package:    f.Package.Name,
			Version:    f.Package.Version,
			Status:     advisory.StatusNotAffected,
			Reason:     vexReason(st),
			Confidence: match.ConfidenceHigh,
		})
		slices.SortStableFunc(f.Evidence, func(a, b match.Evidence) int {
			return cmp.Or(strings.Compare(a.Feed, b.Feed), strings.Compare(a.Advisory, b.Advisory), strings.Compare(a.Record, b.Record))
		})
	}
}

// vexRecord names a statement: its format, document and place.
func vexRecord(st vex.Statement) string {
	parts := []string{string(st.Source.Format)}
	for _, p := range []string{st.Source.Document, st.Source.Statement} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " ")
}

// vexReason says which statement spoke and what it says, as gate
// writes a VEX waiver's source: "openvex DOC statements[0]
// (vulnerable_code_not_in_execute_path): IMPACT"; a fixed statement says
// so ("... says fixed: NOTES").
func vexReason(st vex.Statement) string {
	r := vexRecord(st)
	if st.Status == vex.StatusFixed {
		r += " says fixed"
	}
	if st.Justification != "" {
		r += " (" + string(st.Justification) + ")"
	}
	if t := cmp.Or(st.Impact, st.Notes); t != "" {
		r += ": " + t
	}
	return r
}

// imageProducts are the identifiers a VEX statement about the whole image
// may use: the manifest and config digests and, for an image read from a
// registry, its pkg:oci package URL with repository_url.
func imageProducts(src *sbom.Source) []string {
	if src == nil {
		return nil
	}
	var out []string
	for _, d := range []string{src.Digest, src.ConfigDigest} {
		if d != "" {
			out = append(out, d)
		}
	}
	if src.Kind != "registry" || src.Name == "" {
		return out
	}
	repo, _, _ := strings.Cut(src.Name, "@")
	if i := strings.LastIndexByte(repo, ':'); i > strings.LastIndexByte(repo, '/') {
		repo = repo[:i]
	}
	purl := "pkg:oci/" + url.PathEscape(strings.ToLower(repo[strings.LastIndexByte(repo, '/')+1:]))
	if src.Digest != "" {
		purl += "@" + url.PathEscape(src.Digest)
	}
	return append(out, purl+"?repository_url="+url.QueryEscape(repo))
}
