package redhat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"iter"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/csaf/redhat"
	"github.com/loadline/loadline/advisory/osv"
	"github.com/loadline/loadline/version"
)

// parseFile parses one testdata file with parse (redhat.Parse when nil)
// and fails on any error.
func parseFile(t testing.TB, name string, parse ...func(context.Context, io.Reader) iter.Seq2[*advisory.Advisory, error]) []*advisory.Advisory {
	t.Helper()
	f := bytes.NewReader(testdata(t, name))
	p := redhat.Parse
	if len(parse) > 0 {
		p = parse[0]
	}
	var out []*advisory.Advisory
	for a, err := range p(context.Background(), f) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, a)
	}
	return out
}

// line writes an Affected entry as testdata/expect.py does.
func line(a advisory.Affected) string {
	return strings.Join([]string{a.Release.String(), a.Package, a.Module, string(a.Status), a.Severity, a.Reason, strings.Join(sorted(a.Fixed()), ",")}, "|")
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestExpected checks every document against testdata/expected.json,
// which testdata/expect.py computes from the raw JSON without this
// package's code: the advisories' IDs and every affected entry.
func TestExpected(t *testing.T) {
	data, err := os.ReadFile("testdata/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	type adv struct {
		ID       string   `json:"id"`
		Affected []string `json:"affected"`
	}
	var want map[string][]adv
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != 12 {
		t.Fatalf("expected.json holds %d documents, want 12", len(want))
	}
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			var got []adv
			for _, a := range parseFile(t, name) {
				g := adv{ID: a.ID}
				for _, x := range a.Affected {
					g.Affected = append(g.Affected, line(x))
				}
				slices.Sort(g.Affected)
				got = append(got, g)
			}
			if diff := cmp.Diff(w, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func fixed(fix ...string) []version.Range {
	var out []version.Range
	for _, f := range fix {
		out = append(out, version.Range{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: f}}})
	}
	return out
}

// find returns the entries of a for one release and package.
func find(a *advisory.Advisory, release, pkg string) []advisory.Affected {
	var out []advisory.Affected
	for _, x := range a.Affected {
		if x.Release.String() == release && x.Package == pkg {
			out = append(out, x)
		}
	}
	return out
}

// TestRecords checks real advisories field by field.
func TestRecords(t *testing.T) {
	rhel := func(v string) advisory.Release { return advisory.Release{Distro: "rhel", Version: v} }
	t.Run("CVE-2023-38545", func(t *testing.T) {
		as := parseFile(t, "cve-2023-38545.json")
		if len(as) != 1 {
			t.Fatalf("%d advisories, want 1", len(as))
		}
		a := as[0]
		head := *a
		head.Affected, head.References, head.Details = nil, nil, ""
		want := advisory.Advisory{
			ID:        "CVE-2023-38545",
			Related:   []string{"RHSA-2023:5700", "RHSA-2023:5763", "RHSA-2023:6745", "RHSA-2023:7625", "RHSA-2023:7626", "RHSA-2024:0797", "RHSA-2024:2011"},
			Summary:   "curl: heap based buffer overflow in the SOCKS5 proxy handshake",
			Published: date("2023-10-11T00:00:00Z"),
			Modified:  date("2025-11-21T14:31:32Z"),
			Severities: []advisory.Severity{
				{Rating: "Important", Source: "redhat"},
				{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", Score: 8.1, Rating: "HIGH", Source: "redhat"},
			},
			CWEs:   []string{"CWE-119"},
			Source: advisory.Provenance{Feed: "redhat", Record: "(input)"},
		}
		if diff := cmp.Diff(want, head); diff != "" {
			t.Errorf("advisory (-want +got):\n%s", diff)
		}
		if !strings.HasPrefix(a.Details, "A heap-based buffer overflow flaw was found in the SOCKS5 proxy handshake") || len(a.References) != 6 || a.References[0].URL != "https://security.access.redhat.com/data/csaf/v2/vex/2023/cve-2023-38545.json" {
			t.Errorf("details %.40q, %d references (first %v)", a.Details, len(a.References), a.References[0])
		}
		for _, tc := range []struct {
			release, pkg string
			want         []advisory.Affected
		}{
			{"rhel:9", "curl", []advisory.Affected{{Ecosystem: "rpm", Release: rhel("9"), Package: "curl", Status: advisory.StatusAffected, Severity: "Important",
				Ranges: fixed("7.76.1-14.el9_0.9", "7.76.1-23.el9_2.4", "7.76.1-26.el9_3.2")}}},
			{"rhel:8", "libcurl-minimal", []advisory.Affected{{Ecosystem: "rpm", Release: rhel("8"), Package: "libcurl-minimal", Status: advisory.StatusNotAffected,
				Severity: "Important", Reason: "vulnerable_code_not_present"}}},
			{"redhat:jboss_core_services:1::el8", "jbcs-httpd24-curl", []advisory.Affected{{Ecosystem: "rpm", Release: advisory.Release{Distro: "redhat", Version: "jboss_core_services:1::el8"},
				Package: "jbcs-httpd24-curl", Status: advisory.StatusAffected, Severity: "Important", Ranges: fixed("8.4.0-2.el8jbcs")}}},
		} {
			if diff := cmp.Diff(tc.want, find(a, tc.release, tc.pkg)); diff != "" {
				t.Errorf("%s %s (-want +got):\n%s", tc.release, tc.pkg, diff)
			}
		}
	})
	for _, tc := range []struct {
		file, release, pkg string
		want               []advisory.Affected
	}{
		// no_fix_planned: will not fix, with Red Hat's words.
		{"cve-2022-38752.json", "rhel:7", "snakeyaml", []advisory.Affected{{Ecosystem: "rpm", Release: rhel("7"), Package: "snakeyaml",
			Status: advisory.StatusWillNotFix, Severity: "Moderate", Reason: "Out of support scope"}}},
		// none_available ("Affected"): affected, no fix yet; a layered product.
		{"claircore-toolkit-cve-2024-22047.json", "redhat:satellite:6", "rubygem-audited", []advisory.Affected{{Ecosystem: "rpm",
			Release: advisory.Release{Distro: "redhat", Version: "satellite:6"}, Package: "rubygem-audited", Status: advisory.StatusAffected, Severity: "Low", Reason: "Affected"}}},
		// No PURLs: the package and epoch from the product ID.
		{"claircore-toolkit-rhsa-2022-0011.json", "rhel:7", "telnet-server", []advisory.Affected{{Ecosystem: "rpm", Release: rhel("7"), Package: "telnet-server",
			Status: advisory.StatusAffected, Ranges: fixed("1:0.17-65.el7_6")}}},
		{"claircore-toolkit-cve-2021-0084.json", "rhel:7", "kernel-rt", []advisory.Affected{{Ecosystem: "rpm", Release: rhel("7"), Package: "kernel-rt",
			Status: advisory.StatusNotAffected, Reason: "vulnerable_code_not_present"}}},
		// Modules: the rpmmod qualifier (older product IDs) and a module product.
		{"rhsa-2023_3821.json", "rhel:8", "ruby", []advisory.Affected{{Ecosystem: "rpm", Release: rhel("8"), Package: "ruby", Module: "ruby:2.7",
			Status: advisory.StatusAffected, Ranges: fixed("2.7.8-139.module+el8.8.0+18745+f1bef313")}}},
		{"rhsa-2024_6220.osv-schema.json", "rhel:8", "PyYAML", []advisory.Affected{{Ecosystem: "rpm", Release: rhel("8"), Package: "PyYAML", Module: "python39:3.9",
			Status: advisory.StatusAffected, Ranges: fixed("5.4.1-1.module+el8.5.0+10613+59a13ec4")}}},
		// Epoch 32 from the PURL; the RHSA's not-affected products dropped.
		{"rhsa-2025_23414.json", "rhel:6", "bind", []advisory.Affected{{Ecosystem: "rpm", Release: rhel("6"), Package: "bind",
			Status: advisory.StatusAffected, Ranges: fixed("32:9.8.2-0.68.rc1.el6_10.17")}}},
	} {
		t.Run(tc.file+"/"+tc.pkg, func(t *testing.T) {
			as := parseFile(t, tc.file)
			if diff := cmp.Diff(tc.want, find(as[0], tc.release, tc.pkg)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	t.Run("RHSA-2024:6163", func(t *testing.T) {
		as := parseFile(t, "rhsa-2024_6163.json")
		a := *as[0]
		a.Details, a.References = "", nil
		want := advisory.Advisory{
			ID:        "RHSA-2024:6163",
			Aliases:   []string{"CVE-2024-8088"},
			Summary:   "Red Hat Security Advisory: python3.9 security update",
			Published: date("2024-09-03T17:57:24Z"),
			Modified:  date("2026-03-26T18:50:03Z"),
			Severities: []advisory.Severity{
				{Rating: "Moderate", Source: "redhat"},
				{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:N/I:N/A:H", Score: 5.3, Rating: "MEDIUM", Source: "redhat"},
			},
			Affected: []advisory.Affected{{Ecosystem: "rpm", Release: rhel("9"), Package: "python3.9", Status: advisory.StatusAffected, Ranges: fixed("3.9.18-3.el9_4.5")}},
			CWEs:     []string{"CWE-835"},
			Source:   advisory.Provenance{Feed: "redhat", Record: "(input)"},
		}
		if diff := cmp.Diff(want, a); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

// TestOSVOracle compares an RHSA with the OSV that Red Hat's own
// CSAF-to-OSV converter (osv-schema tools/redhat) makes of it, read with
// advisory/osv: the same packages, releases and fixed versions.
func TestOSVOracle(t *testing.T) {
	set := func(as []*advisory.Advisory) []string {
		var out []string
		for _, a := range as {
			for _, x := range a.Affected {
				for _, fix := range x.Fixed() {
					out = append(out, x.Release.String()+" "+x.Package+" "+strings.TrimPrefix(fix, "0:"))
				}
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	for _, tc := range []struct{ csaf, osv string }{
		{"rhsa-2024_4546.osv-schema.json", "osv-RHSA-2024_4546.json"},
		{"rhsa-2024_6220.osv-schema.json", "osv-RHSA-2024_6220.json"}, // modular
	} {
		t.Run(tc.csaf, func(t *testing.T) {
			ours := parseFile(t, tc.csaf)
			theirs := parseFile(t, tc.osv, osv.Parse)
			if diff := cmp.Diff(set(theirs), set(ours)); diff != "" {
				t.Errorf("(-osv converter +ours):\n%s", diff)
			}
			if ours[0].ID != theirs[0].ID {
				t.Errorf("ID %s, osv converter %s", ours[0].ID, theirs[0].ID)
			}
		})
	}
}
