package vex

import (
	"net/url"
	"strings"

	"github.com/loadline/loadline/match"
)

// Apply sets the VEX field of each finding of res to the statement of ix
// that applies to it (see Index.Lookup; the finding's products are
// Products(res)), and returns how many findings one applies to. It
// annotates and never removes: a finding's Status stays what the
// advisories say, and a finding no statement applies to keeps its VEX
// field as it was. A nil res or ix changes nothing.
func Apply(res *match.Result, ix *Index) int {
	if res == nil || ix.Len() == 0 {
		return 0
	}
	products := Products(res)
	n := 0
	for i := range res.Findings {
		f := &res.Findings[i]
		s, ok := ix.Lookup(Finding{Vulnerability: f.Vulnerability, Aliases: f.Aliases, PURL: f.Package.PURL, Products: products})
		if !ok {
			continue
		}
		f.VEX = &match.VEX{
			Status: string(s.Status), Justification: string(s.Justification), Impact: s.Impact, Action: s.Action,
			Format: string(s.Source.Format), Document: s.Source.Document, Statement: s.Source.Statement,
			Timestamp: s.Timestamp,
		}
		n++
	}
	return n
}

// Products returns the identifiers of what res's packages are part of,
// which a VEX product may name: the image's manifest and config digests,
// for an image named by a registry reference its pkg:oci Package URL
// (the last path segment as name, the manifest digest as version when
// known, the repository without tag or digest as repository_url), and
// the distro's CPE (os-release CPE_NAME), to which CSAF statements about
// a platform's components are scoped.
func Products(res *match.Result) []string {
	if res == nil {
		return nil
	}
	var out []string
	if src := res.Source; src != nil {
		for _, d := range []string{src.Digest, src.ConfigDigest} {
			if d != "" {
				out = append(out, d)
			}
		}
		if src.Kind == "registry" && src.Name != "" {
			repo, _, _ := strings.Cut(src.Name, "@")
			if i := strings.LastIndexByte(repo, ':'); i > strings.LastIndexByte(repo, '/') {
				repo = repo[:i]
			}
			name := repo[strings.LastIndexByte(repo, '/')+1:]
			purl := "pkg:oci/" + url.PathEscape(strings.ToLower(name))
			if src.Digest != "" {
				purl += "@" + url.PathEscape(src.Digest)
			}
			out = append(out, purl+"?repository_url="+url.QueryEscape(repo))
		}
	}
	if res.Distro != nil && res.Distro.CPEName != "" {
		out = append(out, res.Distro.CPEName)
	}
	return out
}
