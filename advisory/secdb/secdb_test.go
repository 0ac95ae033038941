package secdb

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/osv"
	"github.com/loadline/loadline/version"
)

// collect parses path with f and returns the advisories by ID and the
// errors, failing on a duplicate ID or an unsorted order.
func collect(t testing.TB, f *Feed, path string) (map[string]*advisory.Advisory, []error) {
	t.Helper()
	r, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := map[string]*advisory.Advisory{}
	var errs []error
	last := ""
	for a, err := range f.Parse(context.Background(), r) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if a.ID <= last {
			t.Fatalf("%s: %s after %s", path, a.ID, last)
		}
		last = a.ID
		got[a.ID] = a
	}
	return got, errs
}

func fixedIn(v string) []version.Range {
	return []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: v}}}}
}

func TestParseRecords(t *testing.T) {
	a320 := advisory.Release{Distro: "alpine", Version: "3.20"}
	wolfi := advisory.Release{Distro: "wolfi"}
	cg := advisory.Release{Distro: "chainguard"}
	apk := func(rel advisory.Release, pkg, fixed string) advisory.Affected {
		return advisory.Affected{Ecosystem: "apk", Release: rel, Package: pkg, Status: advisory.StatusAffected, Ranges: fixedIn(fixed)}
	}
	tests := []struct {
		name string
		feed *Feed
		file string
		want *advisory.Advisory
	}{
		{"fixed", AlpineFeed("v3.20", "main"), "testdata/v3.20/main.json", &advisory.Advisory{
			ID:       "CVE-2023-38545",
			Affected: []advisory.Affected{apk(a320, "curl", "8.4.0-r0")},
			Source:   advisory.Provenance{Feed: "alpine-v3.20-main", Record: "CVE-2023-38545"},
		}},
		{"version 0: not affected", AlpineFeed("v3.20", "main"), "testdata/v3.20/main.json", &advisory.Advisory{
			ID: "CVE-2020-14342",
			Affected: []advisory.Affected{{Ecosystem: "apk", Release: a320, Package: "cifs-utils",
				Status: advisory.StatusNotAffected, Reason: "secfixes version 0: never affected"}},
			Source: advisory.Provenance{Feed: "alpine-v3.20-main", Record: "CVE-2020-14342"},
		}},
		{"CVE with XSA alias", AlpineFeed("v3.20", "main"), "testdata/v3.20/main.json", &advisory.Advisory{
			ID: "CVE-2017-8904", Aliases: []string{"XSA-214"},
			Affected: []advisory.Affected{apk(a320, "xen", "4.8.1-r2")},
			Source:   advisory.Provenance{Feed: "alpine-v3.20-main", Record: "CVE-2017-8904"},
		}},
		{"two CVEs share an XSA", AlpineFeed("v3.20", "main"), "testdata/v3.20/main.json", &advisory.Advisory{
			ID: "CVE-2020-11741", Aliases: []string{"XSA-313"},
			Affected: []advisory.Affected{apk(a320, "xen", "4.13.0-r3")},
			Source:   advisory.Provenance{Feed: "alpine-v3.20-main", Record: "CVE-2020-11741"},
		}},
		{"XSA alone", AlpineFeed("v3.20", "main"), "testdata/v3.20/main.json", &advisory.Advisory{
			ID:       "XSA-207",
			Affected: []advisory.Affected{apk(a320, "xen", "4.7.1-r5")},
			Source:   advisory.Provenance{Feed: "alpine-v3.20-main", Record: "XSA-207"},
		}},
		{"ALPINE ID", AlpineFeed("v3.20", "main"), "testdata/v3.20/main.json", &advisory.Advisory{
			ID:       "ALPINE-13661",
			Affected: []advisory.Affected{apk(a320, "busybox", "1.35.0-r7")},
			Source:   advisory.Provenance{Feed: "alpine-v3.20-main", Record: "ALPINE-13661"},
		}},
		{"placeholder CVE: the other ID stands, the placeholder is a note", AlpineFeed("v3.20", "community"), "testdata/v3.20/community.json", &advisory.Advisory{
			ID: "TS-2024-005",
			Affected: []advisory.Affected{{Ecosystem: "apk", Release: a320, Package: "tailscale",
				Status: advisory.StatusAffected, Ranges: fixedIn("1.66.1-r0"), Reason: "CVE-????-?????"}},
			Source: advisory.Provenance{Feed: "alpine-v3.20-community", Record: "TS-2024-005"},
		}},
		{"listed under two versions: a range each, apk order", AlpineFeed("v3.20", "community"), "testdata/v3.20/community.json", &advisory.Advisory{
			ID: "CVE-2022-2163",
			Affected: []advisory.Affected{{Ecosystem: "apk", Release: a320, Package: "chromium", Status: advisory.StatusAffected,
				Ranges: append(fixedIn("103.0.5060.53-r0"), fixedIn("103.0.5060.134-r0")...)}},
			Source: advisory.Provenance{Feed: "alpine-v3.20-community", Record: "CVE-2022-2163"},
		}},
		{"zero Feed takes branch and repo from the file", &Feed{}, "testdata/v3.10-community.claircore.json", &advisory.Advisory{
			ID:       "CVE-2017-6949",
			Affected: []advisory.Affected{apk(advisory.Release{Distro: "alpine", Version: "3.10"}, "chicken", "4.12.0-r3")},
			Source:   advisory.Provenance{Feed: "alpine-v3.10-community", Record: "CVE-2017-6949"},
		}},
		{"edge", AlpineFeed("edge", "main"), "testdata/edge-main.vuln-list-update.json", &advisory.Advisory{
			ID:       "CVE-2021-36159",
			Affected: []advisory.Affected{apk(advisory.Release{Distro: "alpine", Version: "edge"}, "apk-tools", "2.12.6-r0")},
			Source:   advisory.Provenance{Feed: "alpine-edge-main", Record: "CVE-2021-36159"},
		}},
		{"wolfi fixed", WolfiFeed(), "testdata/wolfi-security.json", &advisory.Advisory{
			ID:       "CVE-2022-38533",
			Affected: []advisory.Affected{apk(wolfi, "binutils", "2.39-r2")},
			Source:   advisory.Provenance{Feed: "wolfi", Record: "CVE-2022-38533"},
		}},
		{"wolfi not affected", WolfiFeed(), "testdata/wolfi-security.json", &advisory.Advisory{
			ID: "CVE-2016-2781",
			Affected: []advisory.Affected{{Ecosystem: "apk", Release: wolfi, Package: "coreutils",
				Status: advisory.StatusNotAffected, Reason: "secfixes version 0: never affected"}},
			Source: advisory.Provenance{Feed: "wolfi", Record: "CVE-2016-2781"},
		}},
		{"chainguard", ChainguardFeed(), "testdata/chainguard-security.json", &advisory.Advisory{
			ID: "CVE-2016-2781",
			Affected: []advisory.Affected{{Ecosystem: "apk", Release: cg, Package: "coreutils",
				Status: advisory.StatusNotAffected, Reason: "secfixes version 0: never affected"}},
			Source: advisory.Provenance{Feed: "chainguard", Record: "CVE-2016-2781"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := collect(t, tt.feed, tt.file)
			if diff := cmp.Diff(tt.want, got[tt.want.ID]); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseErrors checks the one malformed ID of v3.20/main.json: an
// error naming it, and the parse goes on.
func TestParseErrors(t *testing.T) {
	got, errs := collect(t, AlpineFeed("v3.20", "main"), "testdata/v3.20/main.json")
	var re *RecordError
	if len(errs) != 1 || !errors.As(errs[0], &re) {
		t.Fatalf("errors = %v, want one *RecordError", errs)
	}
	if want := `linux-lts 6.6.13-r1 "CVE-46838"`; re.Record != want {
		t.Errorf("Record = %q, want %q", re.Record, want)
	}
	if len(got) == 0 {
		t.Error("no advisories after the error")
	}
}

// counts are the figures testdata/counts.py computes for one file.
type counts struct{ advisories, affected, notAffected, ranges, malformed int }

func readCounts(t *testing.T, path string) map[string]counts {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]counts{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		var n [5]int
		for i := range n {
			n[i], err = strconv.Atoi(fields[i+1])
			if err != nil {
				t.Fatal(err)
			}
		}
		out[fields[0]] = counts{n[0], n[1], n[2], n[3], n[4]}
	}
	return out
}

// feedFor returns the Feed for a file by its name.
func feedFor(name string) *Feed {
	switch {
	case strings.HasPrefix(name, "wolfi"):
		return WolfiFeed()
	case strings.HasPrefix(name, "chainguard"):
		return ChainguardFeed()
	}
	return &Feed{}
}

func countFile(t *testing.T, f *Feed, path string) counts {
	got, errs := collect(t, f, path)
	var c counts
	for _, a := range got {
		c.advisories++
		for _, af := range a.Affected {
			c.affected++
			c.ranges += len(af.Ranges)
			if af.Status == advisory.StatusNotAffected {
				c.notAffected++
			}
		}
	}
	for _, err := range errs {
		var re *RecordError
		if !errors.As(err, &re) {
			t.Fatalf("%s: %v", path, err)
		}
		c.malformed++
	}
	return c
}

// TestCounts compares whole files with testdata/counts.py's figures
// (counts.tsv: `./counts.py ./ ./*.json ./v3.20/*.json` in testdata).
func TestCounts(t *testing.T) {
	for name, want := range readCounts(t, "testdata/counts.tsv") {
		t.Run(name, func(t *testing.T) {
			if got := countFile(t, feedFor(name), filepath.Join("testdata", name)); got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

// TestCountsFull does the same over every branch of the full Alpine
// secdb (v3.2 to v3.21 and edge, 41 files), when the shared copy is
// there (counts-full.tsv: counts.py over it).
func TestCountsFull(t *testing.T) {
	const root = "/work/shared/data/feeds-full/alpine-secdb"
	if _, err := os.Stat(root); err != nil {
		t.Skip("full secdb absent:", err)
	}
	want := readCounts(t, "testdata/counts-full.tsv")
	if len(want) != 41 {
		t.Fatalf("%d files in counts-full.tsv, want 41", len(want))
	}
	var total counts
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range want {
			if !yield(k) {
				return
			}
		}
	}) {
		branch, repo, _ := strings.Cut(strings.TrimSuffix(name, ".json"), "/")
		got := countFile(t, AlpineFeed(branch, repo), filepath.Join(root, name))
		if got != want[name] {
			t.Errorf("%s: got %+v, want %+v", name, got, want[name])
		}
		total.advisories += got.advisories
		total.affected += got.affected
	}
	t.Logf("%d files, %d advisories, %d affected entries", len(want), total.advisories, total.affected)
}

func TestSplitIDs(t *testing.T) {
	tests := []struct {
		in         string
		ids, notes []string
		err        bool
	}{
		{"CVE-2023-38545", []string{"CVE-2023-38545"}, nil, false},
		{"CVE-2017-8904 XSA-214", []string{"CVE-2017-8904", "XSA-214"}, nil, false},
		{"XSA-214 CVE-2017-8904", []string{"CVE-2017-8904", "XSA-214"}, nil, false},
		{"CVE-2020-11740 CVE-2020-11741 XSA-313", []string{"CVE-2020-11740", "CVE-2020-11741", "XSA-313"}, nil, false},
		{"CVE-2018-8897  XSA-260", []string{"CVE-2018-8897", "XSA-260"}, nil, false},
		{"CVE-2018-14462 (ICMP)", []string{"CVE-2018-14462"}, []string{"ICMP"}, false},
		{"CVE-2018-10103 (SMB - partially fixed, but SMB printing disabled)", []string{"CVE-2018-10103"}, []string{"SMB - partially fixed, but SMB printing disabled"}, false},
		{"CVE-2017-5753 CVE-2017-5715 CVE-2017-5754 XSA-254 XPTI", []string{"CVE-2017-5753", "CVE-2017-5715", "CVE-2017-5754", "XSA-254"}, []string{"XPTI"}, false},
		{"CVE N/A ZBX-11023", []string{"ZBX-11023"}, []string{"CVE", "N/A"}, false},
		{"CVE-????-????? XSA-312", []string{"XSA-312"}, []string{"CVE-????-?????"}, false},
		{"CVE_2019-2426", []string{"CVE-2019-2426"}, nil, false},
		{"CVE-2021-35940.patch", []string{"CVE-2021-35940"}, nil, false},
		{"CVE-2017-17434-1", []string{"CVE-2017-17434"}, nil, false},
		{"cve-2020-1234", []string{"CVE-2020-1234"}, nil, false},
		{"wnpa-sec-2017-18", []string{"wnpa-sec-2017-18"}, nil, false},
		{"VSV00014", []string{"VSV00014"}, nil, false},
		{"CVE-46838", nil, nil, true},
		{"CVE-46838 XSA-448", []string{"XSA-448"}, nil, true},
		{"", nil, nil, true},
		{"(note only", nil, []string{"note only"}, true},
		{"CVE-2020-1 4", nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			ids, notes, err := splitIDs(tt.in)
			if (err != nil) != tt.err {
				t.Errorf("err = %v, want error %v", err, tt.err)
			}
			if diff := cmp.Diff(tt.ids, ids); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.notes, notes); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFeed(t *testing.T) {
	tests := []struct {
		feed           *Feed
		name, location string
		cover          []advisory.Query
	}{
		{AlpineFeed("v3.20", "main"), "alpine-v3.20-main", "https://secdb.alpinelinux.org/v3.20/main.json",
			[]advisory.Query{{Ecosystem: "apk", Release: advisory.Release{Distro: "alpine", Version: "3.20"}}}},
		{AlpineFeed("edge", "community"), "alpine-edge-community", "https://secdb.alpinelinux.org/edge/community.json",
			[]advisory.Query{{Ecosystem: "apk", Release: advisory.Release{Distro: "alpine", Version: "edge"}}}},
		{WolfiFeed(), "wolfi", WolfiURL, []advisory.Query{{Ecosystem: "apk", Release: advisory.Release{Distro: "wolfi"}}}},
		{ChainguardFeed(), "chainguard", ChainguardURL, []advisory.Query{{Ecosystem: "apk", Release: advisory.Release{Distro: "chainguard"}}}},
		{&Feed{}, "alpine", "", nil},
		{&Feed{Distro: Wolfi, URL: "http://127.0.0.1/x.json"}, "wolfi", "http://127.0.0.1/x.json",
			[]advisory.Query{{Ecosystem: "apk", Release: advisory.Release{Distro: "wolfi"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.feed.Name(); got != tt.name {
				t.Errorf("Name = %q, want %q", got, tt.name)
			}
			if got := tt.feed.Location(); got != tt.location {
				t.Errorf("Location = %q, want %q", got, tt.location)
			}
			if diff := cmp.Diff(tt.cover, tt.feed.Cover()); diff != "" {
				t.Errorf("Cover (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReleaseAgrees checks that the feeds key their data as an image's
// os-release does through advisory.ReleaseOf: the same Query finds it.
func TestReleaseAgrees(t *testing.T) {
	tests := []struct {
		feed          *Feed
		id, versionID string
	}{
		{AlpineFeed("v3.20", "main"), "alpine", "3.20.3"},
		{AlpineFeed("v3.2", "main"), "alpine", "3.2.0"},
		{WolfiFeed(), "wolfi", "20230201"},
		{ChainguardFeed(), "chainguard", "20230214"},
	}
	for _, tt := range tests {
		if got, want := tt.feed.Release(), advisory.ReleaseOf(tt.id, tt.versionID); got != want {
			t.Errorf("%s: Release = %v, ReleaseOf(%q, %q) = %v", tt.feed.Name(), got, tt.id, tt.versionID, want)
		}
	}
}

func TestAlpineFeeds(t *testing.T) {
	var got []string
	for _, f := range AlpineFeeds(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)) {
		got = append(got, f.Name())
	}
	want := []string{
		"alpine-v3.22-main", "alpine-v3.22-community", "alpine-v3.23-main", "alpine-v3.23-community",
		"alpine-edge-main", "alpine-edge-community",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// v3.21's support ends 2026-11-01 (advisory/eol), that day included.
	has := func(now time.Time) bool {
		for _, f := range AlpineFeeds(now) {
			if f.Name() == "alpine-v3.21-main" {
				return true
			}
		}
		return false
	}
	if last, next := time.Date(2026, 11, 1, 23, 59, 59, 0, time.UTC), time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC); !has(last) || has(next) {
		t.Errorf("v3.21 on its last day: %v, the day after: %v; want true, false", has(last), has(next))
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		feed *Feed
		data string
	}{
		{"not JSON", &Feed{}, "secdb"},
		{"wrong branch", AlpineFeed("v3.21", "main"), `{"distroversion": "v3.20", "reponame": "main", "packages": []}`},
		{"wrong repo", AlpineFeed("v3.20", "community"), `{"distroversion": "v3.20", "reponame": "main", "packages": []}`},
		{"alpine without distroversion", &Feed{}, `{"reponame": "main", "packages": []}`},
		{"packages an object", &Feed{}, `{"distroversion": "v3.20", "packages": {"a": 1}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n int
			for a, err := range tt.feed.Parse(context.Background(), strings.NewReader(tt.data)) {
				n++
				if a != nil || err == nil || !strings.HasPrefix(err.Error(), "secdb: ") {
					t.Errorf("got %v, %v; want a secdb error", a, err)
				}
			}
			if n != 1 {
				t.Errorf("%d results, want 1", n)
			}
		})
	}
}

// BenchmarkParse parses Alpine v3.20 community, the largest file in
// testdata (4305 advisories).
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("testdata/v3.20/community.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	f := AlpineFeed("v3.20", "community")
	for range b.N {
		for _, err := range f.Parse(context.Background(), bytes.NewReader(data)) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// osvRelease returns the Release the OSV feed gives a record of
// ecosystem eco.
func osvRelease(t *testing.T, eco string) advisory.Release {
	t.Helper()
	rec := `{"id": "X", "affected": [{"package": {"ecosystem": "` + eco + `", "name": "p"},
	  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1"}]}]}]}`
	for a, err := range osv.Parse(context.Background(), strings.NewReader(rec)) {
		if err != nil {
			t.Fatal(err)
		}
		return a.Affected[0].Release
	}
	t.Fatal("no record")
	return advisory.Release{}
}

// TestOSVAgrees checks that secdb and the OSV feed key the same data
// alike, so that one Query finds both.
func TestOSVAgrees(t *testing.T) {
	for eco, f := range map[string]*Feed{
		"Alpine:v3.20": AlpineFeed("v3.20", "main"),
		"Alpine:v3.2":  AlpineFeed("v3.2", "community"),
		"Wolfi":        WolfiFeed(),
		"Chainguard":   ChainguardFeed(),
	} {
		if got, want := f.Release(), osvRelease(t, eco); got != want {
			t.Errorf("%s: secdb %v, osv %v", eco, got, want)
		}
	}
}
