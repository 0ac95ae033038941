package vex_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/match/vex"
	"github.com/loadline/loadline/sbom"
)

const (
	curl   = "pkg:deb/ubuntu/curl@7.68.0-1ubuntu2.20?arch=amd64&distro=ubuntu-20.04"
	zlib   = "pkg:deb/ubuntu/zlib1g@1:1.2.11.dfsg-2ubuntu1.5?arch=amd64&distro=ubuntu-20.04&upstream=zlib"
	shaImg = "sha256:0f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a"
)

func ubuntuResult() *match.Result {
	matched := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	pkg := func(purl string) match.Package {
		return match.Package{PURL: purl, Type: "deb", Name: "x", Version: "1"}
	}
	ev := func(st advisory.Status, reason string) []match.Evidence {
		return []match.Evidence{{Advisory: "CVE", Feed: "ubuntu-vex", Status: st, Reason: reason}}
	}
	return &match.Result{
		Source:  &sbom.Source{Kind: "registry", Name: "example/app:1", Digest: shaImg},
		Matched: matched,
		Findings: []match.Finding{
			{Package: pkg(curl), Vulnerability: "CVE-2023-38545", Aliases: []string{"USN-6429-1"}, Status: advisory.StatusNotAffected,
				Evidence: ev(advisory.StatusNotAffected, "vulnerable_code_not_present: This package (for the given release), while related to the CVE in some way, is not affected by the issue.")},
			{Package: pkg(curl), Vulnerability: "CVE-2024-0001", Status: advisory.StatusAffected, Fixed: []string{"7.68.0-1ubuntu2.21", "7.68.0-1ubuntu2.22"}},
			{Package: pkg(zlib), Vulnerability: "CVE-2016-20013", Status: advisory.StatusWillNotFix,
				Evidence: ev(advisory.StatusWillNotFix, "the Ubuntu Security Team decided to not fix it.")},
			{Package: pkg(zlib), Vulnerability: "CVE-2025-0002", Status: advisory.StatusUnderInvestigation},
			{Package: pkg(zlib), Vulnerability: "CVE-2025-0003", Status: advisory.StatusAffected},
			{Package: pkg(zlib), Vulnerability: "CVE-2025-0004", Status: advisory.StatusNotAffected,
				Evidence: ev(advisory.StatusNotAffected, "not built with the vulnerable option")},
		},
	}
}

// TestFromResult turns a result into statements, and shows that they
// answer Lookup for the findings they came from, and that they encode to
// schema-valid documents.
func TestFromResult(t *testing.T) {
	res := ubuntuResult()
	got := vex.FromResult(res)
	ts := res.Matched
	in := func(purl string) []vex.Product {
		return []vex.Product{{Component: vex.Component{ID: shaImg}, Subcomponents: []vex.Component{{ID: purl, PURL: purl}}}}
	}
	src := func(i string) vex.Source { return vex.Source{Statement: "findings[" + i + "]"} }
	want := []vex.Statement{
		{Vulnerability: "CVE-2023-38545", Aliases: []string{"USN-6429-1"}, Products: in(curl), Status: vex.StatusNotAffected,
			Justification: vex.VulnerableCodeNotPresent, Timestamp: ts, Source: src("0"),
			Impact: "vulnerable_code_not_present: This package (for the given release), while related to the CVE in some way, is not affected by the issue."},
		{Vulnerability: "CVE-2024-0001", Products: in(curl), Status: vex.StatusAffected, Action: "Update to 7.68.0-1ubuntu2.21.",
			Responses: []string{"update"}, Timestamp: ts, Source: src("1")},
		{Vulnerability: "CVE-2016-20013", Products: in(zlib), Status: vex.StatusAffected,
			Action: "The vendor will not fix it.\nthe Ubuntu Security Team decided to not fix it.", Responses: []string{"will_not_fix"}, Timestamp: ts, Source: src("2")},
		{Vulnerability: "CVE-2025-0002", Products: in(zlib), Status: vex.StatusUnderInvestigation, Timestamp: ts, Source: src("3")},
		{Vulnerability: "CVE-2025-0003", Products: in(zlib), Status: vex.StatusAffected, Action: "No fixed version is available yet.", Timestamp: ts, Source: src("4")},
		{Vulnerability: "CVE-2025-0004", Products: in(zlib), Status: vex.StatusNotAffected, Impact: "not built with the vulnerable option", Timestamp: ts, Source: src("5")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("FromResult (-want +got):\n%s", diff)
	}
	ix := vex.NewIndex(&vex.Document{Statements: got})
	for i, f := range res.Findings {
		s, ok := ix.Lookup(vex.Finding{Vulnerability: f.Vulnerability, PURL: f.Package.PURL, Products: []string{shaImg}})
		if !ok || s.Source != want[i].Source {
			t.Errorf("finding %d: Lookup = %v, %v", i, s.Source, ok)
		}
	}
	ovs, cds := openVEXSchema(t), cycloneDXSchema(t)
	if err := validateJSON(ovs, encode(t, got, vex.Options{})); err != nil {
		t.Errorf("OpenVEX: %v", err)
	}
	if err := validateJSON(cds, encode(t, got, vex.Options{Format: vex.CycloneDXJSON})); err != nil {
		t.Errorf("CycloneDX: %v", err)
	}
	if vex.FromResult(nil) != nil {
		t.Error("FromResult(nil) is not nil")
	}
	res.Source = nil
	if s := vex.FromResult(res)[0]; s.Products[0].ID != curl || len(s.Products[0].Subcomponents) != 0 {
		t.Errorf("without an image digest, the product is %+v; want the package", s.Products[0])
	}
}

// TestFromGolden publishes match's golden result.
func TestFromGolden(t *testing.T) {
	b, err := os.ReadFile("../testdata/golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var res match.Result
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	stmts := vex.FromResult(&res)
	if len(stmts) != len(res.Findings) || len(stmts) == 0 {
		t.Fatalf("%d statements from %d findings", len(stmts), len(res.Findings))
	}
	out := encode(t, stmts, vex.Options{})
	if err := validateJSON(openVEXSchema(t), out); err != nil {
		t.Errorf("OpenVEX: %v", err)
	}
	if !bytes.Contains(out, []byte(res.Findings[0].Vulnerability)) {
		t.Error("the first finding's vulnerability is not in the document")
	}
}
