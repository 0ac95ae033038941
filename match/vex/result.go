package vex

import (
	"fmt"
	"slices"
	"strings"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/match"
)

// FromResult returns the statements an image's match result makes, in
// its findings' order, for Encode to publish beside the image: one per
// finding, about the package (a subcomponent of the image when the
// result names the image's digest: its manifest digest, else its config
// digest, as a docker save archive has no manifest digest), timed at
// Result.Matched.
//
//	finding status        statement
//	affected              affected; action "Update to <nearest fix>." and response update,
//	                      or "No fixed version is available yet." when none is
//	will_not_fix          affected; action "The vendor will not fix it." and the vendor's
//	                      reason, response will_not_fix
//	not_affected          not_affected; the justification the distro's reason starts with
//	                      (Ubuntu's "vulnerable_code_not_present: ..."), and the reasons of
//	                      the evidence as the impact statement
//	under_investigation   under_investigation
//
// A package at or above every fix has no finding, so no fixed statement
// comes from a result. A nil result gives none.
func FromResult(res *match.Result) []Statement {
	if res == nil {
		return nil
	}
	var image string
	if res.Source != nil {
		image = res.Source.Digest
		if image == "" {
			image = res.Source.ConfigDigest
		}
	}
	out := make([]Statement, 0, len(res.Findings))
	for i := range res.Findings {
		f := &res.Findings[i]
		pkg := Component{ID: f.Package.PURL, PURL: f.Package.PURL}
		if pkg.ID == "" {
			pkg.ID = f.Package.Name + "@" + f.Package.Version
		}
		prod := Product{Component: pkg}
		if image != "" {
			prod = Product{Component: Component{ID: image}, Subcomponents: []Component{pkg}}
		}
		s := Statement{
			Vulnerability: f.Vulnerability,
			Aliases:       slices.Clone(f.Aliases),
			Products:      []Product{prod},
			Timestamp:     res.Matched.UTC(),
			Source:        Source{Statement: fmt.Sprintf("findings[%d]", i)},
		}
		reasons := reasonsOf(f)
		switch f.Status {
		case advisory.StatusNotAffected:
			s.Status = StatusNotAffected
			for _, r := range reasons {
				word, _, _ := strings.Cut(r, ":")
				if j := NormalizeJustification(word); j != "" {
					s.Justification = j
					break
				}
			}
			s.Impact = strings.Join(reasons, "\n")
		case advisory.StatusWillNotFix:
			s.Status = StatusAffected
			s.Action = joinNonEmpty("\n", "The vendor will not fix it.", strings.Join(reasons, "\n"))
			s.Responses = []string{"will_not_fix"}
		case advisory.StatusUnderInvestigation:
			s.Status = StatusUnderInvestigation
		default:
			s.Status = StatusAffected
			s.Action = "No fixed version is available yet."
			if f.HasFix() {
				s.Action = "Update to " + f.Fixed[0] + "."
				s.Responses = []string{"update"}
			}
		}
		out = append(out, s)
	}
	return out
}

// reasonsOf returns the distinct reasons of a finding's evidence whose
// status is the finding's, in evidence order.
func reasonsOf(f *match.Finding) []string {
	var out []string
	for _, e := range f.Evidence {
		if e.Status == f.Status && e.Reason != "" && !slices.Contains(out, e.Reason) {
			out = append(out, e.Reason)
		}
	}
	return out
}
