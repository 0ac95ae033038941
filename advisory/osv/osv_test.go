package osv_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/memstore"
	"github.com/loadline/loadline/advisory/osv"
	"github.com/loadline/loadline/version"
)

// parseFile parses one testdata file and fails on any error.
func parseFile(t testing.TB, name string) []*advisory.Advisory {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []*advisory.Advisory
	for a, err := range osv.Parse(context.Background(), f) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, a)
	}
	return out
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func rng(events ...version.Event) []version.Range {
	return []version.Range{{Type: version.RangeEcosystem, Events: events}}
}

func fixed(intro, fix string) []version.Range {
	return rng(version.Event{Introduced: intro}, version.Event{Fixed: fix})
}

func TestRecords(t *testing.T) {
	tests := []struct {
		file string
		want *advisory.Advisory
	}{
		{"UBUNTU-CVE-2013-2208.json", &advisory.Advisory{
			ID:         "UBUNTU-CVE-2013-2208",
			Related:    []string{"CVE-2013-2208"},
			Details:    "tpp 1.3.1 allows remote attackers to execute arbitrary commands via a --exec command in a TPP template file.",
			Published:  date("2013-10-28T22:55:00Z"),
			Modified:   date("2025-07-16T04:50:15Z"),
			Withdrawn:  date("2025-07-18T16:42:51Z"),
			Severities: []advisory.Severity{{Rating: "medium", Source: "ubuntu"}},
			Affected: []advisory.Affected{{
				Ecosystem: "deb", Release: advisory.Release{Distro: "ubuntu", Version: "14.04"}, Package: "tpp",
				Status: advisory.StatusAffected, Ranges: fixed("0", "1.3.1-3"), Severity: "medium",
			}},
			References: []advisory.Reference{
				{Type: "REPORT", URL: "https://ubuntu.com/security/CVE-2013-2208"},
				{Type: "REPORT", URL: "https://www.cve.org/CVERecord?id=CVE-2013-2208"},
			},
			Source: advisory.Provenance{Feed: "osv", Record: "UBUNTU-CVE-2013-2208"},
		}},
		{"GHSA-c2qf-rxjj-qqgw.json", &advisory.Advisory{
			ID:        "GHSA-c2qf-rxjj-qqgw",
			Aliases:   []string{"CVE-2022-25883"},
			Summary:   "semver vulnerable to Regular Expression Denial of Service",
			Published: date("2023-06-21T06:30:28Z"),
			Modified:  date("2023-07-10T22:57:56Z"),
			Severities: []advisory.Severity{
				{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", Score: 5.3, Rating: "MEDIUM", Source: "ghsa"},
				{Rating: "MODERATE", Source: "ghsa"},
			},
			Affected: []advisory.Affected{
				{Ecosystem: "npm", Package: "semver", Status: advisory.StatusAffected, Ranges: fixed("7.0.0", "7.5.2")},
				{Ecosystem: "npm", Package: "semver", Status: advisory.StatusAffected, Ranges: fixed("6.0.0", "6.3.1")},
				{Ecosystem: "npm", Package: "semver", Status: advisory.StatusAffected, Ranges: fixed("0", "5.7.2")},
			},
			References: []advisory.Reference{
				{Type: "ADVISORY", URL: "https://nvd.nist.gov/vuln/detail/CVE-2022-25883"},
				{Type: "WEB", URL: "https://github.com/npm/node-semver/pull/564"},
				{Type: "WEB", URL: "https://github.com/npm/node-semver/pull/585"},
				{Type: "WEB", URL: "https://github.com/npm/node-semver/pull/593"},
				{Type: "WEB", URL: "https://github.com/npm/node-semver/commit/2f8fd41487acf380194579ecb6f8b1bbfe116be0"},
				{Type: "WEB", URL: "https://github.com/npm/node-semver/commit/717534ee353682f3bcf33e60a8af4292626d4441"},
				{Type: "WEB", URL: "https://github.com/npm/node-semver/commit/928e56d21150da0413a3333a3148b20e741a920c"},
				{Type: "PACKAGE", URL: "https://github.com/npm/node-semver"},
				{Type: "WEB", URL: "https://github.com/npm/node-semver/blob/main/classes/range.js#L97-L104"},
				{Type: "WEB", URL: "https://github.com/npm/node-semver/blob/main/internal/re.js#L138"},
				{Type: "WEB", URL: "https://github.com/npm/node-semver/blob/main/internal/re.js#L160"},
				{Type: "WEB", URL: "https://security.snyk.io/vuln/SNYK-JS-SEMVER-3247795"},
			},
			CWEs:   []string{"CWE-1333"},
			Source: advisory.Provenance{Feed: "osv", Record: "GHSA-c2qf-rxjj-qqgw"},
		}},
		{"CGA-224q-ccj5-2p53.json", &advisory.Advisory{
			ID:         "CGA-224q-ccj5-2p53",
			Related:    []string{"CVE-2025-32464", "GHSA-frg5-h47x-75j9"},
			Summary:    "HAProxy: HTTP request smuggling via malformed header",
			Published:  date("2026-01-07T00:00:00Z"),
			Modified:   date("2026-01-07T00:00:00Z"),
			Severities: []advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", Score: 9.1, Rating: "CRITICAL", Source: "chainguard"}},
			Affected: []advisory.Affected{
				{Ecosystem: "apk", Release: advisory.Release{Distro: "chainguard"}, Package: "haproxy-2.2", Status: advisory.StatusAffected, Ranges: fixed("0", "2.2.34-r0")},
				{Ecosystem: "apk", Release: advisory.Release{Distro: "chainguard"}, Package: "haproxy-2.8", Status: advisory.StatusAffected, Ranges: fixed("0", "2.8.18-r0")},
				{Ecosystem: "apk", Release: advisory.Release{Distro: "wolfi"}, Package: "haproxy-3.0", Status: advisory.StatusAffected, Ranges: fixed("0", "3.0.10-r0")},
				{Ecosystem: "apk", Release: advisory.Release{Distro: "wolfi"}, Package: "haproxy-3.1", Status: advisory.StatusAffected, Ranges: fixed("0", "3.1.7-r0")},
			},
			References: []advisory.Reference{
				{Type: "ADVISORY", URL: "https://nvd.nist.gov/vuln/detail/CVE-2025-32464"},
				{Type: "ADVISORY", URL: "https://github.com/advisories/GHSA-frg5-h47x-75j9"},
			},
			Source: advisory.Provenance{Feed: "osv", Record: "CGA-224q-ccj5-2p53"},
		}},
		{"ALSA-2023:5259.json", &advisory.Advisory{
			ID:        "ALSA-2023:5259",
			Related:   []string{"CVE-2022-32084", "CVE-2022-32091"},
			Summary:   "Moderate: mariadb:10.3 security, bug fix, and enhancement update",
			Published: date("2023-09-19T00:00:00Z"),
			Modified:  date("2023-09-21T17:41:57Z"),
			Affected: []advisory.Affected{
				{Ecosystem: "rpm", Release: advisory.Release{Distro: "almalinux", Version: "8"}, Package: "mariadb", Status: advisory.StatusAffected, Ranges: fixed("0", "3:10.3.39-1.module_el8.8.0+3609+204d4ab0")},
				{Ecosystem: "rpm", Release: advisory.Release{Distro: "almalinux", Version: "8"}, Package: "mariadb-server", Status: advisory.StatusAffected, Ranges: fixed("0", "3:10.3.39-1.module_el8.8.0+3609+204d4ab0")},
			},
			References: []advisory.Reference{{Type: "ADVISORY", URL: "https://errata.almalinux.org/8/ALSA-2023-5259.html"}},
			Source:     advisory.Provenance{Feed: "osv", Record: "ALSA-2023:5259"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := parseFile(t, tt.file)
			if len(got) != 1 {
				t.Fatalf("%d advisories, want 1", len(got))
			}
			opts := cmpopts.IgnoreFields(advisory.Advisory{}, "Details")
			if tt.want.Details != "" {
				opts = nil
			}
			if diff := cmp.Diff(tt.want, got[0], opts); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// TestRecordFields checks the fields that differ between feeds in more
// records: ecosystems, releases, range types, severities.
func TestRecordFields(t *testing.T) {
	type summary struct {
		ID         string
		Aliases    []string
		Severities []advisory.Severity
		First      advisory.Affected
		N          int
	}
	tests := []struct {
		file string
		want summary
	}{
		{"GO-2024-2611.json", summary{
			ID: "GO-2024-2611", Aliases: []string{"CVE-2024-24786", "GHSA-8r3f-844c-mc37"},
			First: advisory.Affected{Ecosystem: "golang", Package: "google.golang.org/protobuf", Status: advisory.StatusAffected,
				Ranges: []version.Range{{Type: version.RangeSemver, Events: []version.Event{{Introduced: "0"}, {Fixed: "1.33.0"}}}}},
			N: 1,
		}},
		{"PYSEC-2023-120.json", summary{
			ID: "PYSEC-2023-120", Aliases: []string{"CVE-2023-37276", "GHSA-45c4-8wx5-qw6w"},
			First: advisory.Affected{Ecosystem: "pypi", Package: "aiohttp", Status: advisory.StatusAffected,
				Ranges: rng(version.Event{Introduced: "0"}, version.Event{LastAffected: "3.8.4"})},
			N: 1,
		}},
		{"RUSTSEC-2016-0001.json", summary{
			ID: "RUSTSEC-2016-0001", Aliases: []string{"CVE-2016-10931"},
			Severities: []advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", Score: 8.1, Rating: "HIGH", Source: "rustsec"}},
			First: advisory.Affected{Ecosystem: "cargo", Package: "openssl", Status: advisory.StatusAffected,
				Ranges: []version.Range{{Type: version.RangeSemver, Events: []version.Event{{Introduced: "0.0.0-0"}, {Fixed: "0.9.0"}}}}},
			N: 1,
		}},
		{"BIT-consul-2021-37219.json", summary{
			ID: "BIT-consul-2021-37219", Aliases: []string{"CVE-2021-37219"},
			Severities: []advisory.Severity{
				{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", Score: 8.8, Rating: "HIGH", Source: "bitnami"},
				{Rating: "High", Source: "bitnami"},
			},
			First: advisory.Affected{Ecosystem: "bitnami", Package: "consul", Status: advisory.StatusAffected,
				Ranges: []version.Range{{Type: version.RangeSemver, Events: []version.Event{
					{Introduced: "0"}, {Fixed: "1.8.15"}, {Introduced: "1.9.0"}, {Fixed: "1.9.9"}, {Introduced: "1.10.0"}, {Fixed: "1.10.2"}}}}},
			N: 1,
		}},
		{"RLSA-2021_3891.json", summary{
			ID:         "RLSA-2021:3891",
			Severities: []advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:N/A:N", Score: 6.8, Rating: "MEDIUM", Source: "rocky"}},
			First: advisory.Affected{Ecosystem: "rpm", Release: advisory.Release{Distro: "rocky", Version: "8"}, Package: "java-11-openjdk", Status: advisory.StatusAffected,
				Ranges: fixed("0", "1:11.0.13.0.8-1.el8_4")},
			N: 1,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a := parseFile(t, tt.file)[0]
			got := summary{ID: a.ID, Aliases: a.Aliases, Severities: a.Severities, First: a.Affected[0], N: len(a.Affected)}
			got.First.Versions = nil // long enumerations, checked by count in TestFeeds
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// affectedOf parses one record and returns its Affected entries.
func affectedOf(t *testing.T, rec string) []advisory.Affected {
	t.Helper()
	var got []advisory.Affected
	for a, err := range osv.Parse(context.Background(), strings.NewReader(rec)) {
		if err != nil {
			t.Fatal(err)
		}
		got = a.Affected
	}
	return got
}

func TestEcosystems(t *testing.T) {
	tests := []struct {
		eco     string
		typ     string
		release advisory.Release
	}{
		{"PyPI", "pypi", advisory.Release{}},
		{"Maven:https://maven.google.com", "maven", advisory.Release{}},
		{"Packagist", "composer", advisory.Release{}},
		{"Debian:12", "deb", advisory.Release{Distro: "debian", Version: "12"}},
		{"Ubuntu:22.04:LTS", "deb", advisory.Release{Distro: "ubuntu", Version: "22.04"}},
		{"Ubuntu:Pro:18.04:LTS", "deb", advisory.Release{Distro: "ubuntu", Version: "18.04"}},
		{"Ubuntu:25.10", "deb", advisory.Release{Distro: "ubuntu", Version: "25.10"}},
		{"Alpine:v3.20", "apk", advisory.Release{Distro: "alpine", Version: "3.20"}},
		{"Rocky Linux:9", "rpm", advisory.Release{Distro: "rocky", Version: "9"}},
		{"AlmaLinux:9", "rpm", advisory.Release{Distro: "almalinux", Version: "9"}},
		{"Red Hat:rhel_aus:8.6::appstream", "rpm", advisory.Release{Distro: "rhel", Version: "8"}},
		{"Red Hat:enterprise_linux:9::baseos", "rpm", advisory.Release{Distro: "rhel", Version: "9"}},
		{"Red Hat:rhel_dotnet:3.1::el7", "rpm", advisory.Release{Distro: "redhat", Version: "rhel_dotnet:3.1::el7"}},
		{"SUSE:Linux Enterprise Server 15 SP5", "rpm", advisory.Release{Distro: "sles", Version: "15.5"}},
		{"openSUSE:Leap 15.5", "rpm", advisory.Release{Distro: "opensuse-leap", Version: "15.5"}},
		{"openSUSE:Tumbleweed", "rpm", advisory.Release{Distro: "opensuse-tumbleweed"}},
		{"Mageia:9", "rpm", advisory.Release{Distro: "mageia", Version: "9"}},
		{"Wolfi", "apk", advisory.Release{Distro: "wolfi"}},
		{"Chainguard", "apk", advisory.Release{Distro: "chainguard"}},
		{"Bitnami", "bitnami", advisory.Release{}},
		{"Made Up:7", "made-up", advisory.Release{Distro: "made-up", Version: "7"}},
	}
	for _, tt := range tests {
		t.Run(tt.eco, func(t *testing.T) {
			got := affectedOf(t, `{"id":"X-1","affected":[{"package":{"ecosystem":`+strconv.Quote(tt.eco)+`,"name":"p"}}]}`)
			want := []advisory.Affected{{Ecosystem: tt.typ, Release: tt.release, Package: "p", Status: advisory.StatusAffected}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// TestEcosystemsJSON checks that every ecosystem OSV defines is in the
// table: none comes out as an unknown one.
func TestEcosystemsJSON(t *testing.T) {
	data, err := os.ReadFile("testdata/ecosystems.json")
	if err != nil {
		t.Fatal(err)
	}
	var ecos map[string]string
	if err := json.Unmarshal(data, &ecos); err != nil {
		t.Fatal(err)
	}
	for eco := range ecos {
		if !osv.Known(eco) {
			t.Errorf("%s: not in the table", eco)
		}
	}
	if len(ecos) != 48 {
		t.Errorf("%d ecosystems, want 48", len(ecos))
	}
}

// TestGit checks that GIT ranges are dropped, and an entry left with
// nothing to select is dropped with them.
func TestGit(t *testing.T) {
	rec := `{"id":"OSV-1","affected":[
	{"package":{"ecosystem":"OSS-Fuzz","name":"a"},"ranges":[{"type":"GIT","repo":"r","events":[{"introduced":"abc"},{"fixed":"def"}]}]},
	{"package":{"ecosystem":"OSS-Fuzz","name":"b"},"ranges":[{"type":"GIT","repo":"r","events":[{"introduced":"abc"}]}],"versions":["1.0"]},
	{"ranges":[{"type":"GIT","repo":"r","events":[{"introduced":"abc"}]}]}]}`
	got := affectedOf(t, rec)
	want := []advisory.Affected{{Ecosystem: "oss-fuzz", Package: "b", Status: advisory.StatusAffected, Versions: []string{"1.0"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// TestAPIAnswer reads an osv.dev API answer of 8 GHSA records.
func TestAPIAnswer(t *testing.T) {
	got := parseFile(t, "osv-api-vulns-maven-classifier.json")
	var ids []string
	for _, a := range got {
		ids = append(ids, a.ID)
	}
	want := []string{"GHSA-3mc7-4q67-w48m", "GHSA-98wm-3w3q-mw94", "GHSA-9w3m-gqgf-c4p9", "GHSA-c4r9-r8fh-9vj2", "GHSA-hhhw-99gj-p3c3", "GHSA-mjmj-j48q-9wg2", "GHSA-rvwf-54qp-4r6v", "GHSA-w37g-rhq8-7m4j"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestMalformed(t *testing.T) {
	in := `[{"id":"A-1"},{"id":3},{"published":"x"}]`
	var ids []string
	var errs int
	for a, err := range osv.Parse(context.Background(), strings.NewReader(in)) {
		if err != nil {
			var re *osv.RecordError
			if !errors.As(err, &re) {
				t.Errorf("%v: not a RecordError", err)
			}
			errs++
			continue
		}
		ids = append(ids, a.ID)
	}
	if diff := cmp.Diff([]string{"A-1"}, ids); diff != "" || errs != 2 {
		t.Errorf("errors %d, want 2; (-want +got)\n%s", errs, diff)
	}
}

// parseAll parses a zip archive read at random, or from a plain reader
// when stream is set, and returns its advisories and errors.
func parseAll(t testing.TB, path string, stream bool) ([]*advisory.Advisory, []error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if stream {
		r = struct{ io.Reader }{f}
	}
	var out []*advisory.Advisory
	var errs []error
	for a, err := range osv.Parse(context.Background(), r) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, a)
	}
	return out, errs
}

// TestZip reads the committed archive both ways: 60 records, counted
// with python3 zipfile (see testdata/PROVENANCE.md).
func TestZip(t *testing.T) {
	for _, stream := range []bool{false, true} {
		got, errs := parseAll(t, "testdata/go-vulndb-first60.zip", stream)
		if len(errs) != 0 || len(got) != 60 {
			t.Fatalf("stream %v: %d advisories, errors %v; want 60, none", stream, len(got), errs)
		}
		if a := got[0]; a.ID != "GO-2020-0001" || a.Source.Record != "GO-2020-0001.json" || a.Affected[0].Package != "github.com/gin-gonic/gin" {
			t.Errorf("first: %s %s %s", a.ID, a.Source.Record, a.Affected[0].Package)
		}
	}
}

func TestParseFS(t *testing.T) {
	n, errs := 0, 0
	for a, err := range osv.ParseFS(context.Background(), os.DirFS("testdata")) {
		if err != nil {
			var re *osv.RecordError
			if !errors.As(err, &re) || re.Record != "ecosystems.json" {
				t.Error(err)
			}
			errs++
			continue
		}
		if a.Source.Record == "" {
			t.Errorf("%s: no record", a.ID)
		}
		n++
	}
	// 9 single records, 8 in the API answer; ecosystems.json is no
	// record: one error.
	if n != 17 || errs != 1 {
		t.Errorf("%d advisories, %d errors; want 17, 1", n, errs)
	}
}

// feeds are the whole feeds in ../shared, with their record counts
// (python3 -c 'import zipfile; print(len([n for n in
// zipfile.ZipFile(p).namelist() if n.endswith(".json")]))'). PyPA's
// archive holds YAML records, which Parse skips: 0.
var feeds = []struct {
	path string
	n    int
}{
	{"almalinux-osv/advisories.zip", 5680},
	{"bitnami-osv/data.zip", 7444},
	{"go-vulndb/all.zip", 4291},
	{"pypa-advisory-db/vulns.zip", 0},
	{"rustsec-osv/all.zip", 1206},
}

const feedsDir = "../../../../shared/data/feeds-full"

func TestFeeds(t *testing.T) {
	if _, err := os.Stat(feedsDir); err != nil {
		t.Skip("no ../shared feeds:", err)
	}
	var store memstore.Store
	for _, f := range feeds {
		t.Run(f.path, func(t *testing.T) {
			got, errs := parseAll(t, filepath.Join(feedsDir, f.path), false)
			if len(errs) != 0 {
				t.Errorf("%d errors; first %v", len(errs), errs[0])
			}
			if len(got) != f.n {
				t.Errorf("%d advisories, want %d", len(got), f.n)
			}
			store.Add(got...)
		})
	}
	// 356 GHSA records of an osv.dev API answer (Maven mostly); counts
	// by python3 json (69 name com.fasterxml.jackson.core:jackson-databind).
	api := filepath.Join(feedsDir, "../advisories/osv/ghsa-maven/osv-api-vulns-zeppelin-server-356-GHSA.json")
	got, errs := parseAll(t, api, false)
	if len(got) != 356 || len(errs) != 0 {
		t.Errorf("%s: %d advisories, errors %v; want 356, none", api, len(got), errs)
	}
	store.Add(got...)
	jackson, _ := store.Lookup(context.Background(), advisory.Query{Ecosystem: "maven", Package: "com.fasterxml.jackson.core:jackson-databind"})
	if len(jackson.Advisories) != 69 {
		t.Errorf("jackson-databind: %d advisories, want 69", len(jackson.Advisories))
	}
	tests := []struct {
		q    advisory.Query
		want []string // some IDs among the answer's
	}{
		{advisory.Query{Ecosystem: "pypi", Package: "Protobuf"}, []string{"GHSA-77rm-9x9h-xj3g"}},
		{advisory.Query{Ecosystem: "golang", Package: "stdlib"}, []string{"GO-2022-0191", "GO-2024-2598"}},
		{advisory.Query{Ecosystem: "golang", Package: "github.com/gin-gonic/gin"}, []string{"GO-2020-0001"}},
		{advisory.Query{Ecosystem: "cargo", Package: "openssl"}, []string{"RUSTSEC-2016-0001"}},
		{advisory.Query{Ecosystem: "rpm", Release: advisory.Release{Distro: "almalinux", Version: "9"}, Package: "libtiff"}, []string{"ALSA-2022:8194"}},
		{advisory.Query{Ecosystem: "bitnami", Package: "consul"}, []string{"BIT-consul-2021-37219"}},
	}
	for _, tt := range tests {
		ans, err := store.Lookup(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Covered {
			t.Errorf("%+v: not covered", tt.q)
		}
		for _, id := range tt.want {
			if !slices.ContainsFunc(ans.Advisories, func(a *advisory.Advisory) bool { return a.ID == id }) {
				t.Errorf("%+v: no %s among %d", tt.q, id, len(ans.Advisories))
			}
		}
	}
}

func BenchmarkParseZip(b *testing.B) {
	path := filepath.Join(feedsDir, "bitnami-osv/data.zip")
	if _, err := os.Stat(path); err != nil {
		path = "testdata/go-vulndb-first60.zip"
	}
	n := 0
	for b.Loop() {
		got, errs := parseAll(b, path, false)
		if len(errs) != 0 {
			b.Fatal(errs[0])
		}
		n += len(got)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

func FuzzParse(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if data, err := os.ReadFile(filepath.Join("testdata", e.Name())); err == nil && len(data) < 1<<16 {
			f.Add(data)
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("A.json")
	w.Write([]byte(`{"id":"A-1","affected":[{"package":{"ecosystem":"Ubuntu:Pro:22.04:LTS","name":"x"}}]}`))
	zw.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		for a, err := range osv.Parse(context.Background(), bytes.NewReader(data)) {
			if err == nil && (a == nil || a.ID == "") {
				t.Fatalf("advisory %v without error or ID", a)
			}
		}
	})
}

// TestCancel checks that a cancelled parse of an archive stops with the
// context's error, yielded last.
func TestCancel(t *testing.T) {
	f, err := os.Open("testdata/go-vulndb-first60.zip")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var last error
	for _, err := range osv.Parse(ctx, f) {
		if err != nil {
			last = err
			continue
		}
		if n++; n == 5 {
			cancel()
		}
	}
	if n != 5 || !errors.Is(last, context.Canceled) {
		t.Errorf("%d advisories, last error %v; want 5, context.Canceled", n, last)
	}
}
