package gate

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ErrUnknownStage is returned by Evaluate for a stage the policy does not
// define.
var ErrUnknownStage = errors.New("gate: unknown stage")

// gapView is what the coverage check reads of one match.Gap.
type gapView struct {
	what string // "deb debian:13 (12 packages): no advisory data for the release"
}

// entry is one line of a verdict before it is tied to the result's
// findings and gaps: an index of each (-1 when none).
type entry struct {
	finding, gap int
	rule         string
	reason       string
	exception    *Exception // the exception that waived it, or an expired one
	statement    string     // the not_affected statement that waived it
	rules        []string   // for a waiver: the rules it would have failed
}

// outcome is Evaluate's result in indices.
type outcome struct {
	violations, waivers, warnings []entry
}

// evaluate applies stage st of p to the findings and gaps at now.
func evaluate(p *Policy, stage string, st *Stage, findings []view, gaps []gapView, now time.Time) outcome {
	var out outcome
	for i := range findings {
		f := &findings[i]
		type hit struct {
			rule   string
			warn   bool
			reason string
		}
		var hits []hit
		for j := range st.Rules {
			r := &st.Rules[j]
			mode := cmpOr(r.Mode, st.Mode, ModeEnforce)
			if mode == ModeOff {
				continue
			}
			if why, ok := fails(r, f, p.BaseLayers, now); ok {
				hits = append(hits, hit{rule: r.Name, warn: mode == ModeWarn, reason: why})
			}
		}
		if len(hits) == 0 {
			continue
		}
		var names []string
		for _, h := range hits {
			names = append(names, h.rule)
		}
		if f.statement != "" {
			out.waivers = append(out.waivers, entry{finding: i, gap: -1, rules: names, statement: f.statement,
				reason: fmt.Sprintf("%s: %s", strings.ReplaceAll(f.status, "_", " "), f.statement)})
			continue
		}
		active, expired := exceptionFor(p, stage, f, now)
		if active != nil {
			out.waivers = append(out.waivers, entry{finding: i, gap: -1, rules: names, exception: active,
				reason: fmt.Sprintf("exception (line %d, owner %s, %s): %s", active.Line, active.Owner, until(active), active.Reason)})
			continue
		}
		for _, h := range hits {
			e := entry{finding: i, gap: -1, rule: h.rule, reason: h.reason, exception: expired}
			if expired != nil {
				e.reason += fmt.Sprintf(" (exception at line %d expired on %s)", expired.Line, expired.Expires.Format(time.DateOnly))
			}
			if h.warn {
				out.warnings = append(out.warnings, e)
			} else {
				out.violations = append(out.violations, e)
			}
		}
		if expired != nil {
			out.warnings = append(out.warnings, entry{finding: i, gap: -1, exception: expired,
				reason: fmt.Sprintf("exception (line %d, owner %s) expired on %s and no longer waives this finding", expired.Line, expired.Owner, expired.Expires.Format(time.DateOnly))})
		}
	}
	if mode := cmpOr(st.Coverage, ModeEnforce); mode != ModeOff {
		for i, g := range gaps {
			e := entry{finding: -1, gap: i, rule: "coverage", reason: "not covered: " + g.what}
			if mode == ModeWarn {
				out.warnings = append(out.warnings, e)
			} else {
				out.violations = append(out.violations, e)
			}
		}
	}
	return out
}

func until(e *Exception) string {
	if e.Expires.IsZero() {
		return "no expiry"
	}
	return "until " + e.Expires.Format(time.DateOnly)
}

func cmpOr(modes ...Mode) Mode {
	for _, m := range modes {
		if m != "" {
			return m
		}
	}
	return ""
}

// exceptionFor returns the first exception of p, in policy order, that
// names f in stage and is active at now; failing that, the first that
// names f but has expired.
func exceptionFor(p *Policy, stage string, f *view, now time.Time) (active, expired *Exception) {
	for i := range p.Exceptions {
		e := &p.Exceptions[i]
		if len(e.Stages) > 0 && !slices.Contains(e.Stages, stage) {
			continue
		}
		if e.ID != "" && !slices.ContainsFunc(f.ids, func(id string) bool { return strings.EqualFold(id, e.ID) }) {
			continue
		}
		if len(e.Packages) > 0 && !slices.ContainsFunc(e.Packages, func(p string) bool { return matchPURL(p, f.purl) }) {
			continue
		}
		if e.Active(now) {
			return e, nil
		}
		if expired == nil {
			expired = e
		}
	}
	return nil, expired
}
