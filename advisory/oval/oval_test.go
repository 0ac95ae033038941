package oval_test

import (
	"bytes"
	"compress/bzip2"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
	"github.com/loadline/loadline/advisory/oval"
	"github.com/loadline/loadline/version"
)

const (
	ansible = "rhel-8-ansible-2-including-unpatched.oval.xml.bz2"
	dotnet  = "rhel-7-dotnet-3.1-including-unpatched.oval.xml.bz2"
)

func parse(t testing.TB, r io.Reader) ([]*advisory.Advisory, []error) {
	t.Helper()
	var as []*advisory.Advisory
	var errs []error
	for a, err := range oval.Parse(context.Background(), r) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		as = append(as, a)
	}
	return as, errs
}

func parseFile(t testing.TB, name string) []*advisory.Advisory {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	as, errs := parse(t, f)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", name, errs)
	}
	return as
}

// TestCounts checks each definition's advisory against counts computed
// independently with python3's xml.etree (see testdata/PROVENANCE.md):
// the distinct packages its criteria test (less the "is not installed"
// tests) and how many of them carry an "evr less than" state.
func TestCounts(t *testing.T) {
	type count struct {
		ID              string
		Packages, Fixed int
	}
	for _, tc := range []struct {
		file string
		want []count
	}{
		{ansible, []count{{"CVE-2020-10744", 2, 0}, {"CVE-2020-1734", 2, 0}, {"CVE-2020-1738", 2, 0}, {"RHSA-2019:3927", 2, 2}, {"RHSA-2020:0215", 2, 2}}},
		{dotnet, []count{{"RHSA-2020:0134", 11, 11}, {"RHSA-2020:2249", 11, 11}, {"CVE-2020-0605", 2, 0}, {"CVE-2020-0606", 2, 0}}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var got []count
			for _, a := range parseFile(t, tc.file) {
				c := count{ID: a.ID, Packages: len(a.Affected)}
				for _, x := range a.Affected {
					if len(x.Fixed()) > 0 {
						c.Fixed++
					}
				}
				got = append(got, c)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func fixed(f string) []version.Range {
	return []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: f}}}}
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestRecords(t *testing.T) {
	rhel := func(v string) advisory.Release { return advisory.Release{Distro: "rhel", Version: v} }
	byID := map[string]*advisory.Advisory{}
	for _, f := range []string{ansible, dotnet} {
		for _, a := range parseFile(t, f) {
			byID[a.ID] = a
		}
	}
	rhsa := *byID["RHSA-2019:3927"]
	if !strings.HasPrefix(rhsa.Details, "Ansible is a simple model-driven configuration management") {
		t.Errorf("details %.60q", rhsa.Details)
	}
	rhsa.Details = ""
	want := advisory.Advisory{
		ID:        "RHSA-2019:3927",
		Aliases:   []string{"CVE-2019-14864"},
		Summary:   "RHSA-2019:3927: ansible security and bug fix update (Moderate)",
		Published: day("2019-11-20"),
		Modified:  day("2019-11-20"),
		Severities: []advisory.Severity{
			{Rating: "Moderate", Source: "redhat"},
			{Type: "CVSS_V3", Vector: "CVSS:3.0/AV:N/AC:L/PR:L/UI:R/S:U/C:H/I:N/A:N", Score: 5.7, Rating: "MEDIUM", Source: "redhat"},
		},
		Affected: []advisory.Affected{
			{Ecosystem: "rpm", Release: rhel("8"), Package: "ansible", Status: advisory.StatusAffected, Severity: "Moderate", Ranges: fixed("2.9.1-1.el8")},
			{Ecosystem: "rpm", Release: rhel("8"), Package: "ansible-test", Status: advisory.StatusAffected, Severity: "Moderate", Ranges: fixed("2.9.1-1.el8")},
		},
		References: []advisory.Reference{
			{Type: "ADVISORY", URL: "https://access.redhat.com/errata/RHSA-2019:3927"},
			{Type: "ADVISORY", URL: "https://access.redhat.com/security/cve/CVE-2019-14864"},
			{Type: "REPORT", URL: "https://bugzilla.redhat.com/1764148"},
		},
		CWEs:   []string{"CWE-117", "CWE-532"},
		Source: advisory.Provenance{Feed: "redhat-oval", Record: "oval:com.redhat.rhsa:def:20193927"},
	}
	if diff := cmp.Diff(want, rhsa); diff != "" {
		t.Errorf("RHSA-2019:3927 (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		id   string
		want []advisory.Affected
	}{
		// Unpatched: affected, no fix.
		{"CVE-2020-1738", []advisory.Affected{
			{Ecosystem: "rpm", Release: rhel("8"), Package: "ansible", Status: advisory.StatusAffected, Severity: "Low"},
			{Ecosystem: "rpm", Release: rhel("8"), Package: "ansible-test", Status: advisory.StatusAffected, Severity: "Low"},
		}},
		// Unaffected components.
		{"CVE-2020-0605", []advisory.Affected{
			{Ecosystem: "rpm", Release: rhel("7"), Package: "rh-dotnet31", Status: advisory.StatusNotAffected, Severity: "Moderate"},
			{Ecosystem: "rpm", Release: rhel("7"), Package: "rh-dotnet31-runtime", Status: advisory.StatusNotAffected, Severity: "Moderate"},
		}},
	} {
		if diff := cmp.Diff(tc.want, byID[tc.id].Affected); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.id, diff)
		}
	}
	if a := byID["RHSA-2020:0134"]; a.Affected[2].Package != "rh-dotnet31-dotnet" || a.Affected[2].Fixed()[0] != "3.1.101-4.el7" {
		t.Errorf("RHSA-2020:0134 entry 2: %+v", a.Affected[2])
	}
}

// synthetic is a definition file in Red Hat's shape with what the real
// subsets lack: a module stream and resolutions of unpatched packages.
const synthetic = `<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5" xmlns:red-def="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux">
<definitions>
 <definition class="vulnerability" id="oval:com.redhat.cve:def:20241" version="1">
  <metadata><title>CVE-2024-1 nodejs: flaw (important)</title>
   <reference ref_id="CVE-2024-1" ref_url="https://access.redhat.com/security/cve/CVE-2024-1" source="CVE"/>
   <advisory from="secalert@redhat.com"><severity>Important</severity>
    <cve cvss3="7.5/CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" cwe="(CWE-400|CWE-770)" public="20240102">CVE-2024-1</cve>
    <affected><resolution state="Will not fix"><component>npm</component></resolution>
     <resolution state="Under investigation"><component>nodejs-docs</component></resolution></affected>
   </advisory></metadata>
  <criteria operator="AND">
   <criterion comment="Red Hat Enterprise Linux 8 is installed" test_ref="t:rhel"/>
   <criterion comment="Module nodejs:18 is enabled" test_ref="t:mod"/>
   <criteria operator="OR">
    <criterion comment="nodejs is installed" test_ref="t:1"/>
    <criterion comment="npm is installed" test_ref="t:2"/>
    <criterion comment="nodejs-docs is installed" test_ref="t:3"/>
   </criteria>
  </criteria>
 </definition>
 <definition class="patch" id="oval:x:def:2"><metadata><title>no reference</title></metadata></definition>
</definitions>
<tests>
 <red-def:rpminfo_test id="t:1"><red-def:object object_ref="o:1"/></red-def:rpminfo_test>
 <red-def:rpminfo_test id="t:2"><red-def:object object_ref="o:2"/></red-def:rpminfo_test>
 <red-def:rpminfo_test id="t:3"><red-def:object object_ref="o:3"/></red-def:rpminfo_test>
</tests>
<objects>
 <red-def:rpminfo_object id="o:1"><red-def:name>nodejs</red-def:name></red-def:rpminfo_object>
 <red-def:rpminfo_object id="o:2"><red-def:name>npm</red-def:name></red-def:rpminfo_object>
 <red-def:rpminfo_object id="o:3"><red-def:name>nodejs-docs</red-def:name></red-def:rpminfo_object>
</objects>
</oval_definitions>`

func TestSynthetic(t *testing.T) {
	as, errs := parse(t, strings.NewReader(synthetic))
	if len(as) != 1 {
		t.Fatalf("%d advisories, want 1", len(as))
	}
	rhel8 := advisory.Release{Distro: "rhel", Version: "8"}
	want := []advisory.Affected{
		{Ecosystem: "rpm", Release: rhel8, Package: "nodejs", Module: "nodejs:18", Status: advisory.StatusAffected, Severity: "Important"},
		{Ecosystem: "rpm", Release: rhel8, Package: "nodejs-docs", Module: "nodejs:18", Status: advisory.StatusUnderInvestigation, Severity: "Important", Reason: "Under investigation"},
		{Ecosystem: "rpm", Release: rhel8, Package: "npm", Module: "nodejs:18", Status: advisory.StatusWillNotFix, Severity: "Important", Reason: "Will not fix"},
	}
	if diff := cmp.Diff(want, as[0].Affected); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"CWE-400", "CWE-770"}, as[0].CWEs); diff != "" {
		t.Errorf("CWEs (-want +got):\n%s", diff)
	}
	if !as[0].Published.Equal(day("2024-01-02")) {
		t.Errorf("Published %v", as[0].Published)
	}
	var re *oval.RecordError
	if len(errs) != 1 || !errors.As(errs[0], &re) || re.Record != "oval:x:def:2" {
		t.Errorf("errors %v, want one RecordError for oval:x:def:2", errs)
	}
	// Malformed XML: an error, and no advisory.
	as, errs = parse(t, strings.NewReader(synthetic[:len(synthetic)/2]))
	if len(as) != 0 || len(errs) != 1 {
		t.Errorf("cut XML: %d advisories, errors %v; want none and one error", len(as), errs)
	}
}

func TestFetch(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", ansible))
	if err != nil {
		t.Fatal(err)
	}
	var cut bool
	mux := http.NewServeMux()
	mux.HandleFunc("/RHEL8/rhel-8-including-unpatched.oval.xml.bz2", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		if cut {
			w.Write(data[:len(data)/2])
			return
		}
		w.Write(data)
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	feed := &oval.Feed{Major: "8"}
	client := &fetch.Client{HTTP: ts.Client(), Attempts: 2, Backoff: time.Millisecond, Dir: t.TempDir()}
	if got := feed.Location(); got != oval.DefaultBaseURL+"RHEL8/rhel-8-including-unpatched.oval.xml.bz2" || feed.Name() != "redhat-oval-rhel8" {
		t.Errorf("Location %s, Name %s", got, feed.Name())
	}
	feed.URL = ts.URL + "/RHEL8/rhel-8-including-unpatched.oval.xml.bz2"
	rc, fp, err := feed.FetchWith(context.Background(), client, "")
	if err != nil {
		t.Fatal(err)
	}
	as, errs := parse(t, rc)
	rc.Close()
	if len(as) != 5 || len(errs) != 0 {
		t.Errorf("fetched: %d advisories, errors %v; want 5 and none", len(as), errs)
	}
	if _, _, err := feed.FetchWith(context.Background(), client, fp); !errors.Is(err, advisory.ErrNotModified) {
		t.Errorf("second Fetch: %v, want ErrNotModified", err)
	}
	cut = true
	if rc, _, err := feed.FetchWith(context.Background(), client, ""); rc != nil || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("cut Fetch: %v, %v; want io.ErrUnexpectedEOF and no data", rc, err)
	}
	if _, _, err := (&oval.Feed{}).Fetch(context.Background(), ""); !errors.Is(err, oval.ErrNoRelease) {
		t.Errorf("zero Feed: %v, want ErrNoRelease", err)
	}
	// The same file uncompressed parses the same.
	plain, err := io.ReadAll(bzip2.NewReader(bytes.NewReader(data)))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := parse(t, bytes.NewReader(plain)); !cmp.Equal(as, got) {
		t.Errorf("uncompressed file parses differently:\n%s", cmp.Diff(as, got))
	}
}
