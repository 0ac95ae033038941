package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/version"
)

// Open builds the store under test holding d.
type Open func(t *testing.T, d Data) advisory.Store

// Data is what Test loads into the store under test.
type Data struct {
	// Advisories are the advisories to store.
	Advisories []*advisory.Advisory
	// Cover lists ecosystems and releases (Package is ignored) to mark
	// covered besides those the advisories affect.
	Cover []advisory.Query
	// Exploitation is the exploitation data to store, by CVE ID; a store
	// that is not an advisory.ExploitStore ignores it.
	Exploitation map[string]advisory.Exploitation
}

var (
	bookworm = advisory.Release{Distro: "debian", Version: "12"}
	bullseye = advisory.Release{Distro: "debian", Version: "11"}
	alpine   = advisory.Release{Distro: "alpine", Version: "3.20"}
)

// Advisories returns the advisories Test loads: shaped like real records
// (the xz backdoor in Debian's tracker and in NVD, a GHSA for a PyPI
// package, a Debian not-affected entry). Each call returns new values.
func Advisories() []*advisory.Advisory {
	fixedIn := func(v string) []version.Range {
		return []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: v}}}}
	}
	return []*advisory.Advisory{{
		ID: "CVE-2024-3094",
		Affected: []advisory.Affected{
			{Ecosystem: "deb", Release: bookworm, Package: "xz-utils", Status: advisory.StatusNotAffected, Reason: "vulnerable code not present"},
			{Ecosystem: "deb", Release: advisory.Release{Distro: "debian", Version: "13"}, Package: "xz-utils", Ranges: fixedIn("5.6.1+really5.4.5-1")},
		},
		Source: advisory.Provenance{Feed: "debian", Record: "xz-utils/CVE-2024-3094"},
	}, {
		ID:       "CVE-2023-4863",
		Affected: []advisory.Affected{{Ecosystem: "deb", Release: bookworm, Package: "libwebp", Ranges: fixedIn("1.2.4-0.2+deb12u1")}},
		Source:   advisory.Provenance{Feed: "debian", Record: "libwebp/CVE-2023-4863"},
	}, {
		ID:       "CVE-2023-4863",
		Affected: []advisory.Affected{{CPE: "cpe:2.3:a:webmproject:libwebp:*:*:*:*:*:*:*:*"}},
		Source:   advisory.Provenance{Feed: "nvd", Record: "CVE-2023-4863"},
	}, {
		ID:         "GHSA-m2qf-hxjv-5gpq",
		Aliases:    []string{"CVE-2023-30861"},
		Summary:    "Flask vulnerable to possible disclosure of permanent session cookie due to missing Vary: Cookie header",
		Details:    "When all of the following conditions are met, a response containing data intended for one client may be cached and subsequently sent by the proxy to other clients.",
		Published:  time.Date(2023, 5, 2, 18, 21, 35, 0, time.UTC),
		Severities: []advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", Score: 7.5, Rating: "HIGH"}},
		Affected:   []advisory.Affected{{Ecosystem: "pypi", Package: "Flask", Ranges: fixedIn("2.2.5")}},
		References: []advisory.Reference{{Type: "WEB", URL: "https://github.com/pallets/flask/security/advisories/GHSA-m2qf-hxjv-5gpq"}, {Type: "PACKAGE", URL: "https://github.com/pallets/flask"}},
		CWEs:       []string{"CWE-539"},
		Source:     advisory.Provenance{Feed: "osv", Record: "GHSA-m2qf-hxjv-5gpq.json"},
	}}
}

// Exploitations returns the exploitation data Test loads, by CVE ID:
// shaped like CISA's KEV catalog and FIRST's EPSS scores (a CVE in both,
// one in KEV only, one with a score only). Each call returns new values.
func Exploitations() map[string]advisory.Exploitation {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	return map[string]advisory.Exploitation{
		"CVE-2023-4863": {
			KEV:  &advisory.KEV{Added: day(2023, 9, 13), Due: day(2023, 10, 4)},
			EPSS: &advisory.EPSS{Score: 0.93723, Percentile: 0.99853, Date: day(2024, 10, 25)},
		},
		"CVE-2025-53770": {KEV: &advisory.KEV{Added: day(2025, 7, 20), Due: day(2025, 7, 21), Ransomware: true}},
		"CVE-1999-0005":  {EPSS: &advisory.EPSS{Score: 0.91963, Percentile: 0.9903, Date: day(2024, 10, 25)}},
	}
}

// Test checks the store that open builds against the Store contract: the
// one question, name normalisation, entries known only by CPE, release
// separation, coverage, ID order, lookup by ID and alias (for an advisory.IDStore), exploitation
// by CVE (for an advisory.ExploitStore), and a cancelled context.
func Test(t *testing.T, open Open) {
	advs := Advisories()
	s := open(t, Data{Advisories: advs, Cover: []advisory.Query{{Ecosystem: "apk", Release: alpine}}, Exploitation: Exploitations()})
	ctx := context.Background()
	ids := func(as []*advisory.Advisory) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.ID+"/"+a.Source.Feed)
		}
		return out
	}
	tests := []struct {
		name    string
		q       advisory.Query
		want    []string
		covered bool
	}{
		{"distro source package", advisory.Query{Ecosystem: "deb", Release: bookworm, Package: "libwebp"}, []string{"CVE-2023-4863/debian"}, true},
		{"not-affected entries are returned too", advisory.Query{Ecosystem: "deb", Release: bookworm, Package: "xz-utils"}, []string{"CVE-2024-3094/debian"}, true},
		{"another release", advisory.Query{Ecosystem: "deb", Release: bullseye, Package: "libwebp"}, nil, false},
		{"PEP 503 names", advisory.Query{Ecosystem: "pypi", Package: "flask"}, []string{"GHSA-m2qf-hxjv-5gpq/osv"}, true},
		{"unknown package in a covered ecosystem", advisory.Query{Ecosystem: "pypi", Package: "requests"}, nil, true},
		{"covered without advisories", advisory.Query{Ecosystem: "apk", Release: alpine, Package: "musl"}, nil, true},
		{"an ecosystem with no data", advisory.Query{Ecosystem: "npm", Package: "lodash"}, nil, false},
		{"an entry known only by CPE, by its vendor:product (advisory.EntryName)", advisory.Query{Package: "webmproject:libwebp"}, []string{"CVE-2023-4863/nvd"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Lookup(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(got.Advisories)); diff != "" {
				t.Errorf("Lookup(%+v) (-want +got):\n%s", tt.q, diff)
			}
			if got.Covered != tt.covered {
				t.Errorf("Lookup(%+v).Covered = %v, want %v", tt.q, got.Covered, tt.covered)
			}
		})
	}
	t.Run("fields", func(t *testing.T) {
		// Every field but Details and References, which a Lookup may
		// leave out.
		got, err := s.Lookup(ctx, advisory.Query{Ecosystem: "pypi", Package: "Flask"})
		if err != nil {
			t.Fatal(err)
		}
		want := Advisories()[3]
		if diff := cmp.Diff([]*advisory.Advisory{want}, got.Advisories, cmpopts.IgnoreFields(advisory.Advisory{}, "Details", "References")); diff != "" {
			t.Errorf("Lookup (-want +got):\n%s", diff)
		}
		is, ok := s.(advisory.IDStore)
		if !ok {
			return
		}
		whole, err := is.ByID(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]*advisory.Advisory{want}, whole); diff != "" {
			t.Errorf("ByID (-want +got):\n%s", diff)
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Lookup(c, tests[0].q); !errors.Is(err, context.Canceled) {
			t.Errorf("Lookup with a cancelled context: error = %v", err)
		}
	})
	if es, ok := s.(advisory.ExploitStore); ok {
		t.Run("Exploitation", func(t *testing.T) { testExploit(t, es) })
	}
	is, ok := s.(advisory.IDStore)
	if !ok {
		return
	}
	t.Run("ByID", func(t *testing.T) {
		for id, want := range map[string][]string{
			"CVE-2023-4863":       {"CVE-2023-4863/debian", "CVE-2023-4863/nvd"},
			"CVE-2023-30861":      {"GHSA-m2qf-hxjv-5gpq/osv"},
			"GHSA-m2qf-hxjv-5gpq": {"GHSA-m2qf-hxjv-5gpq/osv"},
		} {
			got, err := is.ByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, ids(got), cmpSorted); diff != "" {
				t.Errorf("ByID(%s) (-want +got):\n%s", id, diff)
			}
		}
		if _, err := is.ByID(ctx, "CVE-1999-0001"); !errors.Is(err, advisory.ErrNotFound) {
			t.Errorf("ByID of an unknown ID: error = %v, want ErrNotFound", err)
		}
	})
}

var cmpSorted = cmpopts.SortSlices(func(a, b string) bool { return a < b })

// testExploit checks an ExploitStore loaded with Exploitations.
func testExploit(t *testing.T, s advisory.ExploitStore) {
	ctx := context.Background()
	want := Exploitations()
	want["CVE-2024-3094"] = advisory.Exploitation{} // an advisory's CVE with no data
	want["cve-2023-4863"] = advisory.Exploitation{} // IDs compare exactly
	for cve, w := range want {
		got, err := s.Exploitation(ctx, cve)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("Exploitation(%s) (-want +got):\n%s", cve, diff)
		}
	}
	t.Run("results belong to the caller", func(t *testing.T) {
		got, err := s.Exploitation(ctx, "CVE-2023-4863")
		if err != nil {
			t.Fatal(err)
		}
		got.KEV.Ransomware, got.EPSS.Score = true, 0
		again, err := s.Exploitation(ctx, "CVE-2023-4863")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want["CVE-2023-4863"], again); diff != "" {
			t.Errorf("Exploitation after the caller changed a result (-want +got):\n%s", diff)
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Exploitation(c, "CVE-2023-4863"); !errors.Is(err, context.Canceled) {
			t.Errorf("Exploitation with a cancelled context: error = %v", err)
		}
	})
}
