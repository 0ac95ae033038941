package csaf

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/loadline/loadline/advisory"
)

// readFile reads a testdata document whole: its Document and every
// vulnerability, failing the test on any error.
func readFile(t testing.TB, name string) (*Document, []*Vulnerability) {
	t.Helper()
	return readAll(t, testdata(t, name))
}

func readAll(t testing.TB, data []byte) (*Document, []*Vulnerability) {
	t.Helper()
	r, err := NewReader(context.Background(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var vs []*Vulnerability
	for {
		v, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	return r.Document(), vs
}

// TestCounts checks, for every document in testdata, the counts computed
// independently with jq (see testdata/PROVENANCE.md): distinct product
// IDs in the tree, vulnerabilities, product IDs per status summed over
// the vulnerabilities (in ProductStatus.All's order), remediations,
// flags, threats and scores.
func TestCounts(t *testing.T) {
	type counts struct {
		Products, Vulns                      int
		Status                               [8]int
		Remediations, Flags, Threats, Scores int
	}
	for _, tc := range []struct {
		file string
		want counts
	}{
		{"claircore-toolkit-cve-2021-0084.json", counts{16, 1, [8]int{0, 0, 0, 0, 8, 0, 0, 0}, 0, 1, 0, 0}},
		{"claircore-toolkit-cve-2024-22047.json", counts{3, 1, [8]int{0, 0, 0, 1, 0, 0, 0, 0}, 1, 0, 1, 1}},
		{"claircore-toolkit-rhsa-2022-0011.json", counts{25, 1, [8]int{0, 0, 15, 0, 0, 0, 0, 0}, 1, 0, 1, 0}},
		{"cve-2022-38752.json", counts{4024, 1, [8]int{0, 0, 28, 35, 2353, 0, 0, 0}, 18, 1, 1, 1}},
		{"cve-2023-38545.json", counts{940, 1, [8]int{0, 0, 325, 0, 247, 0, 0, 0}, 8, 1, 1, 1}},
		{"cve-2023-4154.json", counts{232, 1, [8]int{0, 0, 0, 0, 165, 0, 0, 0}, 0, 1, 1, 1}},
		{"cve-2023-42670.json", counts{232, 1, [8]int{0, 0, 0, 0, 165, 0, 0, 0}, 0, 1, 1, 1}},
		{"cve-2024-24786-simple.json", counts{3, 1, [8]int{0, 0, 1, 0, 0, 0, 0, 0}, 0, 0, 1, 1}},
		{"oasis-2022-evd-uc-01-a-001.json", counts{1, 1, [8]int{0, 0, 0, 1, 0, 0, 0, 0}, 1, 0, 0, 0}},
		{"oasis-2022-evd-uc-01-f-001.json", counts{1, 1, [8]int{0, 0, 1, 0, 0, 0, 0, 0}, 0, 0, 0, 0}},
		{"oasis-2022-evd-uc-01-na-001.json", counts{1, 1, [8]int{0, 0, 0, 0, 1, 0, 0, 0}, 0, 0, 1, 0}},
		{"oasis-2022-evd-uc-01-ui-001.json", counts{1, 1, [8]int{0, 0, 0, 0, 0, 0, 0, 1}, 0, 0, 0, 0}},
		{"oasis-2022-evd-uc-02-na-001.json", counts{1, 19, [8]int{0, 0, 0, 0, 19, 0, 0, 0}, 0, 0, 19, 0}},
		{"oasis-2022-evd-uc-03-ms-001.json", counts{1, 19, [8]int{0, 0, 3, 5, 6, 0, 0, 5}, 5, 0, 6, 0}},
		{"oasis-2022-evd-uc-04-001.json", counts{3, 1, [8]int{0, 0, 0, 3, 0, 0, 0, 0}, 1, 0, 0, 1}},
		{"oasis-2022-evd-uc-05-001.json", counts{1, 1, [8]int{0, 0, 0, 0, 0, 0, 0, 1}, 0, 0, 0, 0}},
		{"oasis-2022-evd-uc-06-001.json", counts{7, 1, [8]int{0, 0, 0, 3, 4, 0, 0, 0}, 1, 0, 1, 2}},
		{"oasis-2022-evd-uc-07-001.json", counts{10, 1, [8]int{0, 0, 1, 4, 5, 0, 0, 0}, 2, 0, 2, 2}},
		{"oasis-2022-evd-uc-08-001.json", counts{11, 2, [8]int{0, 0, 3, 8, 10, 0, 1, 0}, 4, 0, 4, 4}},
		{"oasis-2022-evd-uc-09-001.json", counts{2, 2, [8]int{0, 0, 0, 2, 2, 0, 0, 0}, 2, 0, 2, 4}},
		{"oasis-sec-vex-2022-0001.json", counts{1, 3, [8]int{0, 0, 0, 0, 3, 0, 0, 0}, 0, 3, 3, 0}},
		{"rhsa-2023_3821.json", counts{285, 3, [8]int{0, 0, 426, 0, 0, 0, 0, 0}, 3, 0, 3, 3}},
		{"rhsa-2024_6163.json", counts{7, 1, [8]int{0, 0, 3, 0, 0, 0, 0, 0}, 2, 0, 1, 1}},
		{"rhsa-2024_6220.osv-schema.json", counts{531, 1, [8]int{0, 0, 342, 0, 0, 0, 0, 0}, 2, 0, 1, 1}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			doc, vs := readFile(t, tc.file)
			got := counts{Products: len(doc.Products), Vulns: len(vs)}
			for _, v := range vs {
				s := v.Status
				for i, l := range [][]string{s.FirstAffected, s.FirstFixed, s.Fixed, s.KnownAffected, s.KnownNotAffected, s.LastAffected, s.Recommended, s.UnderInvestigation} {
					got.Status[i] += len(l)
				}
				got.Remediations += len(v.Remediations)
				got.Flags += len(v.Flags)
				got.Threats += len(v.Threats)
				got.Scores += len(v.Scores)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestProducts(t *testing.T) {
	rhel9AppStream := "cpe:/a:redhat:enterprise_linux:9::appstream"
	for _, tc := range []struct {
		file, id string
		want     *Product
	}{
		{"cve-2023-38545.json", "curl-0:7.76.1-26.el9_3.2.src", &Product{
			ID:   "curl-0:7.76.1-26.el9_3.2.src",
			Name: "curl-0:7.76.1-26.el9_3.2.src",
			PURL: "pkg:rpm/redhat/curl@7.76.1-26.el9_3.2?arch=src",
			Path: []Branch{{"vendor", "Red Hat"}, {"architecture", "src"}, {"product_version", "curl-0:7.76.1-26.el9_3.2.src"}},
		}},
		{"cve-2023-38545.json", "AppStream-9.3.0.Z.MAIN", &Product{
			ID:   "AppStream-9.3.0.Z.MAIN",
			Name: "Red Hat Enterprise Linux AppStream (v. 9)",
			CPE:  rhel9AppStream,
			Path: []Branch{{"vendor", "Red Hat"}, {"product_family", "Red Hat Enterprise Linux"}, {"product_name", "Red Hat Enterprise Linux AppStream (v. 9)"}},
		}},
		{"cve-2023-38545.json", "AppStream-9.3.0.Z.MAIN:curl-0:7.76.1-26.el9_3.2.src", &Product{
			ID:           "AppStream-9.3.0.Z.MAIN:curl-0:7.76.1-26.el9_3.2.src",
			Name:         "curl-0:7.76.1-26.el9_3.2.src as a component of Red Hat Enterprise Linux AppStream (v. 9)",
			PURL:         "pkg:rpm/redhat/curl@7.76.1-26.el9_3.2?arch=src",
			CPE:          rhel9AppStream,
			Relationship: "default_component_of",
			Component:    "curl-0:7.76.1-26.el9_3.2.src",
			Platform:     "AppStream-9.3.0.Z.MAIN",
		}},
		// A module's rpm: a component of the module, itself a component
		// of AppStream; the PURL is the rpm's, the CPE AppStream's.
		{"rhsa-2024_6220.osv-schema.json", "AppStream-8.6.0.Z.AUS:python39:3.9:8060020240801142753:6a631399:PyYAML-0:5.4.1-1.module+el8.5.0+10613+59a13ec4.src", &Product{
			ID:           "AppStream-8.6.0.Z.AUS:python39:3.9:8060020240801142753:6a631399:PyYAML-0:5.4.1-1.module+el8.5.0+10613+59a13ec4.src",
			Name:         "PyYAML-0:5.4.1-1.module+el8.5.0+10613+59a13ec4.src as a component of python39:3.9:8060020240801142753:6a631399 as a component of Red Hat Enterprise Linux AppStream AUS (v.8.6)",
			PURL:         "pkg:rpm/redhat/PyYAML@5.4.1-1.module%2Bel8.5.0%2B10613%2B59a13ec4?arch=src",
			CPE:          "cpe:/a:redhat:rhel_aus:8.6::appstream",
			Relationship: "default_component_of",
			Component:    "PyYAML-0:5.4.1-1.module+el8.5.0+10613+59a13ec4.src",
			Platform:     "AppStream-8.6.0.Z.AUS:python39:3.9:8060020240801142753:6a631399",
		}},
		// OASIS: a product three branches down.
		{"oasis-2022-evd-uc-01-a-001.json", "CSAFPID-0001", &Product{
			ID:   "CSAFPID-0001",
			Name: "Example Company DEF 1.0",
			Path: []Branch{{"vendor", "Example Company"}, {"product_name", "DEF"}, {"product_version", "1.0"}},
		}},
	} {
		t.Run(tc.id, func(t *testing.T) {
			doc, _ := readFile(t, tc.file)
			if diff := cmp.Diff(tc.want, doc.Products[tc.id]); diff != "" {
				t.Errorf("product %s (-want +got):\n%s", tc.id, diff)
			}
		})
	}
}

func date3339(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// TestSimple checks one real document whole.
func TestSimple(t *testing.T) {
	doc, vs := readFile(t, "cve-2024-24786-simple.json")
	pid := "9Base-RHOSE-4.16:cri-tools-0:1.29.0-3.1.el9.aarch64"
	wantDoc := &Document{
		Category:          CategoryVEX,
		CSAFVersion:       "2.0",
		Title:             "golang-protobuf: encoding/protojson, internal/encoding/json: infinite loop in protojson.Unmarshal when unmarshaling certain forms of invalid JSON",
		Lang:              "en",
		AggregateSeverity: "Moderate",
		Publisher:         Publisher{Category: "vendor", Name: "Red Hat Product Security", Namespace: "https://www.redhat.com"},
		Tracking: Tracking{
			ID: "CVE-2024-24786", Status: "final", Version: "3",
			InitialReleaseDate: date3339("2024-03-05T00:00:00+00:00"),
			CurrentReleaseDate: date3339("2025-08-13T15:14:45+00:00"),
			Revisions: []Revision{
				{"1", date3339("2024-03-05T00:00:00+00:00"), "Initial version"},
				{"2", date3339("2025-06-04T15:27:02+00:00"), "Current version"},
				{"3", date3339("2025-08-13T15:14:45+00:00"), "Last generated version"},
			},
		},
		Notes:      []Note{{Category: "legal_disclaimer", Title: "Terms of Use", Text: "This content is licensed under the Creative Commons Attribution 4.0 International License (https://creativecommons.org/licenses/by/4.0/). If you distribute this content, or a modified version of it, you must provide attribution to Red Hat Inc. and provide a link to the original."}},
		References: []Reference{{"self", "Canonical URL", "https://security.access.redhat.com/data/csaf/v2/vex/2024/cve-2024-24786.json"}},
		Products: map[string]*Product{
			"cri-tools-0:1.29.0-3.1.el9.aarch64": {
				ID: "cri-tools-0:1.29.0-3.1.el9.aarch64", Name: "cri-tools-0:1.29.0-3.1.el9.aarch64",
				PURL: "pkg:rpm/redhat/cri-tools@1.29.0-3.1.el9?arch=aarch64",
				Path: []Branch{{"product_version", "cri-tools-0:1.29.0-3.1.el9.aarch64"}},
			},
			"9Base-RHOSE-4.16": {
				ID: "9Base-RHOSE-4.16", Name: "Red Hat OpenShift Container Platform 4.16",
				CPE:  "cpe:/a:redhat:openshift:4.16::el9",
				Path: []Branch{{"product_name", "Red Hat OpenShift Container Platform 4.16"}},
			},
			pid: {
				ID: pid, Name: "cri-tools-0:1.29.0-3.1.el9.aarch64 as a component of Red Hat OpenShift Container Platform 4.16",
				PURL: "pkg:rpm/redhat/cri-tools@1.29.0-3.1.el9?arch=aarch64", CPE: "cpe:/a:redhat:openshift:4.16::el9",
				Relationship: "default_component_of", Component: "cri-tools-0:1.29.0-3.1.el9.aarch64", Platform: "9Base-RHOSE-4.16",
			},
		},
		Groups: map[string][]string{},
	}
	if diff := cmp.Diff(wantDoc, doc); diff != "" {
		t.Errorf("document (-want +got):\n%s", diff)
	}
	wantV := []*Vulnerability{{
		CVE:         "CVE-2024-24786",
		ReleaseDate: date3339("2024-03-05T00:00:00+00:00"),
		Status:      ProductStatus{Fixed: []string{pid}},
		Scores: []Score{{
			CVSS3:    &CVSS{Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H", BaseScore: 5.9, BaseSeverity: "MEDIUM"},
			Products: []string{pid},
		}},
		Notes:   []Note{{Category: "description", Title: "Vulnerability description", Text: "A flaw was found in Golang's protobuf module, where the unmarshal function can enter an infinite loop when processing certain invalid inputs. This issue occurs during unmarshaling into a message that includes a google.protobuf.Any or when the UnmarshalOptions.DiscardUnknown option is enabled. This flaw allows an attacker to craft malicious input tailored to trigger the identified flaw in the unmarshal function. By providing carefully constructed invalid inputs, they could potentially cause the function to enter an infinite loop, resulting in a denial of service condition or other unintended behaviors in the affected system."}},
		Threats: []Threat{{Category: "impact", Details: "Moderate", ProductIDs: []string{pid}}},
		References: []Reference{
			{"self", "Canonical URL", "https://access.redhat.com/security/cve/CVE-2024-24786"},
			{"external", "RHBZ#2268046", "https://bugzilla.redhat.com/show_bug.cgi?id=2268046"},
			{"external", "https://www.cve.org/CVERecord?id=CVE-2024-24786", "https://www.cve.org/CVERecord?id=CVE-2024-24786"},
			{"external", "https://nvd.nist.gov/vuln/detail/CVE-2024-24786", "https://nvd.nist.gov/vuln/detail/CVE-2024-24786"},
			{"external", "https://go.dev/cl/569356", "https://go.dev/cl/569356"},
			{"external", "https://groups.google.com/g/golang-announce/c/ArQ6CDgtEjY/", "https://groups.google.com/g/golang-announce/c/ArQ6CDgtEjY/"},
			{"external", "https://pkg.go.dev/vuln/GO-2024-2611", "https://pkg.go.dev/vuln/GO-2024-2611"},
		},
	}}
	if diff := cmp.Diff(wantV, vs); diff != "" {
		t.Errorf("vulnerabilities (-want +got):\n%s", diff)
	}
	sev, err := vs[0].Scores[0].CVSS3.Severity("redhat")
	if err != nil {
		t.Fatal(err)
	}
	wantSev := advisory.Severity{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H", Score: 5.9, Rating: "MEDIUM", Source: "redhat"}
	if diff := cmp.Diff(wantSev, sev); diff != "" {
		t.Errorf("severity (-want +got):\n%s", diff)
	}
}

// TestVulnerabilityFields checks fields of real vulnerabilities beyond the
// simple document: CWE, IDs, dates, flags, remediations.
func TestVulnerabilityFields(t *testing.T) {
	_, vs := readFile(t, "cve-2023-38545.json")
	v := vs[0]
	pid := "AppStream-9.3.0.Z.MAIN:curl-0:7.76.1-26.el9_3.2.src"
	type summary struct {
		CVE                        string
		IDs                        []ID
		CWEs                       []CWE
		Discovery, Release         time.Time
		FlagLabel                  string
		FlagCount                  int
		Fix                        Remediation
		WorkaroundCount            int
		Impact                     string
		NoteTitles                 []string
		References                 int
		FixedHas, NotAffectedHasIt bool
	}
	got := summary{CVE: v.CVE, IDs: v.IDs, CWEs: v.CWEs, Discovery: v.DiscoveryDate, Release: v.ReleaseDate, References: len(v.References)}
	got.FlagLabel, got.FlagCount = v.Flags[0].Label, len(v.Flags[0].ProductIDs)
	for _, r := range v.Remediations {
		for _, id := range r.ProductIDs {
			if id == pid && r.Category == "vendor_fix" {
				got.Fix = r
				got.Fix.ProductIDs = nil
			}
			if id == pid && r.Category == "workaround" {
				got.WorkaroundCount = len(r.ProductIDs)
			}
		}
	}
	got.Impact = v.Threats[0].Details
	for _, n := range v.Notes {
		got.NoteTitles = append(got.NoteTitles, n.Title)
	}
	for _, id := range v.Status.Fixed {
		got.FixedHas = got.FixedHas || id == pid
	}
	for _, id := range v.Status.KnownNotAffected {
		got.NotAffectedHasIt = got.NotAffectedHasIt || id == pid
	}
	want := summary{
		CVE:       "CVE-2023-38545",
		IDs:       []ID{{"Red Hat Bugzilla ID", "2241933"}},
		CWEs:      []CWE{{"CWE-119", "Improper Restriction of Operations within the Bounds of a Memory Buffer"}},
		Discovery: date3339("2023-10-03T00:00:00+00:00"),
		Release:   date3339("2023-10-11T00:00:00+00:00"),
		FlagLabel: "vulnerable_code_not_present", FlagCount: 247,
		Fix: Remediation{Category: "vendor_fix", URL: "https://access.redhat.com/errata/RHSA-2023:6745", Date: date3339("2023-11-07T10:27:03+00:00"),
			Details: "For details on how to apply this update, which includes the changes described in this advisory, refer to:\n\nhttps://access.redhat.com/articles/11258"},
		WorkaroundCount: 572,
		Impact:          "Important",
		NoteTitles:      []string{"Vulnerability description", "Vulnerability summary", "Statement", "CVSS score applicability"},
		References:      5,
		FixedHas:        true,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CVE-2023-38545 (-want +got):\n%s", diff)
	}
}

// TestOrder reads a document whose vulnerabilities come before its tree
// and header: the reader holds them until the tree is read.
func TestOrder(t *testing.T) {
	data, err := os.ReadFile("testdata/cve-2023-38545.json")
	if err != nil {
		t.Fatal(err)
	}
	var parts map[string]json.RawMessage
	if err := json.Unmarshal(data, &parts); err != nil {
		t.Fatal(err)
	}
	reordered := []byte(`{"vulnerabilities":` + string(parts["vulnerabilities"]) +
		`,"x_extra":{"a":[1,2]},"product_tree":` + string(parts["product_tree"]) +
		`,"document":` + string(parts["document"]) + `}`)
	wantDoc, wantV := readAll(t, data)
	gotDoc, gotV := readAll(t, reordered)
	if diff := cmp.Diff(wantDoc, gotDoc); diff != "" {
		t.Errorf("document (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantV, gotV); diff != "" {
		t.Errorf("vulnerabilities (-want +got):\n%s", diff)
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("record", func(t *testing.T) {
		doc := `{"document":{"category":"csaf_vex"},"product_tree":{},"vulnerabilities":[{"cve":"CVE-1"},{"cve":7},{"release_date":"yesterday"},{"cve":"CVE-4"}]}`
		r, err := NewReader(ctx, strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for {
			v, err := r.Next()
			if err == io.EOF {
				break
			}
			var re *RecordError
			switch {
			case errors.As(err, &re):
				got = append(got, re.Error())
			case err != nil:
				t.Fatal(err)
			default:
				got = append(got, v.CVE)
			}
		}
		want := []string{
			"CVE-1",
			"csaf: vulnerabilities[1]: json: cannot unmarshal number into Go struct field jsonVulnerability.cve of type string",
			`csaf: vulnerabilities[2]: date "yesterday": parsing time "yesterday" as "2006-01-02T15:04:05.999999999Z07:00": cannot parse "yesterday" as "2006"`,
			"CVE-4",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("cut", func(t *testing.T) {
		data, err := os.ReadFile("testdata/oasis-2022-evd-uc-02-na-001.json")
		if err != nil {
			t.Fatal(err)
		}
		r, err := NewReader(ctx, bytes.NewReader(data[:len(data)*3/4]))
		if err != nil {
			t.Fatal(err)
		}
		var n int
		for {
			_, err = r.Next()
			if err != nil {
				break
			}
			n++
		}
		if err == io.EOF || n == 0 || n >= 19 {
			t.Fatalf("got %d vulnerabilities and %v, want some and a fatal error", n, err)
		}
		if _, err2 := r.Next(); err2 != err {
			t.Errorf("Next after a fatal error: %v, want %v again", err2, err)
		}
	})
	for _, tc := range []struct{ name, doc, want string }{
		{"array", `[]`, "csaf: got [, want \"{\""},
		{"empty", ``, "csaf: EOF"},
		{"document", `{"document":[]}`, "csaf: document: json: cannot unmarshal array into Go value of type csaf.jsonDocument"},
		{"branches", `{"product_tree":{"branches":{}}}`, "csaf: product_tree: branches: got {, want \"[\""},
		{"deep", `{"product_tree":{"branches":` + strings.Repeat(`[{"branches":`, 70) + `[]` + strings.Repeat(`}]`, 70) + `}}`, "csaf: product_tree: branches: branches nested too deep"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewReader(ctx, strings.NewReader(tc.doc))
			if err == nil || err.Error() != tc.want {
				t.Errorf("NewReader: %v, want %s", err, tc.want)
			}
		})
	}
	t.Run("ctx", func(t *testing.T) {
		data, err := os.ReadFile("testdata/cve-2023-38545.json")
		if err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := NewReader(cctx, bytes.NewReader(data)); !errors.Is(err, context.Canceled) {
			t.Errorf("NewReader with a cancelled context: %v", err)
		}
	})
}

// TestGroups covers what no real document in testdata uses: top-level
// full_product_names and product groups named by flags, threats and
// remediations.
func TestGroups(t *testing.T) {
	doc := `{"document":{"category":"csaf_vex","csaf_version":"2.0"},
	"product_tree":{
		"full_product_names":[{"name":"A 1","product_id":"A1","product_identification_helper":{"purl":"pkg:npm/a@1"}},
			{"name":"B 1","product_id":"B1","product_identification_helper":{"cpe":"cpe:2.3:a:x:b:1:*:*:*:*:*:*:*"}}],
		"product_groups":[{"group_id":"G","product_ids":["A1","B1"]}]},
	"vulnerabilities":[{"cve":"CVE-2","product_status":{"known_not_affected":["A1","B1"]},
		"flags":[{"label":"component_not_present","group_ids":["G"],"product_ids":["B1"]}],
		"threats":[{"category":"impact","details":"no","group_ids":["G","missing"]}],
		"remediations":[{"category":"none_available","details":"n/a","product_ids":["A1"]}]}]}`
	d, vs := readAll(t, []byte(doc))
	wantProducts := map[string]*Product{
		"A1": {ID: "A1", Name: "A 1", PURL: "pkg:npm/a@1"},
		"B1": {ID: "B1", Name: "B 1", CPE: "cpe:2.3:a:x:b:1:*:*:*:*:*:*:*"},
	}
	if diff := cmp.Diff(wantProducts, d.Products); diff != "" {
		t.Errorf("products (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string][]string{"G": {"A1", "B1"}}, d.Groups); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
	want := []*Vulnerability{{
		CVE:          "CVE-2",
		Status:       ProductStatus{KnownNotAffected: []string{"A1", "B1"}},
		Flags:        []Flag{{Label: "component_not_present", ProductIDs: []string{"B1", "A1"}, GroupIDs: []string{"G"}}},
		Threats:      []Threat{{Category: "impact", Details: "no", ProductIDs: []string{"A1", "B1"}, GroupIDs: []string{"G", "missing"}}},
		Remediations: []Remediation{{Category: "none_available", Details: "n/a", ProductIDs: []string{"A1"}}},
	}}
	if diff := cmp.Diff(want, vs); diff != "" {
		t.Errorf("vulnerabilities (-want +got):\n%s", diff)
	}
	var statuses []string
	for s, ids := range vs[0].Status.All() {
		statuses = append(statuses, s+"="+strings.Join(ids, ","))
	}
	if diff := cmp.Diff([]string{"known_not_affected=A1,B1"}, statuses); diff != "" {
		t.Errorf("ProductStatus.All (-want +got):\n%s", diff)
	}
}

// TestStatements checks the per-product view on real Red Hat products
// (facts from jq over the documents) and on TestGroups' document.
func TestStatements(t *testing.T) {
	find := func(file, id string) (Statement, *Vulnerability) {
		t.Helper()
		_, vs := readFile(t, file)
		for _, s := range vs[0].Statements() {
			if s.ProductID == id {
				return s, vs[0]
			}
		}
		t.Fatalf("%s: no statement for %s", file, id)
		return Statement{}, nil
	}
	type view struct {
		ProductID, Status, Justification, Impact string
		Remediations                             []string
	}
	viewOf := func(s Statement) view {
		v := view{ProductID: s.ProductID, Status: s.Status, Justification: s.Justification, Impact: s.Impact}
		for _, r := range s.Remediations {
			v.Remediations = append(v.Remediations, r.Category+": "+r.Details[:min(len(r.Details), 20)])
		}
		return v
	}
	for _, tc := range []struct {
		file string
		want view
	}{
		{"cve-2022-38752.json", view{"red_hat_enterprise_linux_7:snakeyaml", StatusKnownAffected, "", "Moderate", []string{"no_fix_planned: Out of support scope"}}},
		{"cve-2023-38545.json", view{"red_hat_enterprise_linux_8:curl", StatusKnownNotAffected, "vulnerable_code_not_present", "Important", []string{"workaround: To avoid this issue,"}}},
		{"oasis-2022-evd-uc-01-na-001.json", view{"CSAFPID-0001", StatusKnownNotAffected, "", "Class with vulnerable code was removed before shipping.", nil}},
	} {
		s, v := find(tc.file, tc.want.ProductID)
		if diff := cmp.Diff(tc.want, viewOf(s)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.file, diff)
		}
		for _, r := range s.Remediations {
			if !points(v.Remediations, r) {
				t.Errorf("%s: remediation not shared with the vulnerability", tc.file)
			}
		}
	}
	_, vs := readFile(t, "cve-2023-38545.json")
	if n, want := len(vs[0].Statements()), 325+247; n != want {
		t.Errorf("cve-2023-38545: %d statements, want %d (fixed + known_not_affected)", n, want)
	}
}

// points reports whether r points into rs.
func points(rs []Remediation, r *Remediation) bool {
	for i := range rs {
		if &rs[i] == r {
			return true
		}
	}
	return false
}
