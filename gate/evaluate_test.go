package gate

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestEvaluateCore(t *testing.T) {
	kev := Rule{Name: "kev", KEV: true}
	high := Rule{Name: "high", MaxCVSS: ptr(7.0)}
	exc := func(e Exception) *Exception {
		if e.Reason == "" {
			e.Reason, e.Owner, e.Line = "accepted", "alice", 40
		}
		return &e
	}
	until := func(s string) Exception { return Exception{Expires: day(s)} }
	type tc struct {
		name     string
		policy   Policy
		stage    Stage
		findings []view
		gaps     []gapView
		at       time.Time
		want     outcome
	}
	v := base()
	noKev := with(func(v *view) { v.kev = false; v.ids = []string{"GHSA-aaaa-bbbb-cccc", "CVE-2024-0002"} })
	tests := []tc{
		{name: "no rules, no gaps", findings: []view{v}, want: outcome{}},
		{name: "rules OR, each reported", stage: Stage{Rules: []Rule{kev, high}}, findings: []view{v}, want: outcome{violations: []entry{
			{finding: 0, gap: -1, rule: "kev", reason: "listed in CISA KEV"},
			{finding: 0, gap: -1, rule: "high", reason: "CVSS 3.1 score 7.5 above 7"},
		}}},
		{name: "second finding only", stage: Stage{Rules: []Rule{kev}}, findings: []view{noKev, v}, want: outcome{violations: []entry{
			{finding: 1, gap: -1, rule: "kev", reason: "listed in CISA KEV"},
		}}},
		{name: "warn rule", stage: Stage{Rules: []Rule{kev, {Name: "high", Mode: ModeWarn, MaxCVSS: ptr(7.0)}}}, findings: []view{v}, want: outcome{
			violations: []entry{{finding: 0, gap: -1, rule: "kev", reason: "listed in CISA KEV"}},
			warnings:   []entry{{finding: 0, gap: -1, rule: "high", reason: "CVSS 3.1 score 7.5 above 7"}},
		}},
		{name: "warn stage, enforcing rule", stage: Stage{Mode: ModeWarn, Rules: []Rule{{Name: "kev", Mode: ModeEnforce, KEV: true}, high}}, findings: []view{v}, want: outcome{
			violations: []entry{{finding: 0, gap: -1, rule: "kev", reason: "listed in CISA KEV"}},
			warnings:   []entry{{finding: 0, gap: -1, rule: "high", reason: "CVSS 3.1 score 7.5 above 7"}},
		}},
		{name: "off rule", stage: Stage{Rules: []Rule{{Name: "kev", Mode: ModeOff, KEV: true}}}, findings: []view{v}, want: outcome{}},
		{name: "off stage", stage: Stage{Mode: ModeOff, Rules: []Rule{kev}}, findings: []view{v}, want: outcome{}},
		{name: "vex not_affected waives", stage: Stage{Rules: []Rule{kev, high}},
			findings: []view{with(func(v *view) {
				v.status = "not_affected"
				v.statement = "openvex app.vex.json: vulnerable_code_not_in_execute_path"
			})},
			want: outcome{waivers: []entry{{finding: 0, gap: -1, rules: []string{"kev", "high"}, statement: "openvex app.vex.json: vulnerable_code_not_in_execute_path",
				reason: "not affected: openvex app.vex.json: vulnerable_code_not_in_execute_path"}}}},
		{name: "exception by id", policy: Policy{Exceptions: []Exception{*exc(Exception{ID: "CVE-2024-0001", Expires: day("2026-12-31")})}},
			stage: Stage{Rules: []Rule{kev}}, findings: []view{v},
			want: outcome{waivers: []entry{{finding: 0, gap: -1, rules: []string{"kev"}, exception: exc(Exception{ID: "CVE-2024-0001", Expires: day("2026-12-31")}),
				reason: "exception (line 40, owner alice, until 2026-12-31): accepted"}}}},
		{name: "exception by alias, any case", policy: Policy{Exceptions: []Exception{*exc(Exception{ID: "dsa-5555-1"})}},
			stage: Stage{Rules: []Rule{kev}}, findings: []view{v},
			want: outcome{waivers: []entry{{finding: 0, gap: -1, rules: []string{"kev"}, exception: exc(Exception{ID: "dsa-5555-1"}),
				reason: "exception (line 40, owner alice, no expiry): accepted"}}}},
		{name: "exception other id", policy: Policy{Exceptions: []Exception{*exc(Exception{ID: "CVE-2024-9999"})}},
			stage: Stage{Rules: []Rule{kev}}, findings: []view{v},
			want: outcome{violations: []entry{{finding: 0, gap: -1, rule: "kev", reason: "listed in CISA KEV"}}}},
		{name: "exception by package", policy: Policy{Exceptions: []Exception{*exc(Exception{Packages: []string{"pkg:deb/debian/openssl"}})}},
			stage: Stage{Rules: []Rule{kev}}, findings: []view{v},
			want: outcome{waivers: []entry{{finding: 0, gap: -1, rules: []string{"kev"}, exception: exc(Exception{Packages: []string{"pkg:deb/debian/openssl"}}),
				reason: "exception (line 40, owner alice, no expiry): accepted"}}}},
		{name: "exception id and package: both must match", policy: Policy{Exceptions: []Exception{*exc(Exception{ID: "CVE-2024-0001", Packages: []string{"pkg:npm/*"}})}},
			stage: Stage{Rules: []Rule{kev}}, findings: []view{v},
			want: outcome{violations: []entry{{finding: 0, gap: -1, rule: "kev", reason: "listed in CISA KEV"}}}},
		{name: "exception for another stage", policy: Policy{Exceptions: []Exception{*exc(Exception{ID: "CVE-2024-0001", Stages: []string{"runtime"}})}},
			stage: Stage{Rules: []Rule{kev}}, findings: []view{v},
			want: outcome{violations: []entry{{finding: 0, gap: -1, rule: "kev", reason: "listed in CISA KEV"}}}},
		{name: "exception for this stage", policy: Policy{Exceptions: []Exception{*exc(Exception{ID: "CVE-2024-0001", Stages: []string{"runtime", "build"}})}},
			stage: Stage{Rules: []Rule{kev}}, findings: []view{v},
			want: outcome{waivers: []entry{{finding: 0, gap: -1, rules: []string{"kev"}, exception: exc(Exception{ID: "CVE-2024-0001", Stages: []string{"runtime", "build"}}),
				reason: "exception (line 40, owner alice, no expiry): accepted"}}}},
		{name: "exception holds on its last day", policy: Policy{Exceptions: []Exception{*exc(until("2026-12-31"))}}, at: time.Date(2026, 12, 31, 23, 59, 59, 999999999, time.UTC),
			stage: Stage{Rules: []Rule{kev}}, findings: []view{v},
			want: outcome{waivers: []entry{{finding: 0, gap: -1, rules: []string{"kev"}, exception: exc(until("2026-12-31")),
				reason: "exception (line 40, owner alice, until 2026-12-31): accepted"}}}},
		{name: "exception expired at midnight", policy: Policy{Exceptions: []Exception{*exc(until("2026-12-31"))}}, at: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
			stage: Stage{Rules: []Rule{kev, {Name: "high", Mode: ModeWarn, MaxCVSS: ptr(7.0)}}}, findings: []view{v},
			want: outcome{
				violations: []entry{{finding: 0, gap: -1, rule: "kev", exception: exc(until("2026-12-31")), reason: "listed in CISA KEV (exception at line 40 expired on 2026-12-31)"}},
				warnings: []entry{
					{finding: 0, gap: -1, rule: "high", exception: exc(until("2026-12-31")), reason: "CVSS 3.1 score 7.5 above 7 (exception at line 40 expired on 2026-12-31)"},
					{finding: 0, gap: -1, exception: exc(until("2026-12-31")), reason: "exception (line 40, owner alice) expired on 2026-12-31 and no longer waives this finding"},
				},
			}},
		{name: "an active exception wins over an expired one", policy: Policy{Exceptions: []Exception{*exc(until("2026-01-01")), *exc(until("2027-01-01"))}},
			stage: Stage{Rules: []Rule{kev}}, findings: []view{v},
			want: outcome{waivers: []entry{{finding: 0, gap: -1, rules: []string{"kev"}, exception: exc(until("2027-01-01")),
				reason: "exception (line 40, owner alice, until 2027-01-01): accepted"}}}},
		{name: "statement before exception", policy: Policy{Exceptions: []Exception{*exc(until("2027-01-01"))}},
			stage: Stage{Rules: []Rule{kev}}, findings: []view{with(func(v *view) { v.status = "fixed"; v.statement = "cyclonedx vex.json: resolved" })},
			want: outcome{waivers: []entry{{finding: 0, gap: -1, rules: []string{"kev"}, statement: "cyclonedx vex.json: resolved", reason: "fixed: cyclonedx vex.json: resolved"}}}},
		{name: "no waiver without a failing rule", policy: Policy{Exceptions: []Exception{*exc(until("2027-01-01"))}},
			stage: Stage{Rules: []Rule{kev}}, findings: []view{noKev}, want: outcome{}},
		{name: "gap fails by default", stage: Stage{}, gaps: []gapView{{what: "deb debian:13 (12 packages): no advisory data"}},
			want: outcome{violations: []entry{{finding: -1, gap: 0, rule: "coverage", reason: "not covered: deb debian:13 (12 packages): no advisory data"}}}},
		{name: "gap warns", stage: Stage{Coverage: ModeWarn}, gaps: []gapView{{what: "x"}},
			want: outcome{warnings: []entry{{finding: -1, gap: 0, rule: "coverage", reason: "not covered: x"}}}},
		{name: "gap off", stage: Stage{Coverage: ModeOff}, gaps: []gapView{{what: "x"}}, want: outcome{}},
		{name: "gap not waived by a warn stage", stage: Stage{Mode: ModeWarn}, gaps: []gapView{{what: "x"}},
			want: outcome{violations: []entry{{finding: -1, gap: 0, rule: "coverage", reason: "not covered: x"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.policy
			at := tt.at
			if at.IsZero() {
				at = now
			}
			got := evaluate(&p, "build", &tt.stage, tt.findings, tt.gaps, at)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(outcome{}, entry{})); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
		})
	}
}
