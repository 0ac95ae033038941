package gate

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/match/vex"
	"github.com/loadline/loadline/sbom"
)

// TestEvaluateVEX applies Trivy's own OpenVEX document (CVE-2023-42363 in
// busybox is not_affected in the Trivy images, "awk is not used") to
// busybox findings of a Trivy image and of another image.
func TestEvaluateVEX(t *testing.T) {
	f, err := os.Open("testdata/trivy-oci.openvex.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := vex.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	ix := vex.NewIndex(doc)
	busybox := func(vuln string) match.Finding {
		return match.Finding{
			Package:       match.Package{PURL: "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1", Type: "apk", Name: "busybox", Version: "1.36.1-r15"},
			Vulnerability: vuln, Status: advisory.StatusAffected,
			Severities: []advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", Score: 5.5}},
		}
	}
	p := &Policy{Stages: map[string]Stage{"build": {Rules: []Rule{{Name: "medium", MaxCVSS: ptr(5.0)}}}}}
	const statement = "openvex https://openvex.dev/docs/public/vex-8e30ed756ae8e4196af93bf43edf68360f396a98c0268787453a3443b26e7d6c statements[0] (vulnerable_code_cannot_be_controlled_by_adversary): awk is not used"
	tests := []struct {
		name   string
		source *sbom.Source
		vuln   string
		waived bool
	}{
		{"trivy from ghcr", &sbom.Source{Kind: "registry", Name: "ghcr.io/aquasecurity/trivy:0.50.1", Digest: "sha256:0123"}, "CVE-2023-42363", true},
		{"trivy from Docker Hub by digest", &sbom.Source{Kind: "registry", Name: "index.docker.io/aquasec/trivy@sha256:0123", Digest: "sha256:0123"}, "CVE-2023-42363", true},
		{"trivy, another CVE", &sbom.Source{Kind: "registry", Name: "ghcr.io/aquasecurity/trivy:0.50.1"}, "CVE-2024-0001", false},
		{"another image", &sbom.Source{Kind: "registry", Name: "ghcr.io/example/app:1"}, "CVE-2023-42363", false},
		{"a directory", &sbom.Source{Kind: "dir", Name: "ghcr.io/aquasecurity/trivy"}, "CVE-2023-42363", false},
		{"no source", nil, "CVE-2023-42363", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &match.Result{Source: tt.source, Findings: []match.Finding{busybox(tt.vuln)}}
			got, err := EvaluateVEX(p, "build", res, ix, now)
			if err != nil {
				t.Fatal(err)
			}
			want := &Verdict{Stage: "build", At: now, Violations: []Entry{{Finding: &res.Findings[0], Rule: "medium", Reason: "CVSS 3.1 score 5.5 above 5"}}}
			if tt.waived {
				want = &Verdict{Stage: "build", At: now, Pass: true, Waivers: []Entry{{Finding: &res.Findings[0], Rules: []string{"medium"},
					Statement: statement, Reason: "not affected: " + statement}}}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("verdict (-want +got):\n%s", diff)
			}
		})
	}
	// Without the index, Evaluate fails the finding.
	res := &match.Result{Source: tests[0].source, Findings: []match.Finding{busybox("CVE-2023-42363")}}
	if v, _ := Evaluate(p, "build", res, now); v.Pass {
		t.Error("Evaluate without VEX passed")
	}
}
