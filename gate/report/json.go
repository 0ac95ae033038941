package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/loadline/loadline/gate"
	"github.com/loadline/loadline/match"
)

// SchemaV1 is the value of the "schema" field of the JSON report.
const SchemaV1 = "loadline/report/v1"

// document is the JSON report (see JSON for the schema).
type document struct {
	Schema  string        `json:"schema"`
	Tool    jsonTool      `json:"tool"`
	Summary summary       `json:"summary"`
	Verdict *jsonVerdict  `json:"verdict,omitempty"`
	Result  *match.Result `json:"result"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

type summary struct {
	Findings   int            `json:"findings"`
	Severities map[string]int `json:"severities"`
	Gaps       int            `json:"gaps"`
}

type jsonVerdict struct {
	Stage      string      `json:"stage"`
	At         time.Time   `json:"at"`
	Pass       bool        `json:"pass"`
	ExitCode   int         `json:"exitCode"`
	Violations []jsonEntry `json:"violations"`
	Waivers    []jsonEntry `json:"waivers"`
	Warnings   []jsonEntry `json:"warnings"`
}

type jsonEntry struct {
	Finding   *int           `json:"finding,omitempty"`
	Gap       *int           `json:"gap,omitempty"`
	Release   string         `json:"release,omitempty"`
	Rule      string         `json:"rule,omitempty"`
	Rules     []string       `json:"rules,omitempty"`
	Reason    string         `json:"reason"`
	Statement string         `json:"statement,omitempty"`
	Exception *jsonException `json:"exception,omitempty"`
}

type jsonException struct {
	ID       string   `json:"id,omitempty"`
	Packages []string `json:"packages,omitempty"`
	Stages   []string `json:"stages,omitempty"`
	Reason   string   `json:"reason"`
	Owner    string   `json:"owner"`
	Expires  string   `json:"expires,omitempty"`
	Line     int      `json:"line,omitempty"`
}

// JSON writes the JSON report, a stable document (indented, keys in a
// fixed order):
//
//	{
//	  "schema": "loadline/report/v1",
//	  "tool": {"name": "loadline", "version": "..."},
//	  "summary": {"findings": 1, "severities": {"critical": 0, "high": 0, "medium": 1, ...}, "gaps": 1},
//	  "verdict": {                     // absent when no policy was evaluated
//	    "stage": "build", "at": "2026-11-23T12:00:00Z", "pass": false, "exitCode": 1,
//	    "violations": [{"finding": 0, "rule": "fixable-high", "reason": "..."},
//	                   {"gap": 0, "rule": "coverage", "reason": "..."},
//	                   {"release": "alpine:3.19", "rule": "endOfLife", "reason": "..."}],
//	    "waivers": [{"finding": 2, "rules": ["kev"], "reason": "...", "statement": "...",
//	                 "exception": {"id": "CVE-...", "packages": [...], "stages": [...],
//	                               "reason": "...", "owner": "...", "expires": "2026-12-31", "line": 65}}],
//	    "warnings": [...]
//	  },
//	  "result": { ... }                // the match.Result, in its own JSON form
//	}
//
// "finding" and "gap" are indexes into result.findings and result.gaps,
// "release" names the release of result.support (the endOfLife check);
// the three lists are always present (possibly empty) when there is a
// verdict; "severities" has every level, "unrated" included. Fields are
// only ever added to v1. report.schema.json, beside this file, is the
// JSON Schema of the document. ReadResult reads the result back.
func JSON(w io.Writer, in Input) error {
	v := prepare(in)
	doc := document{Schema: SchemaV1, Tool: jsonTool{Name: v.in.Tool.Name, Version: v.in.Tool.Version}, Result: v.res}
	doc.Summary = summary{Findings: len(v.rows), Severities: map[string]int{}, Gaps: len(v.res.Gaps)}
	for i, n := range v.counts() {
		doc.Summary.Severities[severityOrder[i]] = n
	}
	if vd := in.Verdict; vd != nil {
		findings := map[*match.Finding]int{}
		for i := range v.rows {
			findings[v.rows[i].f] = i
		}
		for _, r := range v.rows { // entries made from another copy of the result
			for _, e := range append(append(append([]gate.Entry{}, r.failed...), r.warned...), deref(r.waiver)...) {
				findings[e.Finding] = r.index
			}
		}
		gaps := map[*match.Gap]int{}
		for i := range v.res.Gaps {
			gaps[&v.res.Gaps[i]] = i
		}
		conv := func(es []gate.Entry) []jsonEntry {
			out := []jsonEntry{}
			for _, e := range es {
				j := jsonEntry{Rule: e.Rule, Rules: e.Rules, Reason: e.Reason, Statement: e.Statement}
				if i, ok := findings[e.Finding]; ok && e.Finding != nil {
					j.Finding = &i
				}
				if i, ok := gaps[e.Gap]; ok && e.Gap != nil {
					j.Gap = &i
				}
				if e.Support != nil {
					j.Release = e.Support.Release.String()
				}
				if x := e.Exception; x != nil {
					j.Exception = &jsonException{ID: x.ID, Packages: x.Packages, Stages: x.Stages, Reason: x.Reason, Owner: x.Owner, Line: x.Line}
					if !x.Expires.IsZero() {
						j.Exception.Expires = x.Expires.Format(time.DateOnly)
					}
				}
				out = append(out, j)
			}
			return out
		}
		doc.Verdict = &jsonVerdict{Stage: vd.Stage, At: vd.At, Pass: vd.Pass, ExitCode: vd.ExitCode(),
			Violations: conv(vd.Violations), Waivers: conv(vd.Waivers), Warnings: conv(vd.Warnings)}
	}
	if doc.Result.Findings == nil {
		r := *doc.Result
		r.Findings = []match.Finding{}
		doc.Result = &r
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("report: json: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func deref(e *gate.Entry) []gate.Entry {
	if e == nil {
		return nil
	}
	return []gate.Entry{*e}
}

// ErrNotResult is returned by ReadResult for JSON that is neither a match
// result nor a JSON report.
var ErrNotResult = errors.New("report: not a loadline match result or report")

// ReadResult reads a match result stored as JSON: either match.Result's
// own JSON or the JSON report (whose "result" it returns), so that a
// later stage can re-evaluate it without rescanning. Unknown fields are
// ignored (newer writers may add some). JSON that is not an object with
// a "findings" list (or a report with a "result") is ErrNotResult.
func ReadResult(r io.Reader) (*match.Result, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("report: read result: %w", err)
	}
	var probe struct {
		Schema   string          `json:"schema"`
		Result   json.RawMessage `json:"result"`
		Findings json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("report: read result: %w", err)
	}
	if probe.Schema != "" || probe.Result != nil {
		if probe.Schema != SchemaV1 {
			return nil, fmt.Errorf("%w: schema %q", ErrNotResult, probe.Schema)
		}
		data = probe.Result
		probe.Findings = nil
		if err := json.Unmarshal(data, &probe); err != nil {
			return nil, fmt.Errorf("report: read result: %w", err)
		}
	}
	if f := bytes.TrimSpace(probe.Findings); len(f) == 0 || f[0] != '[' {
		return nil, ErrNotResult
	}
	var res match.Result
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, fmt.Errorf("report: read result: %w", err)
	}
	return &res, nil
}
