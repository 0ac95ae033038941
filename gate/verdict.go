package gate

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/eol"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/match/vex"
)

// The exit codes of a CI step that runs a gate. Verdict.ExitCode gives
// ExitPass or ExitFail; the other two are for the command that runs it.
const (
	ExitPass      = 0 // the policy passed (warnings allowed)
	ExitFail      = 1 // the policy failed: at least one violation
	ExitUsage     = 2 // the command line, the policy or an input file is wrong
	ExitScanError = 3 // scanning or matching failed; no verdict
)

// Verdict is what a policy decided of one match result at one stage.
// Entries point into the Result that Evaluate was given (which it does
// not modify); they are in the result's finding order, then gaps, then
// the end-of-life entry, and for each finding in the policy's rule order.
type Verdict struct {
	// Stage is the stage evaluated; At the time it was evaluated at.
	Stage string    `json:"stage"`
	At    time.Time `json:"at"`
	// Pass is true when there are no Violations.
	Pass bool `json:"pass"`
	// Violations are the findings that fail an enforcing rule, one
	// entry per (finding, rule), and the gaps of an enforced coverage
	// check.
	Violations []Entry `json:"violations,omitempty"`
	// Waivers are the findings that fail rules but are excused, one per
	// finding, by a not_affected or fixed statement (the distro's, or a
	// VEX document's with EvaluateVEX) or an active exception.
	Waivers []Entry `json:"waivers,omitempty"`
	// Warnings are the failures of rules in warn mode, the gaps of a
	// coverage check in warn mode, the release's end of life under an
	// endOfLife check in warn mode, and expired exceptions that would
	// have waived a failing finding.
	Warnings []Entry `json:"warnings,omitempty"`
}

// Entry is one line of a verdict.
type Entry struct {
	// Finding is the finding concerned, Gap the gap, Support the
	// release whose support has ended (for the endOfLife check): one of
	// the three is set, except for an expired exception's warning.
	Finding *match.Finding `json:"finding,omitempty"`
	Gap     *match.Gap     `json:"gap,omitempty"`
	Support *eol.Support   `json:"support,omitempty"`
	// Rule is the rule's name ("coverage" for a gap, "endOfLife" for the
	// release's end of life). For a waiver,
	// Rules lists every rule the finding failed. Both are empty for an
	// expired exception's warning.
	Rule  string   `json:"rule,omitempty"`
	Rules []string `json:"rules,omitempty"`
	// Reason says why, with the figures that decided it.
	Reason string `json:"reason"`
	// Exception is the exception that waived the finding, or for a
	// violation or warning, the exception that expired; nil otherwise.
	Exception *Exception `json:"exception,omitempty"`
	// Statement, for a waiver by statement, says who said the finding is
	// not affected: "debian DSA-5555-1: vulnerable code not present".
	Statement string `json:"statement,omitempty"`
}

// ExitCode returns ExitPass when v passed, else ExitFail.
func (v *Verdict) ExitCode() int {
	if v.Pass {
		return ExitPass
	}
	return ExitFail
}

// Evaluate decides whether res passes stage of p at now. It is pure: it
// reads no clock, does no I/O and modifies neither p nor res, so it is
// safe for concurrent use, and the same arguments give the same verdict.
// It returns an error wrapping ErrUnknownStage when p has no such stage.
// A nil res is an empty result (which passes).
//
// What it reads of each finding: the ID and aliases; the package URL,
// type and layer (indexed by res.Layers); the status (not_affected is a
// statement by the evidence that says so); the fixed versions; the
// severities (CVSS by version from the vector's prefix, the highest when
// several sources score the same version; the highest distro rating
// among the rating words); and the KEV listing and EPSS score. The date
// of a fix is not yet in match.Finding, so MaxFixAge counts every fix as
// of unknown date (which fails).
func Evaluate(p *Policy, stage string, res *match.Result, now time.Time) (*Verdict, error) {
	return EvaluateVEX(p, stage, res, nil, now)
}

// EvaluateVEX is Evaluate with VEX statements. A finding for which vx
// has a statement that says not_affected or fixed is waived, if it fails
// rules, with the statement as the waiver's source: "openvex DOC
// statements[0] (vulnerable_code_not_in_execute_path): IMPACT". vx is
// asked (vex.Index.Lookup) with the finding's ID and aliases, its package
// URL, and as products the image's manifest and config digests and, for
// an image read from a registry, its pkg:oci package URL with
// repository_url. A VEX statement is asked before the distro's
// not_affected status and before exceptions. Statements that say
// affected or under_investigation change nothing. A nil vx has no
// statements.
func EvaluateVEX(p *Policy, stage string, res *match.Result, vx *vex.Index, now time.Time) (*Verdict, error) {
	st, ok := p.Stages[stage]
	if !ok {
		return nil, fmt.Errorf("%w %q (the policy defines %s)", ErrUnknownStage, stage, strings.Join(stageNames(p), ", "))
	}
	if res == nil {
		res = &match.Result{}
	}
	layers := map[string]int{}
	for _, l := range res.Layers {
		layers[l.DiffID] = l.Index
	}
	products := vex.Products(res)
	views := make([]view, len(res.Findings))
	for i := range res.Findings {
		f := &res.Findings[i]
		views[i] = adapt(f, layers)
		if s, ok := vx.Lookup(vex.Finding{Vulnerability: f.Vulnerability, Aliases: f.Aliases, PURL: f.Package.PURL, Products: products}); ok {
			if s.Status == vex.StatusNotAffected || s.Status == vex.StatusFixed {
				views[i].status, views[i].statement = string(s.Status), vexSource(s)
			}
		}
	}
	gaps := make([]gapView, len(res.Gaps))
	for i, g := range res.Gaps {
		gaps[i] = gapView{what: describeGap(g)}
	}
	out := evaluate(p, stage, &st, views, gaps, now)
	v := &Verdict{Stage: stage, At: now, Pass: len(out.violations) == 0}
	tie := func(es []entry) []Entry {
		var r []Entry
		for _, e := range es {
			x := Entry{Rule: e.rule, Rules: e.rules, Reason: e.reason, Exception: e.exception, Statement: e.statement}
			if e.finding >= 0 {
				x.Finding = &res.Findings[e.finding]
			}
			if e.gap >= 0 {
				x.Gap = &res.Gaps[e.gap]
			}
			r = append(r, x)
		}
		return r
	}
	v.Violations, v.Waivers, v.Warnings = tie(out.violations), tie(out.waivers), tie(out.warnings)
	if s := res.Support; s != nil && s.Ended(now) {
		e := Entry{Support: s, Rule: "endOfLife", Reason: s.Status(now)}
		switch cmpOr(st.EndOfLife, ModeOff) {
		case ModeEnforce:
			v.Violations = append(v.Violations, e)
		case ModeWarn:
			v.Warnings = append(v.Warnings, e)
		}
	}
	v.Pass = len(v.Violations) == 0
	return v, nil
}

// vexSource says which statement a waiver rests on, and what it says.
func vexSource(s vex.Statement) string {
	return vexText(string(s.Source.Format), s.Source.Document, s.Source.Statement, string(s.Justification), s.Impact)
}

// vexText is vexSource of a statement's parts.
func vexText(format, document, statement, justification, impact string) string {
	src := format
	for _, part := range []string{document, statement} {
		if part != "" {
			src += " " + part
		}
	}
	if justification != "" {
		src += " (" + justification + ")"
	}
	if impact != "" {
		src += ": " + impact
	}
	return src
}

func stageNames(p *Policy) []string {
	var names []string
	for n := range p.Stages {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func describeGap(g match.Gap) string {
	what := g.Ecosystem
	if !g.Release.IsZero() {
		what += " " + g.Release.String()
	}
	what += fmt.Sprintf(" (%d packages)", g.Packages)
	if g.Packages == 1 {
		what = strings.TrimSuffix(what, "s)") + ")"
	}
	if g.Why != "" {
		what += ": " + g.Why
	}
	return what
}

// adapt reduces a finding to what the rules read; layers maps a layer's
// diff ID to its index.
func adapt(f *match.Finding, layers map[string]int) view {
	v := view{
		ids:       append([]string{f.Vulnerability}, f.Aliases...),
		purl:      f.Package.PURL,
		ecosystem: f.Package.Type,
		layer:     -1,
		status:    string(f.Status),
		fixed:     f.Fixed,
		fixDate:   f.FixPublished,
	}
	if i, ok := layers[f.Package.Layer]; ok && f.Package.Layer != "" {
		v.layer = i
	}
	if f.Status == advisory.StatusNotAffected {
		v.statement = "not_affected (no source named)"
		for _, e := range f.Evidence {
			if e.Status == advisory.StatusNotAffected {
				v.statement = e.Feed + " " + e.Advisory
				if e.Reason != "" {
					v.statement += ": " + e.Reason
				}
				break
			}
		}
	}
	if x := f.VEX; x != nil && (x.Status == string(vex.StatusNotAffected) || x.Status == string(vex.StatusFixed)) {
		// a VEX statement (match/vex.Apply) waives as EvaluateVEX's index does
		v.status, v.statement = x.Status, vexText(x.Format, x.Document, x.Statement, x.Justification, x.Impact)
	}
	best := unrated
	note := func(word string) {
		if l := distroLevel(word); l > best {
			best, v.distro = l, word
		}
	}
	for _, s := range f.Severities {
		if ver := cvssVersion(s); ver != "" && (s.Score > 0 || s.Vector != "") {
			if v.scores == nil {
				v.scores = map[string]float64{}
			}
			if old, ok := v.scores[ver]; !ok || s.Score > old {
				v.scores[ver] = s.Score
			}
			continue
		}
		note(s.Rating)
	}
	for _, e := range f.Evidence {
		note(e.Severity)
	}
	if x := f.Exploitation; x != nil {
		v.kev = x.KEV != nil
		if x.EPSS != nil {
			s := x.EPSS.Score
			v.epss = &s
		}
	}
	return v
}

// cvssVersion returns the CVSS version of s ("4.0", "3.1", "3.0",
// "2.0"), or "" when s is not a CVSS rating.
func cvssVersion(s advisory.Severity) string {
	switch {
	case strings.HasPrefix(s.Vector, "CVSS:4.0/") || s.Type == "CVSS_V4":
		return "4.0"
	case strings.HasPrefix(s.Vector, "CVSS:3.1/"):
		return "3.1"
	case strings.HasPrefix(s.Vector, "CVSS:3.0/"):
		return "3.0"
	case s.Type == "CVSS_V3":
		return "3.1" // a v3 score without a vector: count it as the current v3
	case s.Type == "CVSS_V2" || strings.HasPrefix(s.Vector, "AV:") || strings.HasPrefix(s.Vector, "CVSS:2.0/"):
		return "2.0"
	}
	return ""
}

// Rating is a finding's severity as a policy reads it by default: from
// its newest CVSS score (4.0, 3.1, 3.0, 2.0), else from its distro's
// rating word.
type Rating struct {
	// Severity is "critical", "high", "medium", "low", "negligible", or
	// "unrated" when the finding has neither a score nor a rating.
	Severity string
	// Score is the CVSS base score, or for a distro rating the top of
	// its band; 0 when unrated.
	Score float64
	// Source says where it came from: "CVSS 3.1", "distro rating high".
	Source string
}

// Rate returns f's Rating, for reports that order findings as a policy
// sees them.
func Rate(f *match.Finding) Rating {
	v := adapt(f, nil)
	r := rate(&v, nil)
	if r.level == unrated {
		return Rating{Severity: levelName(unrated), Source: r.source}
	}
	return Rating{Severity: levelName(r.level), Score: r.score, Source: r.source}
}
