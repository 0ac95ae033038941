package vex_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/match/vex"
)

// ghcrTrivy is the trivy image as loadline names it: its pkg:oci PURL at
// its digest, and the digest.
const (
	trivyDigest = "sha256:a0ba2d5b4c4e2a6f0b0f7d0f4f5e7c3b1d2e3f405162738495a6b7c8d9e0f1a2"
	ghcrTrivy   = "pkg:oci/trivy@sha256%3Aa0ba2d5b4c4e2a6f0b0f7d0f4f5e7c3b1d2e3f405162738495a6b7c8d9e0f1a2?repository_url=ghcr.io/aquasecurity/trivy"
)

// TestLookup asks the question matching asks, of the real documents.
func TestLookup(t *testing.T) {
	var docs []*vex.Document
	for _, f := range []string{
		"openvex/trivy-oci.openvex.json",
		"openvex/trivy-project.openvex.json",
		"openvex/chainguard-joblib.openvex.json",
		"openvex/chainguard-urllib3.openvex.json",
		"cyclonedx/VEX_vex.json",
		"cyclonedx/valid-vulnerability-1.6.json",
		"cyclonedx/Use-Cases_Case-9_vex.json",
	} {
		docs = append(docs, decodeFile(t, "testdata/"+f))
	}
	ix := vex.NewIndex(docs...)
	if ix.Len() != 7+21+1+1+1+1+19 {
		t.Fatalf("Len = %d", ix.Len())
	}
	tests := []struct {
		name string
		f    vex.Finding
		// want is the applying statement's Source.Statement and status, ""
		// for none.
		want, status string
	}{
		{
			name: "image subcomponent",
			f: vex.Finding{Vulnerability: "CVE-2024-4741", PURL: "pkg:apk/alpine/libssl3@3.3.0-r2?arch=x86_64&distro=alpine-3.20.0",
				Products: []string{ghcrTrivy}},
			want: "statements[4]", status: "not_affected",
		},
		{
			name: "image subcomponent, the image by the other registry",
			f: vex.Finding{Vulnerability: "CVE-2024-4741", PURL: "pkg:apk/alpine/libcrypto3@3.3.0-r2",
				Products: []string{"pkg:oci/trivy@sha256%3Aa0?repository_url=index.docker.io/aquasec/trivy"}},
			want: "statements[4]", status: "not_affected",
		},
		{
			name: "image subcomponent outside the image",
			f:    vex.Finding{Vulnerability: "CVE-2024-4741", PURL: "pkg:apk/alpine/libssl3@3.3.0-r2"},
		},
		{
			name: "image subcomponent in another image",
			f: vex.Finding{Vulnerability: "CVE-2024-4741", PURL: "pkg:apk/alpine/libssl3@3.3.0-r2",
				Products: []string{"pkg:oci/trivy@sha256%3Aa0?repository_url=quay.io/someone/trivy"}},
		},
		{
			name: "package not among the subcomponents",
			f:    vex.Finding{Vulnerability: "CVE-2024-4741", PURL: "pkg:apk/alpine/busybox@1.36.1-r29", Products: []string{ghcrTrivy}},
		},
		{
			name: "another vulnerability",
			f:    vex.Finding{Vulnerability: "CVE-2024-0001", PURL: "pkg:apk/alpine/libssl3@3.3.0-r2", Products: []string{ghcrTrivy}},
		},
		{
			name: "main module subcomponent by alias",
			f: vex.Finding{Vulnerability: "GHSA-r53h-jv2g-vpx6", Aliases: []string{"CVE-2024-26147"},
				PURL: "pkg:golang/helm.sh/helm/v3@v3.14.0", Products: []string{trivyDigest, "pkg:golang/github.com/aquasecurity/trivy@v0.53.0"}},
			want: "statements[0]", status: "not_affected",
		},
		{
			name: "alias case",
			f: vex.Finding{Vulnerability: "ghsa-r53h-jv2g-vpx6",
				PURL: "pkg:golang/helm.sh/helm/v3@v3.14.0", Products: []string{"pkg:golang/github.com/aquasecurity/trivy@v0.53.0"}},
			want: "statements[0]", status: "not_affected",
		},
		{
			name: "versioned subcomponent, that version",
			f: vex.Finding{Vulnerability: "GO-2025-4192", PURL: "pkg:golang/github.com/sigstore/timestamp-authority@v1.2.2",
				Products: []string{"pkg:golang/github.com/aquasecurity/trivy@v0.68.0"}},
			want: "statements[20]", status: "not_affected",
		},
		{
			name: "versioned subcomponent, another version",
			f: vex.Finding{Vulnerability: "GO-2025-4192", PURL: "pkg:golang/github.com/sigstore/timestamp-authority@v1.2.3",
				Products: []string{"pkg:golang/github.com/aquasecurity/trivy@v0.68.0"}},
		},
		{
			name: "product itself, fixed version, by alias",
			f:    vex.Finding{Vulnerability: "CVE-2022-21797", PURL: "pkg:pypi/joblib@1.0.0%2Bcgr.1"},
			want: "statements[0]", status: "fixed",
		},
		{
			name: "pypi name normalised",
			f:    vex.Finding{Vulnerability: "CVE-2022-21797", PURL: "pkg:pypi/JobLib@1.0.0%2Bcgr.1"},
			want: "statements[0]", status: "fixed",
		},
		{
			name: "product at another version",
			f:    vex.Finding{Vulnerability: "CVE-2022-21797", PURL: "pkg:pypi/joblib@1.0.0"},
		},
		{
			name: "second product of a statement",
			f:    vex.Finding{Vulnerability: "CVE-2023-45803", PURL: "pkg:pypi/urllib3@1.26.16%2Bcgr.1"},
			want: "statements[0]", status: "fixed",
		},
		{
			name: "BOM-Link to a PURL, more qualifiers in the finding",
			f:    vex.Finding{Vulnerability: "CVE-2020-25649", PURL: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar&classifier=x"},
			want: "vulnerabilities[0]", status: "not_affected",
		},
		{
			name: "BOM-Link to a PURL, a qualifier missing in the finding",
			f:    vex.Finding{Vulnerability: "CVE-2020-25649", PURL: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0"},
		},
		{
			name: "CycloneDX versions, in a vers range",
			f:    vex.Finding{Vulnerability: "CVE-2018-7489", PURL: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.8.0"},
			want: "6eee14da-8f42-4cc4-bb65-203235f02415", status: "not_affected",
		},
		{
			name: "CycloneDX versions, the equality of a vers range",
			f:    vex.Finding{Vulnerability: "CVE-2018-7489", PURL: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.0"},
			want: "6eee14da-8f42-4cc4-bb65-203235f02415", status: "not_affected",
		},
		{
			name: "CycloneDX versions, outside every range",
			f:    vex.Finding{Vulnerability: "CVE-2018-7489", PURL: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.5"},
		},
		{
			name: "CycloneDX BOM-Link to a bom-ref, by the finding's products",
			f:    vex.Finding{Vulnerability: "CVE-2020-11901", PURL: "pkg:generic/tcpip@1", Products: []string{"urn:cdx:6ffac0b2-5246-4fb9-a6fe-7993041856a0/1#acme-product-2"}},
			want: "vulnerabilities[5]", status: "not_affected",
		},
		{
			name: "no vulnerability",
			f:    vex.Finding{PURL: "pkg:pypi/joblib@1.0.0%2Bcgr.1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := ix.Lookup(tt.f)
			got := [2]string{s.Source.Statement, string(s.Status)}
			if diff := cmp.Diff([2]string{tt.want, tt.status}, got); diff != "" || ok != (tt.want != "") {
				t.Errorf("Lookup ok %v (-want +got):\n%s", ok, diff)
			}
		})
	}
}

const imageDoc = `{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/image",
  "author": "ops",
  "timestamp": "2024-05-01T00:00:00Z",
  "version": 1,
  "statements": [
    {"vulnerability": {"name": "CVE-2024-1"}, "products": [{"@id": "sha256:a0ba2d5b4c4e2a6f0b0f7d0f4f5e7c3b1d2e3f405162738495a6b7c8d9e0f1a2"}],
     "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"},
    {"vulnerability": {"name": "CVE-2024-2"}, "timestamp": "2024-06-01T00:00:00Z", "products": [{"@id": "pkg:deb/debian/openssl"}],
     "status": "affected", "action_statement": "upgrade"},
    {"vulnerability": {"name": "CVE-2024-2"}, "timestamp": "2024-05-15T00:00:00Z", "products": [{"@id": "pkg:deb/debian/openssl@3.0.11-1~deb12u2"}],
     "status": "not_affected", "impact_statement": "older"},
    {"vulnerability": {"name": "CVE-2024-3"}, "products": [{"@id": "pkg:deb/debian/zlib1g"}], "status": "under_investigation"},
    {"vulnerability": {"name": "CVE-2024-3"}, "products": [{"@id": "pkg:deb/debian/zlib1g"}], "status": "fixed"}
  ]
}`

// TestLookupRules covers the rules real documents do not: an image
// digest as the product, the latest statement winning whatever the order,
// document order at equal times, and documents in the order given.
func TestLookupRules(t *testing.T) {
	d, err := vex.Decode(strings.NewReader(imageDoc))
	if err != nil {
		t.Fatal(err)
	}
	later := &vex.Document{Statements: []vex.Statement{{
		Vulnerability: "CVE-2024-3", Status: vex.StatusAffected, Timestamp: d.Timestamp,
		Products: []vex.Product{{Component: vex.Component{ID: "pkg:deb/debian/zlib1g", PURL: "pkg:deb/debian/zlib1g"}}},
		Source:   vex.Source{Statement: "later"},
	}}}
	ix := vex.NewIndex(d, nil, later)
	tests := []struct {
		name, want string
		f          vex.Finding
	}{
		{"digest covers every package", "statements[0]",
			vex.Finding{Vulnerability: "CVE-2024-1", PURL: "pkg:npm/left-pad@1.0.0", Products: []string{trivyDigest}}},
		{"digest as a pkg:oci PURL", "statements[0]",
			vex.Finding{Vulnerability: "CVE-2024-1", PURL: "pkg:npm/left-pad@1.0.0", Products: []string{ghcrTrivy}}},
		{"another image", "",
			vex.Finding{Vulnerability: "CVE-2024-1", PURL: "pkg:npm/left-pad@1.0.0", Products: []string{"sha256:" + strings.Repeat("0", 64)}}},
		{"latest by time, not by place", "statements[1]",
			vex.Finding{Vulnerability: "CVE-2024-2", PURL: "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12"}},
		{"versionless PURL covers every version", "statements[1]",
			vex.Finding{Vulnerability: "CVE-2024-2", PURL: "pkg:deb/debian/openssl@3.0.15-1~deb12u1"}},
		{"equal times: the later document", "later",
			vex.Finding{Vulnerability: "CVE-2024-3", PURL: "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := ix.Lookup(tt.f)
			if s.Source.Statement != tt.want || ok != (tt.want != "") {
				t.Errorf("Lookup = %q, %v; want %q", s.Source.Statement, ok, tt.want)
			}
		})
	}
	ix = vex.NewIndex(d)
	if s, _ := ix.Lookup(vex.Finding{Vulnerability: "CVE-2024-3", PURL: "pkg:deb/debian/zlib1g@1"}); s.Source.Statement != "statements[4]" {
		t.Errorf("equal times: got %q, want the later statement, statements[4]", s.Source.Statement)
	}
	var nilIndex *vex.Index
	if _, ok := nilIndex.Lookup(vex.Finding{Vulnerability: "CVE-2024-3"}); ok || nilIndex.Len() != 0 {
		t.Error("a nil Index has statements")
	}
}

// TestLookupRedHat asks of Red Hat's CSAF VEX for CVE-2023-38545 (read
// from advisory/csaf's copy): a fixed build, another build of the same
// package, and a product that is not affected.
func TestLookupRedHat(t *testing.T) {
	ix := vex.NewIndex(decodeFile(t, "../../advisory/csaf/testdata/cve-2023-38545.json"))
	tests := []struct {
		purl, status, justification string
	}{
		{"pkg:rpm/redhat/curl@7.76.1-26.el9_3.2?arch=x86_64&distro=rhel-9.3", "fixed", ""},
		{"pkg:rpm/redhat/libcurl-minimal@7.76.1-14.el9_0.9?arch=aarch64", "fixed", ""},
		{"pkg:rpm/redhat/rubygem-foreman_scap_client@0.5.2-1.el7sat?arch=noarch", "not_affected", "vulnerable_code_not_present"},
		// RHEL 8's curl is not affected, RHEL 9's is: the statement
		// about every curl in RHEL 8 covers it only in an image that
		// says it is RHEL 8.
		{"pkg:rpm/redhat/curl@7.76.1-26.el9_3.1?arch=x86_64&distro=rhel-9.3", "", ""},
		{"pkg:rpm/redhat/curl@7.61.1-34.el8?arch=x86_64&distro=rhel-8.6", "", ""},
		{"pkg:rpm/redhat/curl@7.61.1-34.el8?arch=x86_64&distro=rhel-8.6 cpe:/o:redhat:enterprise_linux:8::baseos", "not_affected", "vulnerable_code_not_present"},
		{"pkg:rpm/redhat/curl@7.61.1-34.el8?arch=x86_64&distro=rhel-8.6 cpe:/o:redhat:enterprise_linux:9::baseos", "", ""},
		{"pkg:rpm/redhat/libcurl-minimal@7.61.1-34.el8?arch=x86_64 cpe:2.3:o:redhat:enterprise_linux:8.6:*:baseos:*:*:*:*:*", "not_affected", "vulnerable_code_not_present"},
	}
	for _, tt := range tests {
		purl, product, _ := strings.Cut(tt.purl, " ")
		f := vex.Finding{Vulnerability: "CVE-2023-38545", PURL: purl}
		if product != "" {
			f.Products = []string{product}
		}
		s, ok := ix.Lookup(f)
		if got := [3]any{ok, string(s.Status), string(s.Justification)}; got != [3]any{tt.status != "", tt.status, tt.justification} {
			t.Errorf("%s: got %v, want %s %s", tt.purl, got, tt.status, tt.justification)
		}
	}
}

// TestLookupUnparsable shows that a finding whose PURL does not parse
// still finds a statement that names it by the same string.
func TestLookupUnparsable(t *testing.T) {
	const odd = "pkg:npm/%zz@1"
	ix := vex.NewIndex(&vex.Document{Statements: []vex.Statement{{
		Vulnerability: "CVE-2024-9", Status: vex.StatusFixed,
		Products: []vex.Product{{Component: vex.Component{ID: odd, PURL: odd}}},
	}}})
	if _, ok := ix.Lookup(vex.Finding{Vulnerability: "CVE-2024-9", PURL: odd}); !ok {
		t.Error("no statement for the same unparsable PURL")
	}
}
