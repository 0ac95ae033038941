package vex_test

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/match/vex"
	"github.com/loadline/loadline/sbom"
)

func TestProducts(t *testing.T) {
	tests := []struct {
		res  *match.Result
		want []string
	}{
		{nil, nil},
		{&match.Result{Source: &sbom.Source{Kind: "docker-archive", Name: "app.tar", ConfigDigest: "sha256:c"}}, []string{"sha256:c"}},
		{&match.Result{Source: &sbom.Source{Kind: "registry", Name: "localhost:5000/team/App:1.0", Digest: "sha256:d", ConfigDigest: "sha256:c"}},
			[]string{"sha256:d", "sha256:c", "pkg:oci/app@sha256:d?repository_url=localhost%3A5000%2Fteam%2FApp"}},
		{&match.Result{Source: &sbom.Source{Kind: "registry", Name: "localhost:5000/app"}}, []string{"pkg:oci/app?repository_url=localhost%3A5000%2Fapp"}},
		{&match.Result{Distro: &sbom.Distro{ID: "rhel", CPEName: "cpe:/o:redhat:enterprise_linux:9::baseos"}}, []string{"cpe:/o:redhat:enterprise_linux:9::baseos"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, vex.Products(tt.res)); diff != "" {
			t.Errorf("Products(%+v) (-want +got):\n%s", tt.res, diff)
		}
	}
}

// TestApply applies Trivy's own OpenVEX document (CVE-2023-42363 in
// busybox is not_affected in the Trivy images) to findings of a Trivy
// image pulled from Docker Hub: the busybox finding is annotated and kept,
// CVE-2024-9143, which it does not name, and the same CVE in another image are not.
func TestApply(t *testing.T) {
	f, err := os.Open("testdata/openvex/trivy-oci.openvex.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := vex.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	ix := vex.NewIndex(doc)
	finding := func(vuln string) match.Finding {
		return match.Finding{
			Package:       match.Package{PURL: "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1", Type: "apk", Name: "busybox"},
			Vulnerability: vuln, Status: advisory.StatusAffected,
		}
	}
	res := &match.Result{
		Source:   &sbom.Source{Kind: "registry", Name: "index.docker.io/aquasec/trivy:0.50.0", Digest: "sha256:d"},
		Findings: []match.Finding{finding("CVE-2023-42363"), finding("CVE-2024-9143")},
	}
	if n := vex.Apply(res, ix); n != 1 {
		t.Errorf("Apply = %d, want 1", n)
	}
	want := &match.VEX{
		Status: "not_affected", Justification: "vulnerable_code_cannot_be_controlled_by_adversary", Impact: "awk is not used",
		Format: "openvex", Document: doc.ID, Statement: "statements[0]",
	}
	got := res.Findings[0].VEX
	if got != nil {
		got.Timestamp = want.Timestamp // the document's own time; not under test here
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("VEX of CVE-2023-42363 (-want +got):\n%s", diff)
	}
	if res.Findings[0].Status != advisory.StatusAffected || res.Findings[1].VEX != nil {
		t.Errorf("Apply changed a status or annotated CVE-2024-9143: %+v", res.Findings)
	}
	other := &match.Result{Source: &sbom.Source{Kind: "registry", Name: "example.com/other:1", Digest: "sha256:e"}, Findings: []match.Finding{finding("CVE-2023-42363")}}
	if n := vex.Apply(other, ix); n != 0 {
		t.Errorf("Apply to another image = %d, want 0", n)
	}
	if n := vex.Apply(nil, ix) + vex.Apply(res, nil); n != 0 {
		t.Errorf("Apply with nil = %d, want 0", n)
	}
}
