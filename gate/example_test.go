package gate_test

import (
	"fmt"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/gate"
	"github.com/loadline/loadline/match"
)

func ExampleEvaluate() {
	p, err := gate.ParsePolicy([]byte(`
version: 1
stages:
  build:
    rules:
      - name: known-exploited
        kev: true
      - name: fixable-high
        maxCvss: 7.0
        fixedOnly: true
exceptions:
  - id: CVE-2023-44487
    reason: HTTP/2 is disabled in this service.
    owner: platform@example.com
    expires: 2026-12-31
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	cvss := func(vector string, score float64) []advisory.Severity {
		return []advisory.Severity{{Type: "CVSS_V3", Vector: vector, Score: score, Source: "nvd@nist.gov"}}
	}
	res := &match.Result{Findings: []match.Finding{
		{Package: match.Package{PURL: "pkg:golang/golang.org/x/net@v0.7.0", Type: "golang"}, Vulnerability: "CVE-2023-44487",
			Status: advisory.StatusAffected, Fixed: []string{"v0.17.0"}, Severities: cvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),
			Exploitation: &advisory.Exploitation{KEV: &advisory.KEV{}}},
		{Package: match.Package{PURL: "pkg:npm/semver@7.5.1", Type: "npm"}, Vulnerability: "CVE-2022-25883",
			Status: advisory.StatusAffected, Fixed: []string{"7.5.2"}, Severities: cvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5)},
	}}
	v, err := gate.Evaluate(p, "build", res, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("pass:", v.Pass, "exit code:", v.ExitCode())
	for _, e := range v.Violations {
		fmt.Printf("%s %s [%s]: %s\n", e.Finding.Package.PURL, e.Finding.Vulnerability, e.Rule, e.Reason)
	}
	for _, e := range v.Warnings {
		fmt.Printf("warning: %s %s: %s\n", e.Finding.Package.PURL, e.Finding.Vulnerability, e.Reason)
	}
	// Output:
	// pass: false exit code: 1
	// pkg:golang/golang.org/x/net@v0.7.0 CVE-2023-44487 [known-exploited]: listed in CISA KEV (exception at line 12 expired on 2026-12-31)
	// pkg:golang/golang.org/x/net@v0.7.0 CVE-2023-44487 [fixable-high]: fixed in v0.17.0; CVSS 3.1 score 7.5 above 7 (exception at line 12 expired on 2026-12-31)
	// pkg:npm/semver@7.5.1 CVE-2022-25883 [fixable-high]: fixed in 7.5.2; CVSS 3.1 score 7.5 above 7
	// warning: pkg:golang/golang.org/x/net@v0.7.0 CVE-2023-44487: exception (line 12, owner platform@example.com) expired on 2026-12-31 and no longer waives this finding
}
