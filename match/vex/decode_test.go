package vex_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/match/vex"
)

func decodeFile(t testing.TB, path string) *vex.Document {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := vex.Decode(f)
	if err != nil {
		t.Fatalf("Decode(%s): %v", path, err)
	}
	return d
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// TestDecodeDocuments checks real documents field by field: whole
// documents where they are small, chosen statements where they are not.
func TestDecodeDocuments(t *testing.T) {
	const cgJoblib = "https://openvex.dev/docs/public/vex-19f7550fa29078b1afbddaad66a7c0a49e7c0c475704bc39a793fb21fd949664"
	tests := []struct {
		file string
		// count is the number of statements; want, when set, the whole
		// document; index and stmt a statement of it.
		count int
		want  *vex.Document
		index int
		stmt  vex.Statement
	}{
		{
			file:  "openvex/chainguard-joblib.openvex.json",
			count: 1,
			want: &vex.Document{
				Format: vex.OpenVEX, ID: cgJoblib, Author: "Chainguard Team",
				Timestamp: ts("2025-08-29T22:13:16.561Z"), Version: 1,
				Statements: []vex.Statement{{
					Vulnerability: "CGA-48gh-376r-gw73",
					Aliases:       []string{"CVE-2022-21797", "GHSA-6hrg-qmvc-2xh8"},
					Products: []vex.Product{{Component: vex.Component{
						ID: "pkg:pypi/joblib@1.0.0%2Bcgr.1", PURL: "pkg:pypi/joblib@1.0.0%2Bcgr.1",
					}}},
					Status:    vex.StatusFixed,
					Timestamp: ts("2025-08-29T22:13:16.561Z"),
					Source:    vex.Source{Format: vex.OpenVEX, Document: cgJoblib, Statement: "statements[0]"},
				}},
			},
		},
		{
			// A product named by identifiers alone; last_updated is the
			// statement's time.
			file:  "openvex/chainguard-spring-security-web.openvex.json",
			count: 1,
			stmt: vex.Statement{
				Vulnerability: "CGA-3mj7-wxw9-qjx2",
				Aliases:       []string{"CGA-j87j-7fw6-jfqx", "CVE-2026-22732", "GHSA-mf92-479x-3373"},
				Products: []vex.Product{{Component: vex.Component{
					ID:   "pkg:maven/org.springframework.security/spring-security-web@5.8.16-0.cgr.1",
					PURL: "pkg:maven/org.springframework.security/spring-security-web@5.8.16-0.cgr.1",
				}}},
				Status:    vex.StatusFixed,
				Timestamp: ts("2026-05-02T06:03:05.151Z"),
				Source: vex.Source{Format: vex.OpenVEX, Statement: "statements[0]",
					Document: "https://openvex.dev/docs/public/vex-2c8a8b2c2f9c0a4e2c6e8b6f4a1d3c5e7f9a2b4c6e8b6f4a1d3c5e7f9a2b4c6e"},
			},
		},
		{
			// An image product scoped to subcomponents; statements
			// inherit the document's time (+04:00 in the document).
			file:  "openvex/trivy-oci.openvex.json",
			count: 7,
			index: 4,
			stmt: vex.Statement{
				Vulnerability: "CVE-2024-4741",
				Products: []vex.Product{
					{
						Component:     vex.Component{ID: "pkg:oci/trivy?repository_url=index.docker.io%2Faquasec%2Ftrivy", PURL: "pkg:oci/trivy?repository_url=index.docker.io%2Faquasec%2Ftrivy"},
						Subcomponents: ossl,
					},
					{
						Component:     vex.Component{ID: "pkg:oci/trivy?repository_url=public.ecr.aws%2Faquasecurity%2Ftrivy", PURL: "pkg:oci/trivy?repository_url=public.ecr.aws%2Faquasecurity%2Ftrivy"},
						Subcomponents: ossl,
					},
					{
						Component:     vex.Component{ID: "pkg:oci/trivy?repository_url=ghcr.io/aquasecurity/trivy", PURL: "pkg:oci/trivy?repository_url=ghcr.io/aquasecurity/trivy"},
						Subcomponents: ossl,
					},
				},
				Status:        vex.StatusNotAffected,
				Justification: vex.VulnerableCodeCannotBeControlledByAdversary,
				Impact:        "openssl is not used",
				Timestamp:     ts("2024-07-10T08:17:44.60495Z"),
				Source: vex.Source{Format: vex.OpenVEX, Statement: "statements[4]",
					Document: "https://openvex.dev/docs/public/vex-8e30ed756ae8e4196af93bf43edf68360f396a98c0268787453a3443b26e7d6c"},
			},
		},
		{
			// A main module scoped to a versioned subcomponent, named by
			// @id and identifiers both.
			file:  "openvex/trivy-project.openvex.json",
			count: 21,
			index: 20,
			stmt: vex.Statement{
				Vulnerability: "GO-2025-4192",
				Aliases:       []string{"CVE-2025-66564", "GHSA-4qg8-fj49-pxjh"},
				Products: []vex.Product{{
					Component:     vex.Component{ID: "pkg:golang/github.com/aquasecurity/trivy", PURL: "pkg:golang/github.com/aquasecurity/trivy"},
					Subcomponents: []vex.Component{{ID: "pkg:golang/github.com/sigstore/timestamp-authority@v1.2.2", PURL: "pkg:golang/github.com/sigstore/timestamp-authority@v1.2.2"}},
				}},
				Status:        vex.StatusNotAffected,
				Justification: vex.VulnerableCodeNotPresent,
				Impact:        "Govulncheck determined that the vulnerable code isn't called",
				Timestamp:     ts("2024-07-09T07:38:00.115697Z"),
				Source: vex.Source{Format: vex.OpenVEX, Statement: "statements[20]",
					Document: "aquasecurity/trivy:613fd55abbc2857b5ca28b07a26f3cd4c8b0ddc4c8a97c57497a2d4c4880d7fc"},
			},
		},
		{
			file:  "cyclonedx/CISA-Use-Cases_Case-1_vex-not_affected.json",
			count: 1,
			want: &vex.Document{
				Format: vex.CycloneDXJSON, Timestamp: ts("2022-03-03T00:00:00Z"), Version: 1,
				Statements: []vex.Statement{{
					Vulnerability:    "CVE-2021-44228",
					Products:         []vex.Product{{Component: vex.Component{ID: "product-ABC"}}},
					Status:           vex.StatusNotAffected,
					Justification:    vex.VulnerableCodeNotPresent,
					RawJustification: "code_not_present",
					Impact:           "This version of Product ABC is not affected by the vulnerability. Class with vulnerable code was removed before shipping.",
					Responses:        []string{"will_not_fix"},
					Timestamp:        ts("2022-03-03T00:00:00Z"),
					Source:           vex.Source{Format: vex.CycloneDXJSON, Statement: "vulnerabilities[0]"},
				}},
			},
		},
		{
			file:  "cyclonedx/CISA-Use-Cases_Case-1_vex-under_investigation.json",
			count: 1,
			stmt: vex.Statement{
				Vulnerability: "CVE-2021-44228",
				Products:      []vex.Product{{Component: vex.Component{ID: "product-GHI"}}},
				Status:        vex.StatusUnderInvestigation,
				RawStatus:     "in_triage",
				Notes:         "This version of Product GHI is under investigation to determine if product is affected.",
				Timestamp:     ts("2022-03-03T00:00:00Z"),
				Source:        vex.Source{Format: vex.CycloneDXJSON, Statement: "vulnerabilities[0]"},
			},
		},
		{
			// Two statements on one product, told apart by vers ranges.
			file:  "cyclonedx/Use-Cases_Case-5_vex.json",
			count: 2,
			index: 1,
			stmt: vex.Statement{
				Vulnerability: "CVE-2020-25649",
				Products: []vex.Product{{
					Component: vex.Component{ID: "acme-product"},
					Versions:  []vex.VersionStatus{{Range: "vers:semver/<1.5.0|>=7.0.0", Status: "unaffected"}},
				}},
				Status:           vex.StatusNotAffected,
				Justification:    vex.VulnerableCodeNotInExecutePath,
				RawJustification: "code_not_reachable",
				Impact:           "Automated dataflow analysis and manual code review indicates that the vulnerable code is not reachable, either directly or indirectly.",
				Responses:        []string{"will_not_fix", "update"},
				Timestamp:        ts("2022-01-13T00:00:00Z"),
				Source:           vex.Source{Format: vex.CycloneDXJSON, Statement: "vulnerabilities[1]"},
			},
		},
		{
			// A BOM-Link into another BOM whose bom-ref is a PURL; the
			// vulnerability's updated time; references as aliases.
			file:  "cyclonedx/VEX_vex.json",
			count: 1,
			stmt: vex.Statement{
				Vulnerability: "CVE-2020-25649",
				Aliases:       []string{"SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302"},
				Products: []vex.Product{{Component: vex.Component{
					ID:   "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar",
					PURL: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar",
				}}},
				Status:           vex.StatusNotAffected,
				Justification:    vex.VulnerableCodeNotInExecutePath,
				RawJustification: "code_not_reachable",
				Impact:           "Automated dataflow analysis and manual code review indicates that the vulnerable code is not reachable, either directly or indirectly.",
				Action:           "Upgrade com.fasterxml.jackson.core:jackson-databind to version 2.6.7.4, 2.9.10.7, 2.10.5.1 or higher.",
				Responses:        []string{"will_not_fix", "update"},
				Timestamp:        ts("2021-10-26T00:00:00Z"),
				Source:           vex.Source{Format: vex.CycloneDXJSON, Statement: "vulnerabilities[0]"},
			},
		},
		{
			// No affects: a statement that applies to nothing.
			file:  "cyclonedx/Use-Cases_Case-7_vex.json",
			count: 1,
			want: &vex.Document{
				Format: vex.CycloneDXJSON, Author: "Acme, Inc.", Timestamp: ts("2020-04-13T20:20:39Z"), Version: 1,
				Statements: []vex.Statement{{
					Vulnerability:    "CVE-2020-25649",
					Status:           vex.StatusNotAffected,
					Justification:    vex.VulnerableCodeNotInExecutePath,
					RawJustification: "code_not_reachable",
					Impact:           "This vulnerability is not exploitable in any current version of any product.",
					Responses:        []string{"will_not_fix", "update"},
					Timestamp:        ts("2020-04-13T20:20:39Z"),
					Source:           vex.Source{Format: vex.CycloneDXJSON, Statement: "vulnerabilities[0]"},
				}},
			},
		},
		{
			// A BOM with the vulnerability embedded: the affects ref is a
			// bom-ref of the BOM's own component; analysis.lastUpdated.
			file:  "cyclonedx/valid-vulnerability-1.6.json",
			count: 1,
			stmt:  specVulnerability(vex.CycloneDXJSON),
		},
		{
			file:  "cyclonedx/valid-vulnerability-1.6.xml",
			count: 1,
			stmt:  specVulnerability(vex.CycloneDXXML),
		},
		{file: "cyclonedx/VEX_bom.json", count: 0}, // an SBOM without vulnerabilities
		{
			file:  "csaf/oasis-2022-evd-uc-01-na-001.json",
			count: 1,
			want: &vex.Document{
				Format: vex.CSAF, ID: "2022-EVD-UC-01-NA-001", Author: "Example Company ProductCERT",
				Timestamp: ts("2022-03-03T11:00:00Z"), Version: 1,
				Statements: []vex.Statement{{
					Vulnerability: "CVE-2021-44228",
					Products:      []vex.Product{{Component: vex.Component{ID: "CSAFPID-0001"}}},
					Status:        vex.StatusNotAffected,
					RawStatus:     "known_not_affected",
					Impact:        "Class with vulnerable code was removed before shipping.",
					Timestamp:     ts("2022-03-03T11:00:00Z"),
					Source: vex.Source{Format: vex.CSAF, Document: "2022-EVD-UC-01-NA-001",
						Statement: "vulnerabilities[0].product_status.known_not_affected"},
				}},
			},
		},
		{
			// A flag as the justification.
			file:  "csaf/oasis-sec-vex-2022-0001.json",
			count: 3,
			index: 2,
			stmt: vex.Statement{
				Vulnerability: "CVE-2021-45105",
				Products:      []vex.Product{{Component: vex.Component{ID: "CSAFPID-0001"}}},
				Status:        vex.StatusNotAffected,
				RawStatus:     "known_not_affected",
				Justification: vex.ComponentNotPresent,
				Impact:        oasisSecvisogramImpact,
				Timestamp:     ts("2022-05-27T10:00:00Z"),
				Source: vex.Source{Format: vex.CSAF, Document: "SEC-VEX-2022-0001",
					Statement: "vulnerabilities[2].product_status.known_not_affected"},
			},
		},
		{
			// Products of one status with different remediations are
			// two statements; a vendor fix is the update response.
			file:  "csaf/oasis-2022-evd-uc-08-001.json",
			count: 11,
			index: 2,
			stmt: vex.Statement{
				Vulnerability: "CVE-2021-44228",
				Products:      []vex.Product{{Component: vex.Component{ID: "CSAFPID-0008"}}},
				Status:        vex.StatusAffected,
				RawStatus:     "known_affected",
				Action:        "Update to the new version 5.2 or later.",
				Responses:     []string{"update"},
				Timestamp:     ts("2022-03-03T11:00:00Z"),
				Source: vex.Source{Format: vex.CSAF, Document: "2022-EVD-UC-08-001",
					Statement: "vulnerabilities[0].product_status.known_affected"},
			},
		},
		{
			// Red Hat: a product with a PURL; the impact threat is a
			// severity word, not an impact statement.
			file:  "csaf/cve-2024-24786-simple.json",
			count: 1,
			stmt: vex.Statement{
				Vulnerability: "CVE-2024-24786",
				Products:      []vex.Product{{Component: redHatSimple}},
				Status:        vex.StatusFixed,
				Timestamp:     ts("2025-08-13T15:14:45Z"),
				Source: vex.Source{Format: vex.CSAF, Document: "CVE-2024-24786",
					Statement: "vulnerabilities[0].product_status.fixed"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d := decodeFile(t, filepath.Join("testdata", tt.file))
			if len(d.Statements) != tt.count {
				t.Fatalf("%d statements, want %d", len(d.Statements), tt.count)
			}
			if tt.want != nil {
				if diff := cmp.Diff(tt.want, d); diff != "" {
					t.Errorf("Decode (-want +got):\n%s", diff)
				}
				return
			}
			if tt.count == 0 {
				return
			}
			if diff := cmp.Diff(tt.stmt, d.Statements[tt.index]); diff != "" {
				t.Errorf("statement %d (-want +got):\n%s", tt.index, diff)
			}
		})
	}
}

// oasisSecvisogramImpact is the impact statement of the OASIS example
// SEC-VEX-2022-0001.
const oasisSecvisogramImpact = "Secvisogram is written in JavaScript. No Java is included."

// redHatSimple is the one product of Red Hat's CVE-2024-24786 (simple)
// document: a relationship product, with its component's PURL and its
// platform's CPE.
var redHatSimple = vex.Component{
	ID:   "9Base-RHOSE-4.16:cri-tools-0:1.29.0-3.1.el9.aarch64",
	PURL: "pkg:rpm/redhat/cri-tools@1.29.0-3.1.el9?arch=aarch64",
	CPE:  "cpe:/a:redhat:openshift:4.16::el9",
}

// ossl are the subcomponents of trivy-oci's OpenSSL statements.
var ossl = []vex.Component{
	{ID: "pkg:apk/alpine/libcrypto3", PURL: "pkg:apk/alpine/libcrypto3"},
	{ID: "pkg:apk/alpine/libssl3", PURL: "pkg:apk/alpine/libssl3"},
	{ID: "pkg:apk/alpine/ssl_client", PURL: "pkg:apk/alpine/ssl_client"},
}

// specVulnerability is the statement of the CycloneDX specification's
// valid-vulnerability-1.6 test case, in either encoding.
func specVulnerability(f vex.Format) vex.Statement {
	const purl = "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4"
	return vex.Statement{
		Vulnerability: "SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111",
		Aliases:       []string{"CVE-2018-7489"},
		Products: []vex.Product{{
			Component: vex.Component{ID: purl, PURL: purl},
			Versions: []vex.VersionStatus{
				{Range: "vers:semver/<2.6.7.5", Status: "affected"},
				{Range: "vers:semver/2.7.0|<2.8.11.1", Status: "affected"},
				{Range: "vers:semver/2.9.0|<2.9.5", Status: "affected"},
			},
		}},
		Status:           vex.StatusNotAffected,
		Justification:    vex.VulnerableCodeNotInExecutePath,
		RawJustification: "code_not_reachable",
		Impact:           "An optional explanation of why the application is not affected by the vulnerable component.",
		Action:           "Upgrade com.fasterxml.jackson.core:jackson-databind to version 2.6.7.5, 2.8.11.1, 2.9.5 or higher.",
		Responses:        []string{"will_not_fix", "update"},
		Timestamp:        ts("2022-02-01T00:00:00Z"),
		Source: vex.Source{Format: f, Document: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
			Statement: "6eee14da-8f42-4cc4-bb65-203235f02415"},
	}
}

// TestDecodeAll decodes every test document, and checks that each
// statement has what matching needs.
func TestDecodeAll(t *testing.T) {
	n := 0
	for _, p := range vexFiles() {
		d := decodeFile(t, p)
		for i, s := range d.Statements {
			n++
			if s.Vulnerability == "" || s.Status == "" || s.Source.Statement == "" {
				t.Errorf("%s: statement %d incomplete: %+v", p, i, s)
			}
			if s.Status == vex.StatusNotAffected && s.Justification == "" && s.Impact == "" {
				t.Errorf("%s: statement %d: not_affected without justification or impact", p, i)
			}
		}
	}
	if n != 215 {
		t.Errorf("%d statements decoded, want 215", n)
	}
}

func TestDecodeErrors(t *testing.T) {
	const ov = `{"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","author":"a","timestamp":"2024-01-01T00:00:00Z","version":1,"statements":[`
	tests := []struct {
		name, doc string
		is        error  // errors.Is target, or nil
		field     string // the *FieldError's field, or ""
		want      string // a part of the message
	}{
		{"empty", "", vex.ErrUnknownFormat, "", "not an OpenVEX"},
		{"array", "[]", vex.ErrUnknownFormat, "", "not an OpenVEX"},
		{"other json", `{"a":1}`, vex.ErrUnknownFormat, "", "not an OpenVEX"},
		{"other xml", `<html/>`, vex.ErrUnknownFormat, "", "not an OpenVEX"},
		{"syntax", `{"@context":`, nil, "", "vex: unexpected end of JSON input"},
		{"csaf no id", `{"document":{"csaf_version":"2.0","category":"csaf_vex"},"vulnerabilities":[{"product_status":{"fixed":["A"]}}]}`, nil, "vulnerabilities[0].cve", "missing"},
		{"csaf tree", `{"document":{"csaf_version":"2.0"},"product_tree":{"branches":"x"}}`, nil, "", "vex: csaf: "},
		{"openvex 0.0.1", `{"@context":"https://openvex.dev/ns","statements":[]}`, vex.ErrUnsupported, "@context", "before 0.2.0"},
		{"unknown status", ov + `{"vulnerability":{"name":"CVE-1"},"status":"broken"}]}`, nil, "statements[0].status", `unknown "broken"`},
		{"no vulnerability", ov + `{"products":[{"@id":"pkg:npm/a"}],"status":"fixed"}]}`, nil, "statements[0].vulnerability.name", "missing"},
		{"wrong type", ov + `{"vulnerability":{"name":"CVE-1"},"status":"fixed","products":"x"}]}`, nil, "statements.products", "cannot unmarshal"},
		{"cdx state", `{"bomFormat":"CycloneDX","specVersion":"1.6","vulnerabilities":[{"id":"CVE-1","analysis":{"state":"meh"}}]}`, nil, "vulnerabilities[0].analysis.state", `unknown "meh"`},
		{"cdx no id", `{"bomFormat":"CycloneDX","specVersion":"1.6","vulnerabilities":[{"analysis":{"state":"in_triage"}}]}`, nil, "vulnerabilities[0].id", "missing"},
		{"cdx version", `{"bomFormat":"CycloneDX","specVersion":"0.9"}`, nil, "specVersion", "invalid specification version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := vex.Decode(strings.NewReader(tt.doc))
			if err == nil {
				t.Fatalf("Decode = %+v, want an error", d)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			var fe *vex.FieldError
			if got := ""; errors.As(err, &fe) {
				got = fe.Field
				if got != tt.field {
					t.Errorf("field %q, want %q (%v)", got, tt.field, err)
				}
			} else if tt.field != "" {
				t.Errorf("error %v is not a *FieldError", err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "vex: ") {
				t.Errorf("error %q, want one starting %q and containing %q", err, "vex: ", tt.want)
			}
		})
	}
}

func TestNormalizeJustification(t *testing.T) {
	tests := map[string]vex.Justification{
		"component_not_present":                             vex.ComponentNotPresent,
		"vulnerable_code_not_present":                       vex.VulnerableCodeNotPresent,
		"vulnerable_code_not_in_execute_path":               vex.VulnerableCodeNotInExecutePath,
		"vulnerable_code_cannot_be_controlled_by_adversary": vex.VulnerableCodeCannotBeControlledByAdversary,
		"inline_mitigations_already_exist":                  vex.InlineMitigationsAlreadyExist,
		"code_not_present":                                  vex.VulnerableCodeNotPresent,
		"code_not_reachable":                                vex.VulnerableCodeNotInExecutePath,
		"requires_configuration":                            vex.VulnerableCodeCannotBeControlledByAdversary,
		"requires_dependency":                               vex.VulnerableCodeCannotBeControlledByAdversary,
		"requires_environment":                              vex.VulnerableCodeCannotBeControlledByAdversary,
		"protected_by_compiler":                             vex.InlineMitigationsAlreadyExist,
		"protected_at_runtime":                              vex.InlineMitigationsAlreadyExist,
		"protected_at_perimeter":                            vex.InlineMitigationsAlreadyExist,
		"protected_by_mitigating_control":                   vex.InlineMitigationsAlreadyExist,
		" Code_Not_Present ":                                vex.VulnerableCodeNotPresent,
		"false_positive":                                    "",
		"":                                                  "",
	}
	for word, want := range tests {
		if got := vex.NormalizeJustification(word); got != want {
			t.Errorf("NormalizeJustification(%q) = %q, want %q", word, got, want)
		}
	}
}

// TestDecodeEmbedded resolves affects refs through the BOM's own
// components: a bom-ref, a nested component's bom-ref, and a BOM-Link
// into the BOM itself, each to the component's PURL and hashes.
func TestDecodeEmbedded(t *testing.T) {
	const bom = `{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 2,
	  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
	  "components": [
	    {"type": "library", "bom-ref": "comp-1", "name": "a", "purl": "pkg:npm/a@1.0.0",
	     "hashes": [{"alg": "SHA-256", "content": "AB12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12"}],
	     "components": [{"type": "library", "bom-ref": "comp-2", "name": "b", "purl": "pkg:npm/b@2.0.0"}]}
	  ],
	  "vulnerabilities": [
	    {"id": "CVE-2024-1", "analysis": {"state": "false_positive", "firstIssued": "2024-02-01T00:00:00Z"},
	     "affects": [{"ref": "comp-1"}, {"ref": "comp-2"}, {"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/2#comp-1"}]},
	    {"id": "CVE-2024-2", "ratings": [{"severity": "high"}]}
	  ]}`
	d, err := vex.Decode(strings.NewReader(bom))
	if err != nil {
		t.Fatal(err)
	}
	a := vex.Component{ID: "comp-1", PURL: "pkg:npm/a@1.0.0", Hashes: []string{"sha256:ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12"}}
	link := a
	link.ID = "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/2#comp-1"
	want := &vex.Document{
		Format: vex.CycloneDXJSON, ID: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", Version: 2,
		Statements: []vex.Statement{{
			Vulnerability: "CVE-2024-1",
			Products: []vex.Product{
				{Component: a},
				{Component: vex.Component{ID: "comp-2", PURL: "pkg:npm/b@2.0.0"}},
				{Component: link},
			},
			Status:    vex.StatusNotAffected,
			RawStatus: "false_positive",
			Timestamp: ts("2024-02-01T00:00:00Z"),
			Source:    vex.Source{Format: vex.CycloneDXJSON, Document: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", Statement: "vulnerabilities[0]"},
		}},
	}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("Decode (-want +got):\n%s", diff)
	}
}
