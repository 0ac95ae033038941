package gate

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/match"
)

func readPolicy(t testing.TB) *Policy {
	t.Helper()
	b, err := os.ReadFile("testdata/policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePolicy(b)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestEvaluateReal evaluates the example policy on the real result: the
// semver finding (CVSS 3.1 5.3, fixed in 7.5.2, application layer) and
// the gap of the Alpine packages.
func TestEvaluateReal(t *testing.T) {
	res := realResult(t, false)
	p := readPolicy(t)
	semver := &res.Findings[0]
	gap := &res.Gaps[0]
	const gapWhy = "not covered: apk alpine:3.19 (15 packages): no advisory data for this distro release"
	eolEntry := Entry{Support: res.Support, Rule: "endOfLife", Reason: "Alpine 3.19: end of life since 2025-11-01"}
	tests := []struct {
		stage string
		edit  func(p *Policy)
		want  *Verdict
	}{
		{stage: "build", want: &Verdict{Stage: "build", At: now, Violations: []Entry{{Gap: gap, Rule: "coverage", Reason: gapWhy}, eolEntry}}},
		{stage: "runtime", want: &Verdict{Stage: "runtime", At: now, Pass: true, Warnings: []Entry{{Gap: gap, Rule: "coverage", Reason: gapWhy}}}},
		{stage: "registry", edit: func(p *Policy) {
			st := p.Stages["registry"]
			st.Coverage = ModeOff
			st.Rules[1].MaxCVSS = ptr(5.2)
			p.Stages["registry"] = st
		}, want: &Verdict{Stage: "registry", At: now, Violations: []Entry{{Finding: semver, Rule: "cvss31-critical", Reason: "CVSS 3.1 score 5.3 above 5.2"}}}},
		{stage: "registry", edit: func(p *Policy) {
			st := p.Stages["registry"]
			st.Coverage = ModeOff
			st.Rules[1].MaxCVSS = ptr(5.3)
			p.Stages["registry"] = st
		}, want: &Verdict{Stage: "registry", At: now, Pass: true}},
		{stage: "build", edit: func(p *Policy) {
			st := p.Stages["build"]
			st.Coverage = ModeOff
			st.Rules[1].MaxCVSS = ptr(5.0)
			p.Stages["build"] = st
			p.Exceptions = append(p.Exceptions, Exception{ID: "GHSA-c2qf-rxjj-qqgw", Reason: "ranges are ours", Owner: "web", Expires: day("2026-11-22"), Line: 80})
		}, want: &Verdict{Stage: "build", At: now,
			Violations: []Entry{{Finding: semver, Rule: "fixable-high", Reason: "fixed in 7.5.2; CVSS 3.1 score 5.3 above 5 (exception at line 80 expired on 2026-11-22)",
				Exception: &Exception{ID: "GHSA-c2qf-rxjj-qqgw", Reason: "ranges are ours", Owner: "web", Expires: day("2026-11-22"), Line: 80}}, eolEntry},
			Warnings: []Entry{
				{Finding: semver, Reason: "exception (line 80, owner web) expired on 2026-11-22 and no longer waives this finding",
					Exception: &Exception{ID: "GHSA-c2qf-rxjj-qqgw", Reason: "ranges are ours", Owner: "web", Expires: day("2026-11-22"), Line: 80}},
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.stage, func(t *testing.T) {
			p := readPolicy(t)
			if tt.edit != nil {
				tt.edit(p)
			}
			got, err := Evaluate(p, tt.stage, res, now)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("verdict (-want +got):\n%s", diff)
			}
			if want := map[bool]int{true: 0, false: 1}[got.Pass]; got.ExitCode() != want {
				t.Errorf("ExitCode = %d, want %d", got.ExitCode(), want)
			}
		})
	}
	if _, err := Evaluate(p, "deploy", res, now); !errors.Is(err, ErrUnknownStage) || err.Error() != `gate: unknown stage "deploy" (the policy defines build, registry, runtime)` {
		t.Errorf("unknown stage: %v", err)
	}
}

func TestEvaluateNil(t *testing.T) {
	v, err := Evaluate(&Policy{Stages: map[string]Stage{"build": {Rules: []Rule{{Name: "any"}}}}}, "build", nil, now)
	if err != nil || !v.Pass || v.ExitCode() != ExitPass {
		t.Errorf("Evaluate(nil result) = %+v, %v", v, err)
	}
}

// TestAdapt checks what the rules read of a match.Finding.
func TestAdapt(t *testing.T) {
	layers := map[string]int{"sha256:base": 0, "sha256:app": 1}
	tests := []struct {
		name string
		f    match.Finding
		want view
	}{
		{
			name: "scores by version, highest per version, distro words",
			f: match.Finding{
				Package:       match.Package{PURL: "pkg:deb/debian/openssl@3", Type: "deb", Layer: "sha256:app"},
				Vulnerability: "CVE-1", Aliases: []string{"DSA-1"},
				Status: advisory.StatusAffected, Fixed: []string{"3.1"}, FixPublished: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
				Severities: []advisory.Severity{
					{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Score: 9.8, Source: "nvd"},
					{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", Score: 5.3, Source: "ghsa"},
					{Type: "CVSS_V3", Vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", Score: 5.3, Source: "x"},
					{Type: "CVSS_V2", Vector: "AV:N/AC:L/Au:N/C:P/I:P/A:P", Score: 7.5, Source: "nvd"},
					{Type: "CVSS_V4", Vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", Score: 9.3, Source: "cna"},
					{Rating: "low", Source: "debian"},
					{Rating: "not yet assigned", Source: "debian"},
				},
				Evidence:     []match.Evidence{{Severity: "medium"}},
				Exploitation: &advisory.Exploitation{KEV: &advisory.KEV{}, EPSS: &advisory.EPSS{Score: 0.97}},
			},
			want: view{
				ids: []string{"CVE-1", "DSA-1"}, purl: "pkg:deb/debian/openssl@3", ecosystem: "deb", layer: 1, status: "affected", fixed: []string{"3.1"},
				fixDate: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
				scores:  map[string]float64{"4.0": 9.3, "3.1": 9.8, "3.0": 5.3, "2.0": 7.5}, distro: "medium", kev: true, epss: ptr(0.97),
			},
		},
		{
			name: "not affected by a distro, unknown layer",
			f: match.Finding{
				Package:       match.Package{PURL: "pkg:deb/ubuntu/bash@5", Type: "deb", Layer: "sha256:other"},
				Vulnerability: "CVE-2", Status: advisory.StatusNotAffected,
				Evidence: []match.Evidence{
					{Advisory: "USN-1", Feed: "ubuntu", Status: advisory.StatusAffected},
					{Advisory: "UBUNTU-CVE-2", Feed: "ubuntu", Status: advisory.StatusNotAffected, Reason: "code not present"},
				},
			},
			want: view{ids: []string{"CVE-2"}, purl: "pkg:deb/ubuntu/bash@5", ecosystem: "deb", layer: -1, status: "not_affected", statement: "ubuntu UBUNTU-CVE-2: code not present"},
		},
		{
			name: "not affected by a VEX statement match/vex applied",
			f: match.Finding{
				Package:       match.Package{PURL: "pkg:apk/alpine/busybox@1", Type: "apk"},
				Vulnerability: "CVE-3", Status: advisory.StatusAffected, Fixed: []string{"2"},
				VEX: &match.VEX{Status: "not_affected", Justification: "vulnerable_code_not_in_execute_path", Impact: "awk is not used",
					Format: "openvex", Document: "doc-1", Statement: "statements[0]"},
			},
			want: view{ids: []string{"CVE-3"}, purl: "pkg:apk/alpine/busybox@1", ecosystem: "apk", layer: -1, status: "not_affected", fixed: []string{"2"},
				statement: "openvex doc-1 statements[0] (vulnerable_code_not_in_execute_path): awk is not used"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := adapt(&tt.f, layers)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(view{})); diff != "" {
				t.Errorf("adapt (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRateFinding(t *testing.T) {
	tests := []struct {
		sev  []advisory.Severity
		want Rating
	}{
		{nil, Rating{Severity: "unrated", Source: "no rating from 4.0, 3.1, 3.0, 2.0, distro"}},
		{[]advisory.Severity{{Rating: "important", Source: "redhat"}}, Rating{Severity: "high", Score: 8.9, Source: "distro rating important"}},
		{[]advisory.Severity{{Rating: "HIGH"}, {Type: "CVSS_V3", Vector: "CVSS:3.1/x", Score: 5.3}}, Rating{Severity: "medium", Score: 5.3, Source: "CVSS 3.1"}},
	}
	for _, tt := range tests {
		if got := Rate(&match.Finding{Severities: tt.sev}); got != tt.want {
			t.Errorf("Rate(%v) = %+v, want %+v", tt.sev, got, tt.want)
		}
	}
}

// TestEvaluateRealAlpine evaluates the example policy's build stage on
// the real result with Alpine data: CVE-2024-9143 in libcrypto3 and
// libssl3 is fixed but unrated (secdb gives no severity), so it fails
// fixable-high (never clean by omission) and warns under stale-os-fix
// (the fix's date is unknown); the not_affected findings fail nothing.
func TestEvaluateRealAlpine(t *testing.T) {
	res := realResult(t, true)
	find := func(name string) *match.Finding {
		for i := range res.Findings {
			if f := &res.Findings[i]; f.Package.Name == name && f.Status == advisory.StatusAffected {
				return f
			}
		}
		t.Fatalf("no affected finding of %s", name)
		return nil
	}
	crypto, ssl := find("libcrypto3"), find("libssl3")
	const unrated = "fixed in 3.1.7-r1; unrated (no rating from 4.0, 3.1, 3.0, 2.0, distro), so above 7"
	const stale = "fix 3.1.7-r1 published at an unknown date (maximum age 30 days)"
	want := &Verdict{Stage: "build", At: now,
		Violations: []Entry{{Finding: crypto, Rule: "fixable-high", Reason: unrated}, {Finding: ssl, Rule: "fixable-high", Reason: unrated},
			{Support: res.Support, Rule: "endOfLife", Reason: "Alpine 3.19: end of life since 2025-11-01"}},
		Warnings: []Entry{{Finding: crypto, Rule: "stale-os-fix", Reason: stale}, {Finding: ssl, Rule: "stale-os-fix", Reason: stale}},
	}
	got, err := Evaluate(readPolicy(t), "build", res, now)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("verdict (-want +got):\n%s", diff)
	}
}
