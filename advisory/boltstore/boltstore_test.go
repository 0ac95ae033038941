package boltstore_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/advisory/storetest"
	"github.com/loadline/loadline/version"
)

// seq yields advs, then err when it is not nil.
func seq(advs []*advisory.Advisory, err error) iter.Seq2[*advisory.Advisory, error] {
	return func(yield func(*advisory.Advisory, error) bool) {
		for _, a := range advs {
			if !yield(a, nil) {
				return
			}
		}
		if err != nil {
			yield(nil, err)
		}
	}
}

// build writes advs to a new database in a temporary directory and opens
// it; the store closes when the test ends.
func build(t testing.TB, advs []*advisory.Advisory, opts *boltstore.WriteOptions) (*boltstore.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "advisories.db")
	if _, err := boltstore.Write(context.Background(), path, seq(advs, nil), opts); err != nil {
		t.Fatal(err)
	}
	return open(t, path), path
}

func open(t testing.TB, path string) *boltstore.Store {
	t.Helper()
	s, err := boltstore.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Test(t, func(t *testing.T, d storetest.Data) advisory.Store {
		kev, epss := split(d.Exploitation)
		s, _ := build(t, d.Advisories, &boltstore.WriteOptions{Feeds: []boltstore.Feed{{Name: "alpine", Cover: d.Cover}}, KEV: kev, EPSS: epss})
		return s
	})
}

// TestConformanceCache runs the kit on a store without a cache and on
// one with a cache small enough to evict (a few advisories), asking
// every question twice.
func TestConformanceCache(t *testing.T) {
	for _, size := range []int{-1, 3 << 10} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			storetest.Test(t, func(t *testing.T, d storetest.Data) advisory.Store {
				kev, epss := split(d.Exploitation)
				_, path := build(t, d.Advisories, &boltstore.WriteOptions{Feeds: []boltstore.Feed{{Name: "alpine", Cover: d.Cover}}, KEV: kev, EPSS: epss})
				s, err := boltstore.Open(context.Background(), path, &boltstore.Options{Cache: size})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				return twice{s}
			})
		})
	}
}

// twice asks its store every question twice and returns the second
// answer.
type twice struct{ *boltstore.Store }

func (s twice) Lookup(ctx context.Context, q advisory.Query) (advisory.Answer, error) {
	if _, err := s.Store.Lookup(ctx, q); err != nil {
		return advisory.Answer{}, err
	}
	return s.Store.Lookup(ctx, q)
}

func (s twice) ByID(ctx context.Context, id string) ([]*advisory.Advisory, error) {
	s.Store.ByID(ctx, id)
	return s.Store.ByID(ctx, id)
}

// TestConcurrentLookups asks from several goroutines at once, with and
// with the default cache, a small one and none (run with -race).
func TestConcurrentLookups(t *testing.T) {
	advs := synthetic(2000)
	_, path := build(t, advs, nil)
	for _, size := range []int{0, 100 << 10, -1} {
		s, err := boltstore.Open(context.Background(), path, &boltstore.Options{Cache: size})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Go(func() {
				for i := g; i < len(advs); i += 7 {
					af := advs[i].Affected[0]
					ans, err := s.Lookup(context.Background(), advisory.Query{Ecosystem: af.Ecosystem, Release: af.Release, Package: af.Package})
					if err != nil {
						t.Error(err)
						return
					}
					if !slices.ContainsFunc(ans.Advisories, func(a *advisory.Advisory) bool { return a.Source.Record == advs[i].Source.Record }) {
						t.Errorf("Lookup(%s) misses %s", af.Package, advs[i].Source.Record)
						return
					}
				}
			})
		}
		wg.Wait()
		s.Close()
	}
}

// split returns the KEV entries and EPSS scores of x.
func split(x map[string]advisory.Exploitation) (map[string]advisory.KEV, map[string]advisory.EPSS) {
	kev, epss := map[string]advisory.KEV{}, map[string]advisory.EPSS{}
	for cve, e := range x {
		if e.KEV != nil {
			kev[cve] = *e.KEV
		}
		if e.EPSS != nil {
			epss[cve] = *e.EPSS
		}
	}
	return kev, epss
}

func fixedIn(typ version.RangeType, v string) []version.Range {
	return []version.Range{{Type: typ, Events: []version.Event{{Introduced: "0"}, {Fixed: v}}}}
}

func day(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// realRecords are advisories as the OSV feed gives them for three real
// records in ../shared/data/advisories/osv: go/GO-2020-0001.json,
// alma/ALSA-2022:8194.json (two of its three affected entries, three of
// its ten related CVEs) and ubuntu/UBUNTU-CVE-2014-2901.json.
func realRecords() []*advisory.Advisory {
	alma9 := advisory.Release{Distro: "almalinux", Version: "9"}
	return []*advisory.Advisory{{
		ID:        "GO-2020-0001",
		Details:   "The default Formatter for the Logger middleware (LoggerConfig.Formatter), which is included in the Default engine, allows attackers to inject arbitrary log entries by manipulating the request path.",
		Published: day("2021-04-14T12:00:00Z"),
		Modified:  day("2021-04-14T12:00:00Z"),
		Affected:  []advisory.Affected{{Ecosystem: "golang", Package: "github.com/gin-gonic/gin", Ranges: fixedIn(version.RangeSemver, "1.6.0")}},
		References: []advisory.Reference{
			{Type: "FIX", URL: "https://github.com/gin-gonic/gin/pull/2237"},
			{Type: "FIX", URL: "https://github.com/gin-gonic/gin/commit/a71af9c144f9579f6dbe945341c1df37aaf09c0d"},
		},
		Source: advisory.Provenance{Feed: "osv", Record: "GO-2020-0001.json"},
	}, {
		ID:        "ALSA-2022:8194",
		Related:   []string{"CVE-2022-0561", "CVE-2022-0562", "CVE-2022-0865"},
		Summary:   "Moderate: libtiff security update",
		Published: day("2022-11-15T00:00:00Z"),
		Modified:  day("2022-11-18T13:09:36Z"),
		Affected: []advisory.Affected{
			{Ecosystem: "rpm", Release: alma9, Package: "libtiff", Ranges: fixedIn(version.RangeEcosystem, "4.4.0-2.el9")},
			{Ecosystem: "rpm", Release: alma9, Package: "libtiff-devel", Ranges: fixedIn(version.RangeEcosystem, "4.4.0-2.el9")},
		},
		References: []advisory.Reference{{Type: "ADVISORY", URL: "https://access.redhat.com/errata/RHSA-2022:8194"}},
		Source:     advisory.Provenance{Feed: "osv", Record: "ALSA-2022:8194.json"},
	}, {
		ID:        "UBUNTU-CVE-2014-2901",
		Published: day("2019-11-21T23:15:00Z"),
		Modified:  day("2025-08-01T04:49:26Z"),
		Severities: []advisory.Severity{
			{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", Score: 7.5, Rating: "HIGH"},
			{Rating: "medium", Source: "ubuntu"},
		},
		Affected: []advisory.Affected{{
			Ecosystem: "deb", Release: advisory.Release{Distro: "ubuntu", Version: "16.04"}, Package: "wolfssl",
			Ranges: []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}}}},
		}},
		References: []advisory.Reference{{Type: "REPORT", URL: "https://ubuntu.com/security/CVE-2014-2901"}},
		Source:     advisory.Provenance{Feed: "osv", Record: "UBUNTU-CVE-2014-2901.json", Fetched: day("2026-11-23T10:00:00Z")},
	}}
}

// TestRealRecords checks that real records come back field for field,
// by ID and by package.
func TestRealRecords(t *testing.T) {
	want := realRecords()
	s, _ := build(t, realRecords(), nil)
	ctx := context.Background()
	for _, w := range want {
		t.Run(w.ID, func(t *testing.T) {
			got, err := s.ByID(ctx, w.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]*advisory.Advisory{w}, got); diff != "" {
				t.Errorf("ByID (-want +got):\n%s", diff)
			}
			for _, af := range w.Affected {
				ans, err := s.Lookup(ctx, advisory.Query{Ecosystem: af.Ecosystem, Release: af.Release, Package: af.Package})
				if err != nil {
					t.Fatal(err)
				}
				core := *w
				core.Details, core.References = "", nil
				if diff := cmp.Diff(advisory.Answer{Advisories: []*advisory.Advisory{&core}, Covered: true}, ans); diff != "" {
					t.Errorf("Lookup(%s) (-want +got):\n%s", af.Package, diff)
				}
			}
		})
	}
	// Related IDs are not aliases: they find nothing.
	if _, err := s.ByID(ctx, "CVE-2022-0561"); !errors.Is(err, advisory.ErrNotFound) {
		t.Errorf("ByID of a related ID: error = %v, want ErrNotFound", err)
	}
}

func TestStatus(t *testing.T) {
	built := day("2026-11-23T12:00:00Z")
	fetched := day("2026-11-23T11:00:00Z")
	s, path := build(t, append(realRecords(), storetest.Advisories()...), &boltstore.WriteOptions{
		Built: built,
		Feeds: []boltstore.Feed{{Name: "osv", Fingerprint: `"etag-1"`, Fetched: fetched}},
	})
	got, err := s.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := boltstore.Status{Path: path, Built: built, Records: 7, Feeds: []boltstore.FeedStatus{
		{Name: "debian", Records: 2},
		{Name: "nvd", Records: 1},
		{Name: "osv", Fingerprint: `"etag-1"`, Fetched: fetched, Records: 4},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Status (-want +got):\n%s", diff)
	}
	now := built.Add(36 * time.Hour)
	if age := got.Age(now); age != 36*time.Hour {
		t.Errorf("Age = %v, want 36h", age)
	}
	if age := got.Feeds[2].Age(now); age != 37*time.Hour {
		t.Errorf("osv Age = %v, want 37h", age)
	}
}

// TestKeep updates one feed and keeps the others.
func TestKeep(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "advisories.db")
	first := append(realRecords(), storetest.Advisories()...) // osv 4, debian 2, nvd 1
	if _, err := boltstore.Write(ctx, path, seq(first, nil), &boltstore.WriteOptions{
		Feeds: []boltstore.Feed{{Name: "osv", Fingerprint: "old"}, {Name: "debian", Fingerprint: "deb-1", Cover: []advisory.Query{{Ecosystem: "deb", Release: advisory.Release{Distro: "debian", Version: "11"}}}}},
	}); err != nil {
		t.Fatal(err)
	}
	// The new osv feed holds only GO-2020-0001.
	st, err := boltstore.Write(ctx, path, seq(realRecords()[:1], nil), &boltstore.WriteOptions{
		Keep:  true,
		Feeds: []boltstore.Feed{{Name: "osv", Fingerprint: "new"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != 1 || st.Kept != 3 {
		t.Errorf("Stats = %+v, want 1 written, 3 kept", st)
	}
	s := open(t, path)
	status, err := s.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]boltstore.FeedStatus{
		{Name: "debian", Fingerprint: "deb-1", Records: 2},
		{Name: "nvd", Records: 1},
		{Name: "osv", Fingerprint: "new", Records: 1},
	}, status.Feeds); diff != "" {
		t.Errorf("Feeds (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		q       advisory.Query
		want    int
		covered bool
	}{
		{advisory.Query{Ecosystem: "golang", Package: "github.com/gin-gonic/gin"}, 1, true},
		{advisory.Query{Ecosystem: "rpm", Release: advisory.Release{Distro: "almalinux", Version: "9"}, Package: "libtiff"}, 0, false},
		{advisory.Query{Ecosystem: "deb", Release: advisory.Release{Distro: "debian", Version: "12"}, Package: "libwebp"}, 1, true},
		{advisory.Query{Ecosystem: "deb", Release: advisory.Release{Distro: "debian", Version: "11"}, Package: "libwebp"}, 0, true},
	} {
		ans, err := s.Lookup(ctx, tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if len(ans.Advisories) != tt.want || ans.Covered != tt.covered {
			t.Errorf("Lookup(%+v) = %d advisories, covered %v; want %d, %v", tt.q, len(ans.Advisories), ans.Covered, tt.want, tt.covered)
		}
	}
	if got, err := s.ByID(ctx, "CVE-2023-4863"); err != nil || len(got) != 2 {
		t.Errorf("ByID(CVE-2023-4863) = %d, %v; want the debian and nvd records", len(got), err)
	}
}

// TestMerge writes a feed's changes (Feed.Merge): an advisory of a
// written ID replaces the old one, a new ID is added, and the feed's
// other advisories and coverage stay, as the other feeds' do.
func TestMerge(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "advisories.db")
	first := append(realRecords(), storetest.Advisories()...) // osv 4, debian 2, nvd 1
	if _, err := boltstore.Write(ctx, path, seq(first, nil), &boltstore.WriteOptions{
		Feeds: []boltstore.Feed{{Name: "osv", Fingerprint: "old"}},
	}); err != nil {
		t.Fatal(err)
	}
	changed := realRecords()[0] // GO-2020-0001, now withdrawn
	changed.Withdrawn = day("2026-11-20T00:00:00Z")
	added := &advisory.Advisory{
		ID:       "GO-2026-0001",
		Affected: []advisory.Affected{{Ecosystem: "golang", Package: "golang.org/x/net", Ranges: fixedIn(version.RangeSemver, "0.33.0")}},
		Source:   advisory.Provenance{Feed: "osv", Record: "GO-2026-0001.json"},
	}
	st, err := boltstore.Write(ctx, path, seq([]*advisory.Advisory{changed, added}, nil), &boltstore.WriteOptions{
		Keep:  true,
		Feeds: []boltstore.Feed{{Name: "osv", Fingerprint: "new", Merge: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != 2 || st.Kept != 6 {
		t.Errorf("Stats = %+v, want 2 written, 6 kept", st)
	}
	s := open(t, path)
	status, err := s.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]boltstore.FeedStatus{
		{Name: "debian", Records: 2},
		{Name: "nvd", Records: 1},
		{Name: "osv", Fingerprint: "new", Records: 5},
	}, status.Feeds); diff != "" {
		t.Errorf("Feeds (-want +got):\n%s", diff)
	}
	got, err := s.ByID(ctx, "GO-2020-0001")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*advisory.Advisory{changed}, got); diff != "" {
		t.Errorf("ByID(GO-2020-0001) (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		q       advisory.Query
		want    []string
		covered bool
	}{
		{advisory.Query{Ecosystem: "golang", Package: "github.com/gin-gonic/gin"}, []string{"GO-2020-0001"}, true},
		{advisory.Query{Ecosystem: "golang", Package: "golang.org/x/net"}, []string{"GO-2026-0001"}, true},
		{advisory.Query{Ecosystem: "rpm", Release: advisory.Release{Distro: "almalinux", Version: "9"}, Package: "libtiff"}, []string{"ALSA-2022:8194"}, true},
		{advisory.Query{Ecosystem: "pypi", Package: "flask"}, []string{"GHSA-m2qf-hxjv-5gpq"}, true},
		{advisory.Query{Ecosystem: "deb", Release: advisory.Release{Distro: "debian", Version: "12"}, Package: "libwebp"}, []string{"CVE-2023-4863"}, true},
	} {
		ans, err := s.Lookup(ctx, tt.q)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, a := range ans.Advisories {
			ids = append(ids, a.ID)
		}
		if diff := cmp.Diff(tt.want, ids); diff != "" || ans.Covered != tt.covered {
			t.Errorf("Lookup(%+v): covered %v (want %v), IDs (-want +got):\n%s", tt.q, ans.Covered, tt.covered, diff)
		}
	}
}

// TestCoverOnly checks that a feed written with Feed.CoverOnly covers
// only what its Cover lists, not the releases its advisories affect, and
// that its advisories are still found.
func TestCoverOnly(t *testing.T) {
	bookworm := advisory.Release{Distro: "debian", Version: "12"}
	bullseye := advisory.Release{Distro: "debian", Version: "11"}
	dsa := &advisory.Advisory{
		ID:       "DSA-5750-1",
		Aliases:  []string{"CVE-2024-6119"},
		Affected: []advisory.Affected{{Ecosystem: "deb", Release: bookworm, Package: "openssl", Ranges: fixedIn(version.RangeEcosystem, "3.0.14-1~deb12u2")}},
		Source:   advisory.Provenance{Feed: "debian-dsa"},
	}
	s, _ := build(t, []*advisory.Advisory{dsa}, &boltstore.WriteOptions{Feeds: []boltstore.Feed{
		{Name: "debian-dsa", CoverOnly: true, Cover: []advisory.Query{{Ecosystem: "deb", Release: bullseye}}},
	}})
	for _, tt := range []struct {
		q       advisory.Query
		want    int
		covered bool
	}{
		{advisory.Query{Ecosystem: "deb", Release: bookworm, Package: "openssl"}, 1, false},
		{advisory.Query{Ecosystem: "deb", Release: bullseye, Package: "openssl"}, 0, true},
	} {
		ans, err := s.Lookup(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if len(ans.Advisories) != tt.want || ans.Covered != tt.covered {
			t.Errorf("Lookup(%+v) = %d advisories, covered %v; want %d, %v", tt.q, len(ans.Advisories), ans.Covered, tt.want, tt.covered)
		}
	}
}

// TestWriteFailureKeepsOld checks that a failed Write leaves the old
// database as it was and no temporary file behind.
func TestWriteFailureKeepsOld(t *testing.T) {
	many := synthetic(3 * 20000 / 2) // spans a committed batch
	errBad := errors.New("bad record")
	tests := []struct {
		name string
		advs iter.Seq2[*advisory.Advisory, error]
		ctx  func() context.Context
		want error
	}{
		{"iterator error mid-way", seq(many, errBad), context.Background, errBad},
		{"nil advisory", seq([]*advisory.Advisory{many[0], nil}, nil), context.Background, nil},
		{"cancelled mid-way", func(yield func(*advisory.Advisory, error) bool) {}, nil, context.Canceled},
		{"keep from a corrupt database", seq(many[:1], nil), context.Background, boltstore.ErrFormat},
		{"empty CVE ID in the EPSS data", seq(many, nil), context.Background, nil},
		{"an advisory too large to store", seq([]*advisory.Advisory{many[0], {ID: "CVE-2026-9999", Details: strings.Repeat("x", 17<<20)}}, nil), context.Background, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "advisories.db")
			if _, err := boltstore.Write(context.Background(), path, seq(realRecords(), nil), nil); err != nil {
				t.Fatal(err)
			}
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			advs := tt.advs
			opts := &boltstore.WriteOptions{}
			switch tt.name {
			case "cancelled mid-way":
				c, cancel := context.WithCancel(ctx)
				defer cancel()
				ctx = c
				advs = func(yield func(*advisory.Advisory, error) bool) {
					for i, a := range many {
						if i == 25000 {
							cancel()
						}
						if !yield(a, nil) {
							return
						}
					}
				}
			case "empty CVE ID in the EPSS data":
				opts.EPSS = map[string]advisory.EPSS{"CVE-2021-44228": {Score: 0.9}, "": {Score: 0.1}}
			case "keep from a corrupt database":
				opts.Keep = true
				if err := os.WriteFile(path, before[:len(before)/3], 0o644); err != nil {
					t.Fatal(err)
				}
				before = before[:len(before)/3]
			}
			_, err = boltstore.Write(ctx, path, advs, opts)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("Write: error = %v, want %v", err, tt.want)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(after) != string(before) {
				t.Error("the old database changed")
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("directory holds %v, want only advisories.db", names)
			}
			if tt.name != "keep from a corrupt database" {
				s := open(t, path)
				if _, err := s.ByID(context.Background(), "GO-2020-0001"); err != nil {
					t.Errorf("old database unreadable: %v", err)
				}
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	_, good := build(t, realRecords(), nil)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		filepath.Join(dir, "missing.db"),
		write("empty.db", nil),
		write("text.db", []byte("not a database\n")),
		write("truncated.db", data[:4096]),
		write("half.db", data[:len(data)/2]),
		dir,
	} {
		s, err := boltstore.Open(context.Background(), path, nil)
		if err == nil {
			// A file whose meta pages survive may open; reading must
			// then fail cleanly or work.
			s.ByID(context.Background(), "GO-2020-0001")
			s.Close()
			continue
		}
		if !strings.Contains(err.Error(), path) {
			t.Errorf("Open(%s): error %q does not name the file", path, err)
		}
	}
}

func TestStale(t *testing.T) {
	built := day("2026-11-23T12:00:00Z")
	st := boltstore.Status{Built: built, Feeds: []boltstore.FeedStatus{
		{Name: "epss", Fetched: day("2026-11-23T06:00:00Z")},
		{Name: "kev", Fetched: day("2026-11-20T06:00:00Z")},
		{Name: "local"}, // imported from a file when the database was built
	}}
	tests := []struct {
		name   string
		now    time.Time
		maxAge time.Duration
		want   []string
	}{
		{"all fresh", built, 7 * 24 * time.Hour, nil},
		{"one old fetch", built.Add(12 * time.Hour), 24 * time.Hour, []string{"kev"}},
		{"a day later", built.Add(25 * time.Hour), 24 * time.Hour, []string{"epss", "kev", "local"}},
		{"exactly the limit is fresh", day("2026-11-24T06:00:00Z"), 24 * time.Hour, []string{"kev"}},
		{"no limit", built.Add(1000 * time.Hour), 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range st.Stale(tt.now, tt.maxAge) {
				got = append(got, f.Name)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Stale(%v, %v) (-want +got):\n%s", tt.now, tt.maxAge, diff)
			}
		})
	}
}
