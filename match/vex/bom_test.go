package vex_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"iter"
	"os"
	"strings"
	"testing"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/kev"
	"github.com/loadline/loadline/advisory/memstore"
	"github.com/loadline/loadline/advisory/osv"
	"github.com/loadline/loadline/advisory/secdb"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/match/vex"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/sbom/cyclonedx"
	"github.com/loadline/loadline/sbom/sbomfile"
)

// bomNow is when the test results were matched.
var bomNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// realScan matches the inventory at invPath against the advisories load
// puts in a store (and the KEV catalog at kevPath), as a scan does.
func realScan(t *testing.T, invPath, kevPath string, load func(st *memstore.Store, add func(path string, parse func(context.Context, io.Reader) iter.Seq2[*advisory.Advisory, error]))) (*sbom.Inventory, *match.Result) {
	t.Helper()
	ctx := context.Background()
	data, err := os.ReadFile(invPath)
	if err != nil {
		t.Fatal(err)
	}
	var inv sbom.Inventory
	if err := json.Unmarshal(data, &inv); err != nil {
		t.Fatal(err)
	}
	var st memstore.Store
	open := func(path string) *os.File {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	load(&st, func(path string, parse func(context.Context, io.Reader) iter.Seq2[*advisory.Advisory, error]) {
		for a, err := range parse(ctx, open(path)) {
			if err != nil {
				t.Logf("%s: %v", path, err) // a record the feed rejects; its caller goes on
				continue
			}
			st.Add(a)
		}
	})
	xs, err := (&kev.Feed{}).ParseExploitation(ctx, open(kevPath))
	if err != nil {
		t.Fatal(err)
	}
	for cve, x := range xs {
		st.SetExploitation(cve, x)
	}
	res, err := (&match.Matcher{Store: &st, Exploits: &st, Now: bomNow}).Match(ctx, &inv)
	if err != nil {
		t.Fatal(err)
	}
	return &inv, res
}

// shippedScan is the scan of the shipped image (testdata/alpine-3.19.tar,
// whose inventory is testdata/bom/alpine-3.19.inventory.json) with the
// shipped advisories (testdata/advisories), as the README's first
// command runs it.
func shippedScan(t *testing.T) (*sbom.Inventory, *match.Result) {
	const feeds = "../../testdata/advisories/"
	return realScan(t, "testdata/bom/alpine-3.19.inventory.json", feeds+"kev.json",
		func(st *memstore.Store, add func(string, func(context.Context, io.Reader) iter.Seq2[*advisory.Advisory, error])) {
			f := secdb.AlpineFeed("v3.19", "main")
			add(feeds+"alpine/v3.19-main.json", f.Parse)
			for _, q := range f.Cover() {
				st.Cover(q.Ecosystem, q.Release)
			}
			add(feeds+"osv/GHSA-c2qf-rxjj-qqgw.json", osv.Parse)
		})
}

func encodeBOM(t *testing.T, inv *sbom.Inventory, res *match.Result, opts cyclonedx.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := vex.EncodeBOM(&buf, inv, res, opts); err != nil {
		t.Fatalf("EncodeBOM: %v", err)
	}
	return buf.Bytes()
}

// bomDoc is what the tests read of a document.
type bomDoc struct {
	SerialNumber string
	Components   []struct {
		BOMRef  string `json:"bom-ref"`
		Name    string
		Version string
	}
	Vulnerabilities []cdx.Vulnerability
}

func readBOM(t *testing.T, data []byte) bomDoc {
	t.Helper()
	var d bomDoc
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// checkAffects checks that every finding of res is exactly one affects
// entry of its vulnerability, whose bom-ref resolves to a component with
// the finding's package name and version and whose version status is the
// finding's, and that there are no other entries.
func checkAffects(t *testing.T, res *match.Result, d bomDoc) {
	t.Helper()
	comps := map[string]string{}
	for _, c := range d.Components {
		comps[c.BOMRef] = c.Name + "@" + c.Version
	}
	type entry struct{ vuln, pkg, status string }
	count := map[entry]int{}
	n := 0
	for _, v := range d.Vulnerabilities {
		for _, a := range *v.Affects {
			pkg, ok := comps[a.Ref]
			if !ok {
				t.Errorf("%s: affects %q, which is no component", v.ID, a.Ref)
			}
			if a.Range == nil || len(*a.Range) != 1 || pkg != "" && !strings.HasSuffix(pkg, "@"+(*a.Range)[0].Version) {
				t.Errorf("%s: affects %q (%s) with versions %+v, want its installed version", v.ID, a.Ref, pkg, a.Range)
				continue
			}
			count[entry{v.ID, pkg, string((*a.Range)[0].Status)}]++
			n++
		}
	}
	status := map[advisory.Status]string{advisory.StatusAffected: "affected", advisory.StatusWillNotFix: "affected",
		advisory.StatusNotAffected: "unaffected", advisory.StatusUnderInvestigation: "unknown"}
	for _, f := range res.Findings {
		e := entry{f.Vulnerability, f.Package.Name + "@" + f.Package.Version, status[f.Status]}
		if count[e] != 1 {
			t.Errorf("finding %v is %d affects entries, want 1", e, count[e])
		}
	}
	if n != len(res.Findings) {
		t.Errorf("%d affects entries for %d findings", n, len(res.Findings))
	}
}

// TestEncodeBOMShipped writes the shipped image's scan as one document
// and checks it: valid against the official schemas in both formats,
// deterministic, the inventory read back whole, every finding one
// affects entry, and what the vulnerabilities say of the real advisories.
func TestEncodeBOMShipped(t *testing.T) {
	inv, res := shippedScan(t)
	if len(res.Findings) != 23 {
		t.Fatalf("%d findings, want the 23 of the shipped image", len(res.Findings))
	}
	opts := cyclonedx.Options{Timestamp: res.Matched, ToolVersion: "0.0.0-test"}
	data := encodeBOM(t, inv, res, opts)
	if again := encodeBOM(t, inv, res, opts); !bytes.Equal(data, again) {
		t.Error("two encodings differ")
	}
	d := readBOM(t, data)
	checkAffects(t, res, d)

	var ids []string
	for _, v := range d.Vulnerabilities {
		ids = append(ids, v.ID)
	}
	wantIDs := []string{"CVE-2021-42373", "CVE-2021-42376", "CVE-2021-42377", "CVE-2022-1292", "CVE-2022-2068", "CVE-2022-2274",
		"CVE-2022-25883", "CVE-2023-0466", "CVE-2023-4807", "CVE-2023-45853", "CVE-2024-9143"}
	if diff := cmp.Diff(wantIDs, ids); diff != "" {
		t.Errorf("vulnerabilities (-want +got):\n%s", diff)
	}

	byID := map[string]cdx.Vulnerability{}
	for _, v := range d.Vulnerabilities {
		byID[v.ID] = v
	}
	ref := func(name string) string {
		for _, c := range d.Components {
			if c.Name == name {
				return c.BOMRef
			}
		}
		t.Fatalf("no component %s", name)
		return ""
	}
	affected := func(names ...string) *[]cdx.Affects {
		var out []cdx.Affects
		for _, n := range names {
			out = append(out, cdx.Affects{Ref: ref(n), Range: &[]cdx.AffectedVersions{{Version: versionOf(t, inv, n), Status: cdx.VulnerabilityStatusAffected}}})
		}
		return &out
	}
	score := 5.3
	want := []cdx.Vulnerability{
		{
			ID:             "CVE-2024-9143",
			Source:         &cdx.Source{Name: "Alpine", URL: "https://security.alpinelinux.org/vuln/CVE-2024-9143"},
			Recommendation: "Upgrade libcrypto3 from 3.1.7-r0 to 3.1.7-r1.\nUpgrade libssl3 from 3.1.7-r0 to 3.1.7-r1.",
			Affects:        affected("libcrypto3", "libssl3"),
		},
		{
			ID:          "CVE-2022-25883",
			Source:      &cdx.Source{Name: "NVD", URL: "https://nvd.nist.gov/vuln/detail/CVE-2022-25883"},
			References:  &[]cdx.VulnerabilityReference{{ID: "GHSA-c2qf-rxjj-qqgw", Source: &cdx.Source{Name: "GitHub Advisories", URL: "https://github.com/advisories/GHSA-c2qf-rxjj-qqgw"}}},
			CWEs:        &[]int{1333},
			Description: "semver vulnerable to Regular Expression Denial of Service",
			Ratings: &[]cdx.VulnerabilityRating{
				{Source: &cdx.Source{Name: "GitHub Advisories"}, Severity: cdx.SeverityMedium, Method: cdx.ScoringMethodOther},
				{Source: &cdx.Source{Name: "GitHub Advisories"}, Score: &score, Severity: cdx.SeverityMedium, Method: cdx.ScoringMethodCVSSv31, Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"},
			},
			Published:      "2023-06-21T06:30:28Z",
			Updated:        "2023-07-10T22:57:56Z",
			Recommendation: "Upgrade semver from 7.5.1 to 7.5.2.",
			Affects:        affected("semver"),
		},
	}
	for _, w := range want {
		if diff := cmp.Diff(w, byID[w.ID]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", w.ID, diff)
		}
	}
	if v := byID["CVE-2021-42373"]; len(*v.Affects) != 3 || (*(*v.Affects)[0].Range)[0].Status != cdx.VulnerabilityStatusNotAffected || v.Recommendation != "" {
		t.Errorf("CVE-2021-42373 (busybox, busybox-binsh, ssl_client not affected): %+v", v)
	}

	// The inventory reads back whole, as from the SBOM alone.
	got, f, err := sbomfile.Decode(context.Background(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if f.Kind.String() != "cyclonedx-json" {
		t.Errorf("read as %v", f)
	}
	wantInv := *inv
	src := *inv.Source
	src.Kind = "sbom"
	wantInv.Source = &src
	if diff := cmp.Diff(&wantInv, got, cmpopts.EquateEmpty(), cmpopts.IgnoreFields(sbom.Package{}, "Files")); diff != "" {
		t.Errorf("inventory (-scanned +read back):\n%s", diff)
	}

	// Valid in both formats; the serial number is the same in both.
	if err := validateJSON(cycloneDXSchema(t), data); err != nil {
		t.Errorf("invalid CycloneDX 1.6 JSON: %v", err)
	}
	opts.Format = cyclonedx.XML
	xml := encodeBOM(t, inv, res, opts)
	if !bytes.Contains(xml, []byte(d.SerialNumber)) {
		t.Errorf("the XML document does not have the JSON's serial number %s", d.SerialNumber)
	}
	if err := validateXML(t, xml); err != nil {
		t.Errorf("invalid CycloneDX 1.6 XML: %v", err)
	}
}

func versionOf(t *testing.T, inv *sbom.Inventory, name string) string {
	for _, p := range inv.Packages {
		if p.Name == name {
			return p.Version
		}
	}
	t.Fatalf("no package %s", name)
	return ""
}

// TestEncodeBOMKEV writes a finding CISA lists as known exploited: the
// AlmaLinux 8 advisory ALSA-2025:1301 of gcc, which fixes jQuery's
// CVE-2020-11023 in its documentation, matched against AlmaLinux 8's
// libgcc, with the KEV catalog's entry for that CVE.
func TestEncodeBOMKEV(t *testing.T) {
	inv, res := realScan(t, "testdata/bom/almalinux-8.inventory.json", "testdata/bom/kev-CVE-2020-11023.json",
		func(_ *memstore.Store, add func(string, func(context.Context, io.Reader) iter.Seq2[*advisory.Advisory, error])) {
			add("testdata/bom/ALSA-2025_1301.json", osv.Parse)
		})
	data := encodeBOM(t, inv, res, cyclonedx.Options{})
	d := readBOM(t, data)
	checkAffects(t, res, d)
	if len(d.Vulnerabilities) != 1 {
		t.Fatalf("%d vulnerabilities, want 1", len(d.Vulnerabilities))
	}
	v := d.Vulnerabilities[0]
	want := cdx.Vulnerability{
		ID:     "CVE-2020-11023",
		Source: &cdx.Source{Name: "NVD", URL: "https://nvd.nist.gov/vuln/detail/CVE-2020-11023"},
		References: &[]cdx.VulnerabilityReference{{ID: "ALSA-2025:1301",
			Source: &cdx.Source{Name: "OSV", URL: "https://osv.dev/vulnerability/ALSA-2025:1301"}}},
		Published:      "2025-02-11T00:00:00Z",
		Updated:        "2025-02-17T07:24:16Z",
		Recommendation: "Upgrade libgcc from 8.5.0-22.el8_10 to 8.5.0-23.el8_10.alma.1.",
		Properties: &[]cdx.Property{
			{Name: "loadline:kev", Value: "true"},
			{Name: "loadline:kev:added", Value: "2025-01-23"},
			{Name: "loadline:kev:due", Value: "2025-02-13"},
		},
	}
	if diff := cmp.Diff(want, v, cmpopts.IgnoreFields(cdx.Vulnerability{}, "Affects", "Description")); diff != "" {
		t.Errorf("CVE-2020-11023 (-want +got):\n%s", diff)
	}
	if err := validateJSON(cycloneDXSchema(t), data); err != nil {
		t.Errorf("invalid CycloneDX 1.6 JSON: %v", err)
	}
}

// TestEncodeBOMAnnotated writes findings a VEX statement annotates: the
// statement covers libssl3 and not libcrypto3, so CVE-2024-9143 is two
// vulnerabilities, the annotated one with the statement's analysis, and
// reading the document as VEX gives that statement back.
func TestEncodeBOMAnnotated(t *testing.T) {
	inv, res := shippedScan(t)
	stmt := vex.Statement{
		Vulnerability: "CVE-2024-9143", Status: vex.StatusNotAffected, Justification: vex.VulnerableCodeNotInExecutePath,
		Impact:    "The GF(2^m) curves are not used.",
		Timestamp: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		Products:  []vex.Product{{Component: vex.Component{PURL: "pkg:apk/alpine/libssl3"}}},
	}
	vex.Apply(res, vex.NewIndex(&vex.Document{Format: vex.OpenVEX, ID: "https://example.com/vex/1", Statements: []vex.Statement{stmt}}))
	data := encodeBOM(t, inv, res, cyclonedx.Options{})
	d := readBOM(t, data)
	checkAffects(t, res, d)
	var got []string
	for _, v := range d.Vulnerabilities {
		if v.ID == "CVE-2024-9143" {
			a := "none"
			if v.Analysis != nil {
				a = string(v.Analysis.State) + " " + string(v.Analysis.Justification) + " " + v.Analysis.Detail + " " + v.Analysis.LastUpdated
			}
			got = append(got, (*v.Affects)[0].Ref+": "+a)
		}
	}
	want := []string{
		"pkg:apk/alpine/libcrypto3@3.1.7-r0?arch=x86_64&distro=alpine-3.19.4&upstream=openssl: none",
		"pkg:apk/alpine/libssl3@3.1.7-r0?arch=x86_64&distro=alpine-3.19.4&upstream=openssl: not_affected code_not_reachable The GF(2^m) curves are not used. 2026-11-01T00:00:00Z",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CVE-2024-9143 (-want +got):\n%s", diff)
	}
	doc, err := vex.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Statements) != 1 || doc.Statements[0].Status != vex.StatusNotAffected || len(doc.Statements[0].Products) != 1 ||
		!strings.HasPrefix(doc.Statements[0].Products[0].PURL, "pkg:apk/alpine/libssl3@") {
		t.Errorf("read as VEX: %+v, want the one not_affected statement about libssl3", doc.Statements)
	}
	if err := validateJSON(cycloneDXSchema(t), data); err != nil {
		t.Errorf("invalid CycloneDX 1.6 JSON: %v", err)
	}
}

// TestEncodeBOMErrors: a finding whose package the inventory does not
// hold, and Encode's own errors.
func TestEncodeBOMErrors(t *testing.T) {
	inv, res := shippedScan(t)
	tests := []struct {
		name string
		inv  *sbom.Inventory
		opts cyclonedx.Options
		want string
	}{
		{"no inventory", nil, cyclonedx.Options{}, "vex: finding CVE-2021-42373 of busybox 1.36.1-r19: the inventory has no such package"},
		{"bad format", inv, cyclonedx.Options{Format: 7}, "vex: cyclonedx: unknown format Format(7)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := vex.EncodeBOM(io.Discard, tt.inv, res, tt.opts)
			if err == nil || err.Error() != tt.want {
				t.Errorf("EncodeBOM: %v, want %q", err, tt.want)
			}
		})
	}
	var plain, none bytes.Buffer
	if err := cyclonedx.Encode(&plain, inv, cyclonedx.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := vex.EncodeBOM(&none, inv, nil, cyclonedx.Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(plain.Bytes(), none.Bytes()) {
		t.Error("EncodeBOM of a nil result is not the inventory's document")
	}
}

// TestEncodeBOMGaps scans the shipped image without the OSV record, so
// that its npm package is a gap: the gap and Alpine 3.19's end of
// support are metadata properties, after the caller's, and the inventory
// still reads back whole.
func TestEncodeBOMGaps(t *testing.T) {
	const feeds = "../../testdata/advisories/"
	inv, res := realScan(t, "testdata/bom/alpine-3.19.inventory.json", feeds+"kev.json",
		func(st *memstore.Store, add func(string, func(context.Context, io.Reader) iter.Seq2[*advisory.Advisory, error])) {
			f := secdb.AlpineFeed("v3.19", "main")
			add(feeds+"alpine/v3.19-main.json", f.Parse)
			for _, q := range f.Cover() {
				st.Cover(q.Ecosystem, q.Release)
			}
		})
	if len(res.Gaps) != 1 || res.Support == nil {
		t.Fatalf("gaps %+v, support %+v: want the npm gap and Alpine 3.19's support", res.Gaps, res.Support)
	}
	mine := cdx.Property{Name: "example:pipeline", Value: "42"}
	data := encodeBOM(t, inv, res, cyclonedx.Options{Properties: []cdx.Property{mine}})
	var doc struct {
		Metadata struct{ Properties []cdx.Property }
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	want := []cdx.Property{
		mine,
		{Name: "loadline:gap:0:ecosystem", Value: "npm"},
		{Name: "loadline:gap:0:packages", Value: "3"},
		{Name: "loadline:gap:0:why", Value: res.Gaps[0].Why},
		{Name: "loadline:support:ends", Value: res.Support.Ends.Format(time.DateOnly)},
	}
	if diff := cmp.Diff(want, doc.Metadata.Properties); diff != "" {
		t.Errorf("metadata properties (-want +got):\n%s", diff)
	}
	got, err := cyclonedx.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(inv.Packages, got.Packages, cmpopts.EquateEmpty(), cmpopts.IgnoreFields(sbom.Package{}, "Files")); diff != "" {
		t.Errorf("packages (-scanned +read back):\n%s", diff)
	}
	if err := validateJSON(cycloneDXSchema(t), data); err != nil {
		t.Errorf("invalid CycloneDX 1.6 JSON: %v", err)
	}
}

// TestEncodeBOMMapping shows how each kind of finding is written: the
// sources of IDs by feed and prefix, every CVSS version and a distro's
// own word, the statuses without a fix, several fixes, KEV and EPSS;
// each document valid against the official schemas.
func TestEncodeBOMMapping(t *testing.T) {
	pkg := match.Package{Type: "deb", Namespace: "debian", Name: "openssl", Version: "3.0.11-1~deb12u1",
		PURL: "pkg:deb/debian/openssl@3.0.11-1~deb12u1?distro=debian-12", Locations: []string{"/var/lib/dpkg/status"}}
	inv := &sbom.Inventory{Packages: []sbom.Package{{Type: pkg.Type, Namespace: pkg.Namespace, Name: pkg.Name, Version: pkg.Version,
		PURL: pkg.PURL, Evidence: pkg.Locations}}}
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		f    match.Finding
		want cdx.Vulnerability
	}{
		{
			name: "debian, every CVSS version, KEV and EPSS",
			f: match.Finding{Vulnerability: "CVE-2024-0001", Aliases: []string{"DSA-5600-1"}, Status: advisory.StatusAffected,
				Fixed: []string{"3.0.13-1~deb12u1", "3.0.14-1"},
				Severities: []advisory.Severity{
					{Source: "debian", Rating: "unimportant"},
					{Source: "nvd@nist.gov", Type: "CVSS_V2", Vector: "AV:N/AC:L/Au:N/C:P/I:P/A:P", Score: 7.5, Rating: "HIGH"},
					{Source: "nvd@nist.gov", Type: "CVSS_V3", Vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Score: 9.8, Rating: "CRITICAL"},
					{Source: "secalert@redhat.com", Type: "CVSS_V4", Vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", Score: 9.3, Rating: "CRITICAL"},
				},
				Exploitation: &advisory.Exploitation{
					KEV:  &advisory.KEV{Added: day(5), Due: day(26), Ransomware: true},
					EPSS: &advisory.EPSS{Score: 0.97, Percentile: 0.9995, Date: day(30)},
				},
				Evidence: []match.Evidence{{Advisory: "CVE-2024-0001", Feed: "debian", Published: day(2)}, {Advisory: "DSA-5600-1", Feed: "debian-dsa", Published: day(3)}}},
			want: cdx.Vulnerability{
				ID: "CVE-2024-0001", Source: &cdx.Source{Name: "Debian", URL: "https://security-tracker.debian.org/tracker/CVE-2024-0001"},
				References: &[]cdx.VulnerabilityReference{{ID: "DSA-5600-1", Source: &cdx.Source{Name: "Debian", URL: "https://security-tracker.debian.org/tracker/DSA-5600-1"}}},
				Ratings: &[]cdx.VulnerabilityRating{
					{Source: &cdx.Source{Name: "Debian"}, Severity: cdx.SeverityLow, Method: cdx.ScoringMethodOther},
					{Source: &cdx.Source{Name: "NVD"}, Score: ptr(7.5), Severity: cdx.SeverityHigh, Method: cdx.ScoringMethodCVSSv2, Vector: "AV:N/AC:L/Au:N/C:P/I:P/A:P"},
					{Source: &cdx.Source{Name: "NVD"}, Score: ptr(9.8), Severity: cdx.SeverityCritical, Method: cdx.ScoringMethodCVSSv3, Vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
					{Source: &cdx.Source{Name: "secalert@redhat.com"}, Score: ptr(9.3), Severity: cdx.SeverityCritical, Method: cdx.ScoringMethodCVSSv4, Vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"},
				},
				Published:      "2024-01-02T00:00:00Z",
				Recommendation: "Upgrade openssl from 3.0.11-1~deb12u1 to one of 3.0.13-1~deb12u1, 3.0.14-1.",
				Properties: &[]cdx.Property{
					{Name: "loadline:kev", Value: "true"}, {Name: "loadline:kev:added", Value: "2024-01-05"},
					{Name: "loadline:kev:due", Value: "2024-01-26"}, {Name: "loadline:kev:ransomware", Value: "true"},
					{Name: "loadline:epss:score", Value: "0.97"}, {Name: "loadline:epss:percentile", Value: "0.9995"},
					{Name: "loadline:epss:date", Value: "2024-01-30"},
				},
			},
		},
		{
			name: "ubuntu will not fix",
			f: match.Finding{Vulnerability: "CVE-2024-0002", Aliases: []string{"USN-6600-1"}, Status: advisory.StatusWillNotFix,
				Severities: []advisory.Severity{{Source: "ubuntu", Rating: "negligible"}},
				Evidence:   []match.Evidence{{Advisory: "CVE-2024-0002", Feed: "ubuntu-vex"}}},
			want: cdx.Vulnerability{
				ID: "CVE-2024-0002", Source: &cdx.Source{Name: "Ubuntu", URL: "https://ubuntu.com/security/CVE-2024-0002"},
				References:     &[]cdx.VulnerabilityReference{{ID: "USN-6600-1", Source: &cdx.Source{Name: "Ubuntu", URL: "https://ubuntu.com/security/notices/USN-6600-1"}}},
				Ratings:        &[]cdx.VulnerabilityRating{{Source: &cdx.Source{Name: "Ubuntu"}, Severity: cdx.SeverityLow, Method: cdx.ScoringMethodOther}},
				Recommendation: "openssl 3.0.11-1~deb12u1: the vendor will not fix it.",
			},
		},
		{
			name: "red hat under investigation",
			f: match.Finding{Vulnerability: "CVE-2024-0003", Aliases: []string{"RHSA-2024:0001"}, Status: advisory.StatusUnderInvestigation,
				Severities: []advisory.Severity{{Source: "redhat", Rating: "Important"}},
				Evidence:   []match.Evidence{{Advisory: "CVE-2024-0003", Feed: "redhat"}}},
			want: cdx.Vulnerability{
				ID: "CVE-2024-0003", Source: &cdx.Source{Name: "Red Hat", URL: "https://access.redhat.com/security/cve/CVE-2024-0003"},
				References: &[]cdx.VulnerabilityReference{{ID: "RHSA-2024:0001", Source: &cdx.Source{Name: "Red Hat", URL: "https://access.redhat.com/errata/RHSA-2024:0001"}}},
				Ratings:    &[]cdx.VulnerabilityRating{{Source: &cdx.Source{Name: "Red Hat"}, Severity: cdx.SeverityHigh, Method: cdx.ScoringMethodOther}},
			},
		},
		{
			name: "an OSV ID without CVE, no fix yet",
			f: match.Finding{Vulnerability: "GO-2024-0004", Status: advisory.StatusAffected,
				Evidence: []match.Evidence{{Advisory: "GO-2024-0004", Feed: "osv"}}},
			want: cdx.Vulnerability{
				ID: "GO-2024-0004", Source: &cdx.Source{Name: "OSV", URL: "https://osv.dev/vulnerability/GO-2024-0004"},
				Recommendation: "openssl 3.0.11-1~deb12u1: no fixed version is available yet.",
			},
		},
		{
			name: "an ID of no known database",
			f:    match.Finding{Vulnerability: "TEMP-0000001-ABCDEF", Status: advisory.StatusNotAffected},
			want: cdx.Vulnerability{ID: "TEMP-0000001-ABCDEF", Source: &cdx.Source{Name: "TEMP"}},
		},
	}
	schema := cycloneDXSchema(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.f
			f.Package = pkg
			res := &match.Result{Findings: []match.Finding{f}}
			data := encodeBOM(t, inv, res, cyclonedx.Options{})
			if err := validateJSON(schema, data); err != nil {
				t.Errorf("invalid CycloneDX 1.6 JSON: %v", err)
			}
			if err := validateXML(t, encodeBOM(t, inv, res, cyclonedx.Options{Format: cyclonedx.XML})); err != nil {
				t.Errorf("invalid CycloneDX 1.6 XML: %v", err)
			}
			d := readBOM(t, data)
			if len(d.Vulnerabilities) != 1 {
				t.Fatalf("%d vulnerabilities, want 1", len(d.Vulnerabilities))
			}
			if diff := cmp.Diff(tt.want, d.Vulnerabilities[0], cmpopts.IgnoreFields(cdx.Vulnerability{}, "Affects")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func ptr(f float64) *float64 { return &f }
