package gate

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func ptr[T any](v T) *T { return &v }

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// examplePolicy is what testdata/policy.yaml says.
func examplePolicy() *Policy {
	return &Policy{
		BaseLayers: 1,
		Stages: map[string]Stage{
			"build": {Coverage: ModeEnforce, EndOfLife: ModeEnforce, Rules: []Rule{
				{Name: "known-exploited", KEV: true},
				{Name: "fixable-high", MaxCVSS: ptr(7.0), FixedOnly: true},
				{Name: "app-critical", Layers: LayersApplication, MinSeverity: "critical", IgnoreStatuses: []string{"will_not_fix"}},
				{Name: "likely-exploited", MaxEPSS: ptr(0.5)},
				{Name: "stale-os-fix", Mode: ModeWarn, Ecosystems: []string{"deb", "rpm", "apk"}, MaxFixAge: ptr(30 * 24 * time.Hour)},
			}},
			"registry": {Rules: []Rule{
				{Name: "known-exploited", KEV: true},
				{Name: "cvss31-critical", MaxCVSS: ptr(8.9), ScoreFrom: []string{"3.1"}},
			}},
			"runtime": {Mode: ModeWarn, Coverage: ModeWarn, Rules: []Rule{
				{Name: "known-exploited", KEV: true},
				{Name: "log4j", Packages: []string{"pkg:maven/org.apache.logging.log4j/log4j-core*"}},
			}},
		},
		Exceptions: []Exception{
			{
				ID: "CVE-2023-45853", Packages: []string{"pkg:deb/debian/zlib1g*"}, Stages: []string{"build"},
				Reason:  "MiniZip is not used; zlib1g ships no minizip code path we call.",
				Owner:   "platform-team@example.com",
				Expires: day("2026-12-31"), Line: 71,
			},
			{
				Packages: []string{"pkg:npm/left-pad@*"},
				Reason:   "Removed in the next release (ticket APP-1234).",
				Owner:    "web-team@example.com",
				Expires:  day("2026-06-30"), Line: 78,
			},
		},
	}
}

func TestParsePolicyExample(t *testing.T) {
	want := examplePolicy()
	for _, name := range []string{"testdata/policy.yaml", "testdata/policy.json"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParsePolicy(b)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(name, ".json") { // lines differ in the twin
				for i := range got.Exceptions {
					got.Exceptions[i].Line = want.Exceptions[i].Line
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("policy (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParsePolicyErrors(t *testing.T) {
	const head = "version: 1\nstages:\n  build:\n    rules:\n"
	exc := func(body string) string {
		return "version: 1\nstages:\n  build: {}\nexceptions:\n" + body
	}
	tests := []struct {
		name, in string
		want     []Problem
	}{
		{"empty", "", []Problem{{0, "empty policy"}}},
		{"null", "~\n", []Problem{{0, "empty policy"}}},
		{"scalar", "hello\n", []Problem{{1, `expected a mapping, found "hello"`}}},
		{"no version", "stages: {}\n", []Problem{{1, "version must be 1, not 0"}}},
		{"version 2", "version: 2\n", []Problem{{1, "version must be 1, not 2"}}},
		{"syntax", "version: 1\nstages: [\n", []Problem{{2, "did not find expected node content"}}},
		{"json syntax", "{\"version\": 1,\n \"stages\": {\"build\": {}\n}", []Problem{{3, "did not find expected ',' or '}'"}}},
		{"duplicate key", "version: 1\nversion: 1\n", []Problem{{2, `mapping key "version" already defined at line 1`}}},
		{"unknown top", "version: 1\nstage: {}\n", []Problem{{2, `unknown field "stage"`}}},
		{"unknown in rule", head + "      - name: a\n        maxCVSS: 7\n", []Problem{{6, `unknown field "maxCVSS"`}}},
		{"all problems", head + "      - name: a\n        maxcvss: 7\n        maxEpss: 2\n      - name: a\n        minSeverity: severe\n", []Problem{
			{6, `unknown field "maxcvss"`},
			{7, "EPSS score 2 is outside 0-1"},
			{8, `rule name "a" used twice in stage "build"`},
			{9, `severity "severe" is not one of negligible, low, medium, high, critical`},
		}},
		{"cvss above 10", head + "      - name: a\n        maxCvss: 10.1\n", []Problem{{6, "CVSS score 10.1 is outside 0-10"}}},
		{"cvss negative", head + "      - name: a\n        maxCvss: -0.1\n", []Problem{{6, "CVSS score -0.1 is outside 0-10"}}},
		{"cvss nan", head + "      - name: a\n        maxCvss: .nan\n", []Problem{{6, "CVSS score .nan is outside 0-10"}}},
		{"cvss string", head + "      - name: a\n        maxCvss: \"7\"\n", []Problem{{6, `CVSS score "7" is not a number`}}},
		{"cvss list", head + "      - name: a\n        maxCvss: [7]\n", []Problem{{6, "CVSS score: expected a value, found a list"}}},
		{"epss negative", head + "      - name: a\n        maxEpss: -1\n", []Problem{{6, "EPSS score -1 is outside 0-1"}}},
		{"score source", head + "      - name: a\n        scoreFrom: [3.1, 5.0]\n", []Problem{{6, `score source "5.0" is not one of 4.0, 3.1, 3.0, 2.0, distro`}}},
		{"status", head + "      - name: a\n        ignoreStatuses: [affected]\n", []Problem{{6, `status "affected" is not one of will_not_fix, under_investigation`}}},
		{"mode", "version: 1\nstages:\n  build:\n    mode: block\n", []Problem{{4, `mode "block" is not one of enforce, warn, off`}}},
		{"layers", head + "      - name: a\n        layers: top\n", []Problem{{6, `layers "top" is not one of base, application`}}},
		{"age days", head + "      - name: a\n        maxFixAge: 1.5d\n", []Problem{{6, `maxFixAge "1.5d" is not a whole number of days`}}},
		{"age negative", head + "      - name: a\n        maxFixAge: -72h\n", []Problem{{6, `maxFixAge "-72h" is negative`}}},
		{"age words", head + "      - name: a\n        maxFixAge: a month\n", []Problem{{6, `maxFixAge "a month" is not a duration (30d, 2w, 72h)`}}},
		{"purl", head + "      - name: a\n        packages: [openssl]\n", []Problem{{6, `package pattern "openssl" is not a package URL pattern (pkg:TYPE/NAMESPACE/NAME, * for any run of characters)`}}},
		{"ecosystem", head + "      - name: a\n        ecosystems: [\"Debian Linux\"]\n", []Problem{{6, `ecosystem "debian linux" is not a package URL type (deb, npm, pypi, ...)`}}},
		// yaml drops null list entries: an exception's scope never widens.
		{"exception null package", exc("  - packages: [~]\n    reason: r\n    owner: o\n    expires: 2026-12-31\n"), []Problem{{5, "exception names neither an id nor packages"}}},
		{"empty pattern", head + "      - name: a\n        packages: [\"\"]\n", []Problem{{6, `package pattern "" is not a package URL pattern (pkg:TYPE/NAMESPACE/NAME, * for any run of characters)`}}},
		{"rule no name", head + "      - kev: true\n", []Problem{{5, "rule without a name"}}},
		{"rule null", head + "      -\n", []Problem{{4, `stage "build" has an empty rule`}}},
		{"rule wrong type", head + "      - 3\n", []Problem{{5, `expected a mapping, found "3"`}}},
		{"baseLayers", "version: 1\nbaseLayers: -1\n", []Problem{{1, "baseLayers -1 is negative"}}},
		{"bool", head + "      - name: a\n        kev: yes please\n", []Problem{{6, "cannot unmarshal !!str `yes please` into bool"}}},
		{"exception empty", exc("  - reason: r\n    owner: o\n    expires: 2026-12-31\n"), []Problem{{5, "exception names neither an id nor packages"}}},
		{"exception missing", exc("  - id: CVE-1\n"), []Problem{
			{5, "exception without a reason"},
			{5, "exception without an expiry date (expires: YYYY-MM-DD)"},
			{5, "exception without an owner"},
		}},
		{"exception date", exc("  - id: CVE-1\n    reason: r\n    owner: o\n    expires: 2026-12-31T00:00:00Z\n"), []Problem{
			{8, `expires "2026-12-31T00:00:00Z" is not a date (YYYY-MM-DD)`},
		}},
		{"exception bad day", exc("  - id: CVE-1\n    reason: r\n    owner: o\n    expires: 2026-02-30\n"), []Problem{
			{8, `expires "2026-02-30" is not a date (YYYY-MM-DD)`},
		}},
		{"exception stage", exc("  - id: CVE-1\n    reason: r\n    owner: o\n    expires: 2026-12-31\n    stages: [deploy]\n"), []Problem{
			{5, `exception names stage "deploy", which the policy does not define`},
		}},
		{"exception unknown", exc("  - id: CVE-1\n    reason: r\n    owner: o\n    expires: 2026-12-31\n    expiry: 2027-01-01\n"), []Problem{
			{9, `unknown field "expiry"`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePolicy([]byte(tt.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, %v; want a *ParseError", p, err)
			}
			if p != nil {
				t.Errorf("got a policy with the error")
			}
			if diff := cmp.Diff(tt.want, pe.Problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(err.Error(), "gate: policy: ") {
				t.Errorf("error %q lacks the prefix", err)
			}
		})
	}
}

func TestParsePolicyValues(t *testing.T) {
	const head = "version: 1\nstages:\n  build:\n    rules:\n      - name: a\n"
	tests := []struct {
		in   string
		want Rule
	}{
		{"        maxCvss: 0\n", Rule{Name: "a", MaxCVSS: ptr(0.0)}},
		{"        maxCvss: 10\n", Rule{Name: "a", MaxCVSS: ptr(10.0)}},
		{"        maxCvss: null\n", Rule{Name: "a"}},
		{"        maxEpss: 1\n", Rule{Name: "a", MaxEPSS: ptr(1.0)}},
		{"        maxEpss: 0.0\n", Rule{Name: "a", MaxEPSS: ptr(0.0)}},
		{"        maxFixAge: 2w\n", Rule{Name: "a", MaxFixAge: ptr(14 * 24 * time.Hour)}},
		{"        maxFixAge: 36h\n", Rule{Name: "a", MaxFixAge: ptr(36 * time.Hour)}},
		{"        maxFixAge: 0d\n", Rule{Name: "a", MaxFixAge: ptr(time.Duration(0))}},
		{"        minSeverity: HIGH\n        mode: Warn\n", Rule{Name: "a", MinSeverity: "high", Mode: ModeWarn}},
		{"        scoreFrom: [distro, 2.0]\n", Rule{Name: "a", ScoreFrom: []string{"distro", "2.0"}}},
		{"        ecosystems: [PyPI]\n", Rule{Name: "a", Ecosystems: []string{"pypi"}}},
		// yaml drops null list entries: a rule's scope widens, never narrows.
		{"        packages: [~]\n", Rule{Name: "a"}},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSpace(tt.in), func(t *testing.T) {
			p, err := ParsePolicy([]byte(head + tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]Rule{tt.want}, p.Stages["build"].Rules); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzParsePolicy(f *testing.F) {
	for _, name := range []string{"testdata/policy.yaml", "testdata/policy.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("version: 1\nstages:\n  build:\n    rules:\n      - name: a\n        maxCvss: 7\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParsePolicy(b)
		if (p == nil) == (err == nil) {
			t.Fatalf("got %v, %v", p, err)
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("error %v is not a *ParseError with problems", err)
			}
			return
		}
		for name, st := range p.Stages {
			for _, r := range st.Rules {
				if r.Name == "" || r.MaxCVSS != nil && (*r.MaxCVSS < 0 || *r.MaxCVSS > 10) || r.MaxEPSS != nil && (*r.MaxEPSS < 0 || *r.MaxEPSS > 1) {
					t.Fatalf("stage %q: invalid rule %+v accepted", name, r)
				}
			}
		}
		for _, e := range p.Exceptions {
			if e.Expires.IsZero() || e.Reason == "" || e.Owner == "" || e.ID == "" && len(e.Packages) == 0 {
				t.Fatalf("invalid exception %+v accepted", e)
			}
		}
	})
}
