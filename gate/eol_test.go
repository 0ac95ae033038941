package gate

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/eol"
	"github.com/loadline/loadline/match"
)

// TestEvaluateEndOfLife checks the endOfLife check in every mode, at the
// boundary (the published date is the last supported day), and for a
// release in extended support only or of unknown support.
func TestEvaluateEndOfLife(t *testing.T) {
	alpine, _ := eol.Lookup(advisory.Release{Distro: "alpine", Version: "3.19"})
	focal, _ := eol.Lookup(advisory.Release{Distro: "ubuntu", Version: "20.04"})
	after := day("2025-11-02")
	alpineEntry := Entry{Support: &alpine, Rule: "endOfLife", Reason: "Alpine 3.19: end of life since 2025-11-01"}
	tests := []struct {
		name           string
		mode           Mode
		support        *eol.Support
		at             time.Time
		wantViolations []Entry
		wantWarnings   []Entry
	}{
		{"enforce", ModeEnforce, &alpine, after, []Entry{alpineEntry}, nil},
		{"warn", ModeWarn, &alpine, after, nil, []Entry{alpineEntry}},
		{"off", ModeOff, &alpine, after, nil, nil},
		{"unset is off", "", &alpine, after, nil, nil},
		{"the eol day is supported", ModeEnforce, &alpine, day("2025-11-02").Add(-time.Nanosecond), nil, nil},
		{"the day after is not", ModeEnforce, &alpine, day("2025-11-02"), []Entry{alpineEntry}, nil},
		{"unknown support passes", ModeEnforce, nil, after, nil, nil},
		{"extended support only", ModeEnforce, &focal, day("2026-11-23"), []Entry{{Support: &focal, Rule: "endOfLife",
			Reason: "Ubuntu 20.04: end of standard support since 2025-05-29; extended support until 2030-04-23"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Policy{Stages: map[string]Stage{"build": {EndOfLife: tt.mode}}}
			v, err := Evaluate(p, "build", &match.Result{Support: tt.support}, tt.at)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantViolations, v.Violations); diff != "" {
				t.Errorf("violations (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantWarnings, v.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if v.Pass != (len(tt.wantViolations) == 0) {
				t.Errorf("Pass = %v with %d violations", v.Pass, len(tt.wantViolations))
			}
		})
	}
}

func TestParseEndOfLife(t *testing.T) {
	tests := []struct {
		name, in string
		want     Mode
		err      string
	}{
		{"enforce", "version: 1\nstages:\n  build:\n    endOfLife: enforce\n", ModeEnforce, ""},
		{"warn", "version: 1\nstages:\n  build:\n    endOfLife: warn\n", ModeWarn, ""},
		{"absent", "version: 1\nstages:\n  build:\n    coverage: warn\n", "", ""},
		{"json", `{"version": 1, "stages": {"build": {"endOfLife": "off"}}}`, ModeOff, ""},
		{"bad word", "version: 1\nstages:\n  build:\n    endOfLife: true\n", "", "line 4: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePolicy([]byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Stages["build"].EndOfLife; got != tt.want {
				t.Errorf("EndOfLife = %q, want %q", got, tt.want)
			}
		})
	}
}
