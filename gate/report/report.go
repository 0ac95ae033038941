package report

import (
	"cmp"
	"io"
	"slices"

	"github.com/loadline/loadline/gate"
	"github.com/loadline/loadline/match"
)

// Input is what every report reads.
type Input struct {
	// Result is the match result; nil is an empty result.
	Result *match.Result
	// Verdict is the policy's verdict on Result; nil when no policy was
	// evaluated, and then the reports list findings without verdicts.
	Verdict *gate.Verdict
	// Tool names the program that made the report, for the formats that
	// say (SARIF, GitLab, JUnit); the zero Tool is loadline of no stated
	// version.
	Tool Tool
}

// Tool names the program that made a report.
type Tool struct {
	// Name is "loadline" when empty; Version "" when unknown; URI the
	// project's home page, "" for none.
	Name, Version, URI string
}

// Writer is the shape every report function has: Table, JSON, SARIF,
// JUnit, GitLab and Markdown. Each writes one whole document to w and
// returns the first error of w or of encoding. Output is deterministic:
// the same Input gives the same bytes. The writers modify nothing of the
// Input and are safe for concurrent use.
type Writer func(w io.Writer, in Input) error

var (
	_ Writer = Table
	_ Writer = JSON
	_ Writer = SARIF
	_ Writer = JUnit
	_ Writer = GitLab
	_ Writer = Markdown
)

// State is what a verdict made of one finding.
type state string

const (
	stateNone   state = ""       // no verdict
	statePass   state = "pass"   // no rule failed it
	stateFail   state = "fail"   // a violation
	stateWarn   state = "warn"   // only warnings
	stateWaived state = "waived" // failed rules, excused
)

// row is one finding with what the reports say of it.
type row struct {
	index    int // in Result.Findings
	f        *match.Finding
	rating   gate.Rating
	state    state
	failed   []gate.Entry // violations of this finding
	warned   []gate.Entry // warnings of this finding (rules and expired exceptions)
	waiver   *gate.Entry
	severity int // rank of rating.Severity, critical first
}

// view is an Input prepared: rows in result order, and the verdict's
// gap entries.
type view struct {
	in        Input
	res       *match.Result
	rows      []row
	gapFailed []gate.Entry
	gapWarned []gate.Entry
}

var severityOrder = []string{"critical", "high", "medium", "low", "negligible", "unrated"}

func prepare(in Input) *view {
	v := &view{in: in, res: in.Result}
	if v.res == nil {
		v.res = &match.Result{}
	}
	if v.in.Tool.Name == "" {
		v.in.Tool.Name = "loadline"
	}
	type key struct{ purl, name, version, vuln string }
	keyOf := func(f *match.Finding) key {
		return key{f.Package.PURL, f.Package.Name, f.Package.Version, f.Vulnerability}
	}
	at := map[key]int{}
	for i := range v.res.Findings {
		f := &v.res.Findings[i]
		r := row{index: i, f: f, rating: gate.Rate(f)}
		r.severity = slices.Index(severityOrder, r.rating.Severity)
		if in.Verdict != nil {
			r.state = statePass
		}
		v.rows = append(v.rows, r)
		if _, dup := at[keyOf(f)]; !dup {
			at[keyOf(f)] = i
		}
	}
	if vd := in.Verdict; vd != nil {
		find := func(e gate.Entry) *row {
			if e.Finding == nil {
				return nil
			}
			if i, ok := at[keyOf(e.Finding)]; ok {
				return &v.rows[i]
			}
			return nil
		}
		for _, e := range vd.Violations {
			if r := find(e); r != nil {
				r.failed = append(r.failed, e)
				r.state = stateFail
			} else if e.Gap != nil {
				v.gapFailed = append(v.gapFailed, e)
			}
		}
		for _, e := range vd.Warnings {
			if r := find(e); r != nil {
				r.warned = append(r.warned, e)
				if r.state == statePass {
					r.state = stateWarn
				}
			} else if e.Gap != nil {
				v.gapWarned = append(v.gapWarned, e)
			}
		}
		for _, e := range vd.Waivers {
			if r := find(e); r != nil {
				r.waiver = &e
				r.state = stateWaived
			}
		}
	}
	return v
}

// bySeverity returns the rows ordered critical first, then in result
// order.
func (v *view) bySeverity() []*row {
	out := make([]*row, len(v.rows))
	for i := range v.rows {
		out[i] = &v.rows[i]
	}
	slices.SortStableFunc(out, func(a, b *row) int { return cmp.Compare(a.severity, b.severity) })
	return out
}

// counts returns how many findings have each severity, in severityOrder.
func (v *view) counts() []int {
	n := make([]int, len(severityOrder))
	for _, r := range v.rows {
		n[r.severity]++
	}
	return n
}

// target names what was scanned: the source's name, or "" when unknown.
func (v *view) target() string {
	if s := v.res.Source; s != nil {
		return s.Name
	}
	return ""
}

// digest is the image's manifest digest, else its config digest (the
// image ID), else "".
func (v *view) digest() string {
	if s := v.res.Source; s != nil {
		return cmp.Or(s.Digest, s.ConfigDigest)
	}
	return ""
}

// layerIndex returns the index of the layer with diff ID id, or -1.
func (v *view) layerIndex(id string) int {
	for _, l := range v.res.Layers {
		if l.DiffID == id && id != "" {
			return l.Index
		}
	}
	return -1
}

// endOfLife says, when the result's release has reached the end of its
// standard security support at the report's time (the verdict's, else
// the match's), so in words ("Alpine 3.19: end of life since
// 2025-11-01"), and whether the verdict fails it; "" when the support is
// unknown or has not ended.
func (v *view) endOfLife() (text string, failing bool) {
	s := v.res.Support
	at := v.res.Matched
	if vd := v.in.Verdict; vd != nil {
		at = vd.At
		failing = slices.ContainsFunc(vd.Violations, func(e gate.Entry) bool { return e.Support != nil })
	}
	if s == nil || !s.Ended(at) {
		return "", false
	}
	return s.Status(at), failing
}

// verdictWord is "PASS", "FAIL" or "" (no verdict).
func (v *view) verdictWord() string {
	switch {
	case v.in.Verdict == nil:
		return ""
	case v.in.Verdict.Pass:
		return "PASS"
	}
	return "FAIL"
}

// ruleNames lists the rules of entries, without duplicates, in order.
func ruleNames(es []gate.Entry) []string {
	var out []string
	for _, e := range es {
		if e.Rule != "" && !slices.Contains(out, e.Rule) {
			out = append(out, e.Rule)
		}
	}
	return out
}
