package report

import (
	"testing"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/eol"
	"github.com/loadline/loadline/gate"
	"github.com/loadline/loadline/match"
)

// TestEndOfLife checks what the reports say of the release's support:
// at the verdict's time when there is one, else at the match's, and
// whether the verdict fails it.
func TestEndOfLife(t *testing.T) {
	alpine, _ := eol.Lookup(advisory.Release{Distro: "alpine", Version: "3.19"})
	before, after := time.Date(2025, 11, 1, 12, 0, 0, 0, time.UTC), time.Date(2025, 11, 2, 0, 0, 0, 0, time.UTC)
	const text = "Alpine 3.19: end of life since 2025-11-01"
	tests := []struct {
		name        string
		support     *eol.Support
		matched     time.Time
		verdict     *gate.Verdict
		wantText    string
		wantFailing bool
	}{
		{"unknown support", nil, after, nil, "", false},
		{"supported at match time", &alpine, before, nil, "", false},
		{"ended at match time", &alpine, after, nil, text, false},
		{"verdict time wins", &alpine, before, &gate.Verdict{At: after, Pass: true}, text, false},
		{"verdict time, still supported", &alpine, after, &gate.Verdict{At: before, Pass: true}, "", false},
		{"verdict fails it", &alpine, after, &gate.Verdict{At: after, Violations: []gate.Entry{{Support: &alpine, Rule: "endOfLife", Reason: text}}}, text, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := prepare(Input{Result: &match.Result{Support: tt.support, Matched: tt.matched}, Verdict: tt.verdict})
			text, failing := v.endOfLife()
			if text != tt.wantText || failing != tt.wantFailing {
				t.Errorf("endOfLife() = %q, %v; want %q, %v", text, failing, tt.wantText, tt.wantFailing)
			}
		})
	}
}
