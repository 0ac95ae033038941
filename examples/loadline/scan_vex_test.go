package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/match/vex"
	"github.com/loadline/loadline/sbom"
)

func TestAnnotate(t *testing.T) {
	const digest = "sha256:1a3fcd92f6872d54b5b1fd9a1922392f4cbb9280255dab9862de04627094c343"
	finding := func(purl, id string, aliases ...string) match.Finding {
		return match.Finding{
			Package:       match.Package{PURL: purl, Type: "apk", Name: "libcrypto3", Version: "3.1.7-r0"},
			Vulnerability: id, Aliases: aliases, Status: advisory.StatusAffected, Fixed: []string{"3.1.7-r1"},
			Evidence: []match.Evidence{{Advisory: id, Feed: "alpine", Status: advisory.StatusAffected, Confidence: match.ConfidenceHigh}},
		}
	}
	const crypto = "pkg:apk/alpine/libcrypto3@3.1.7-r0?arch=x86_64"
	stmt := func(id string, status vex.Status, product vex.Product) vex.Statement {
		return vex.Statement{Vulnerability: id, Status: status, Products: []vex.Product{product},
			Source: vex.Source{Format: vex.OpenVEX, Document: "doc", Statement: "statements[0]"}}
	}
	byPURL := vex.Product{Component: vex.Component{ID: "pkg:apk/alpine/libcrypto3", PURL: "pkg:apk/alpine/libcrypto3"}}
	inImage := vex.Product{Component: vex.Component{ID: digest}, Subcomponents: []vex.Component{byPURL.Component}}
	annotated := func(f match.Finding, stated, reason string) match.Finding {
		f.Status = advisory.StatusNotAffected
		f.Evidence = append(f.Evidence, match.Evidence{Advisory: stated, Feed: "vex", Record: "openvex doc statements[0]",
			Ecosystem: "apk", Package: "libcrypto3", Version: "3.1.7-r0", Status: advisory.StatusNotAffected, Reason: reason, Confidence: match.ConfidenceHigh})
		return f
	}
	withImpact := stmt("CVE-2024-9143", vex.StatusNotAffected, byPURL)
	withImpact.Justification, withImpact.Impact = vex.VulnerableCodeNotInExecutePath, "no GF(2^m) curves"
	byAlias := stmt("GHSA-xxxx", vex.StatusFixed, inImage)
	byAlias.Notes = "rebuilt"
	tests := []struct {
		name  string
		stmts []vex.Statement
		in    match.Finding
		want  match.Finding
	}{
		{"not_affected by package", []vex.Statement{withImpact}, finding(crypto, "CVE-2024-9143"),
			annotated(finding(crypto, "CVE-2024-9143"), "CVE-2024-9143", "openvex doc statements[0] (vulnerable_code_not_in_execute_path): no GF(2^m) curves")},
		{"fixed by alias in the image", []vex.Statement{byAlias}, finding(crypto, "CVE-2024-9143", "GHSA-xxxx"),
			annotated(finding(crypto, "CVE-2024-9143", "GHSA-xxxx"), "GHSA-xxxx", "openvex doc statements[0] says fixed: rebuilt")},
		{"affected changes nothing", []vex.Statement{stmt("CVE-2024-9143", vex.StatusAffected, byPURL)}, finding(crypto, "CVE-2024-9143"), finding(crypto, "CVE-2024-9143")},
		{"under investigation changes nothing", []vex.Statement{stmt("CVE-2024-9143", vex.StatusUnderInvestigation, byPURL)}, finding(crypto, "CVE-2024-9143"), finding(crypto, "CVE-2024-9143")},
		{"another vulnerability", []vex.Statement{stmt("CVE-2024-0001", vex.StatusNotAffected, byPURL)}, finding(crypto, "CVE-2024-9143"), finding(crypto, "CVE-2024-9143")},
		{"another image", []vex.Statement{stmt("CVE-2024-9143", vex.StatusNotAffected, vex.Product{Component: vex.Component{ID: "sha256:00"}, Subcomponents: inImage.Subcomponents})},
			finding(crypto, "CVE-2024-9143"), finding(crypto, "CVE-2024-9143")},
		{"no statements", nil, finding(crypto, "CVE-2024-9143"), finding(crypto, "CVE-2024-9143")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &match.Result{Source: &sbom.Source{Kind: "docker-archive", ConfigDigest: digest}, Findings: []match.Finding{tt.in}}
			annotate(res, vex.NewIndex(&vex.Document{Format: vex.OpenVEX, ID: "doc", Statements: tt.stmts}))
			if diff := cmp.Diff([]match.Finding{tt.want}, res.Findings); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestImageProducts(t *testing.T) {
	tests := []struct {
		src  *sbom.Source
		want []string
	}{
		{nil, nil},
		{&sbom.Source{Kind: "docker-archive", Name: "app.tar", ConfigDigest: "sha256:c"}, []string{"sha256:c"}},
		{&sbom.Source{Kind: "registry", Name: "ghcr.io/acme/App:1.0", Digest: "sha256:m", ConfigDigest: "sha256:c"},
			[]string{"sha256:m", "sha256:c", "pkg:oci/app@sha256:m?repository_url=ghcr.io%2Facme%2FApp"}},
		{&sbom.Source{Kind: "registry", Name: "localhost:5000/app"}, []string{"pkg:oci/app?repository_url=localhost%3A5000%2Fapp"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, imageProducts(tt.src)); diff != "" {
			t.Errorf("%+v (-want +got):\n%s", tt.src, diff)
		}
	}
}
