package report_test

import (
	"os"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/gate"
	"github.com/loadline/loadline/gate/report"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/sbom"
)

func ExampleTable() {
	res := &match.Result{
		Source: &sbom.Source{Name: "shop/api:1.4", Digest: "sha256:3333"},
		Findings: []match.Finding{{
			Package:       match.Package{PURL: "pkg:npm/semver@7.5.1", Type: "npm", Name: "semver", Version: "7.5.1"},
			Vulnerability: "CVE-2022-25883", Status: advisory.StatusAffected, Fixed: []string{"7.5.2"},
			Severities: []advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", Score: 5.3}},
		}},
	}
	p := &gate.Policy{Stages: map[string]gate.Stage{"build": {Rules: []gate.Rule{{Name: "fixable", FixedOnly: true}}}}}
	v, err := gate.Evaluate(p, "build", res, time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	if err := report.Table(os.Stdout, report.Input{Result: res, Verdict: v}); err != nil {
		panic(err)
	}
	// Output:
	// Target:   shop/api:1.4 (sha256:3333)
	// Verdict:  FAIL at stage build: 1 violations, 0 waivers, 0 warnings (exit code 1)
	// Findings: 1, critical 0, high 0, medium 1, low 0, negligible 0, unrated 0; gaps: 0
	//
	// SEVERITY  SCORE  PACKAGE  VERSION  TYPE  VULNERABILITY   STATUS    FIXED IN  VERDICT
	// medium    5.3    semver   7.5.1    npm   CVE-2022-25883  affected  7.5.2     FAIL fixable
	//
	// Violations:
	//   semver@7.5.1 CVE-2022-25883 [fixable]: fixed in 7.5.2
}
