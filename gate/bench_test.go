package gate

import (
	"fmt"
	"testing"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/match"
)

// BenchmarkEvaluate evaluates the example policy's build stage on a
// synthetic result of 2,000 findings shaped like real ones (a CVSS 3.1
// vector, a distro rating, a fix for half, KEV for one in fifty), with
// both example exceptions.
func BenchmarkEvaluate(b *testing.B) {
	p := readPolicy(b)
	res := &match.Result{}
	for i := range 2000 {
		f := match.Finding{
			Package:       match.Package{PURL: fmt.Sprintf("pkg:deb/debian/pkg%d@1.%d-1?arch=amd64&distro=debian-12", i%700, i), Type: "deb", Name: fmt.Sprintf("pkg%d", i%700)},
			Vulnerability: fmt.Sprintf("CVE-2024-%05d", i), Status: advisory.StatusAffected,
			Severities: []advisory.Severity{
				{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Score: float64(i%100) / 10, Source: "nvd@nist.gov"},
				{Rating: "medium", Source: "debian"},
			},
		}
		if i%2 == 0 {
			f.Fixed = []string{fmt.Sprintf("1.%d-2", i)}
		}
		if i%50 == 0 {
			f.Exploitation = &advisory.Exploitation{KEV: &advisory.KEV{}}
		}
		res.Findings = append(res.Findings, f)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Evaluate(p, "build", res, now); err != nil {
			b.Fatal(err)
		}
	}
}
