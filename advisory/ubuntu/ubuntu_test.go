package ubuntu_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
	"github.com/loadline/loadline/advisory/ubuntu"
	"github.com/loadline/loadline/version"
)

var files = []string{"CVE-2016-20013.json", "CVE-2023-38545.json"}

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// collect parses data and returns its advisories and errors.
func collect(t testing.TB, seq func(func(*advisory.Advisory, error) bool)) ([]*advisory.Advisory, []error) {
	t.Helper()
	var as []*advisory.Advisory
	var errs []error
	for a, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		as = append(as, a)
	}
	return as, errs
}

func parseOne(t testing.TB, name string) *advisory.Advisory {
	t.Helper()
	as, errs := collect(t, ubuntu.Parse(context.Background(), bytes.NewReader(read(t, name))))
	if len(errs) != 0 || len(as) != 1 {
		t.Fatalf("Parse(%s): %d advisories, errors %v", name, len(as), errs)
	}
	return as[0]
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func rel(v string) advisory.Release { return advisory.Release{Distro: "ubuntu", Version: v} }

// TestCurl checks Canonical's document for CVE-2023-38545 whole: fixed,
// end of standard support and not affected (ESM) statements.
func TestCurl(t *testing.T) {
	const (
		notAffected = "vulnerable_code_not_present: This package (for the given release), while related to the CVE in some way, is not affected by the issue. CVE Notes / justification: affects 7.69 and higher introduced in https://github.com/curl/curl/commit/4a4b63daaa"
		eol         = "This package (for the given release) is no longer supported. Please upgrade your system."
		fixed       = "This package (for the given release) was vulnerable, but an update has been uploaded and published."
	)
	fixedIn := func(v string) []version.Range {
		return []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: v}}}}
	}
	a := parseOne(t, "CVE-2023-38545.json")
	want := &advisory.Advisory{
		ID:        "CVE-2023-38545",
		Aliases:   []string{"USN-6429-1", "USN-6429-3"},
		Details:   a.Details,
		Published: ts("2023-10-11T06:00:00Z"),
		Modified:  ts("2026-05-20T15:02:47.589121Z"),
		Affected: []advisory.Affected{
			{Ecosystem: "deb", Release: rel("14.04"), Package: "curl", Status: advisory.StatusNotAffected, Reason: notAffected},
			{Ecosystem: "deb", Release: rel("16.04"), Package: "curl", Status: advisory.StatusWillNotFix, Reason: eol},
			{Ecosystem: "deb", Release: rel("16.04"), Package: "curl", Status: advisory.StatusNotAffected, Reason: notAffected},
			{Ecosystem: "deb", Release: rel("18.04"), Package: "curl", Status: advisory.StatusNotAffected, Reason: notAffected},
			{Ecosystem: "deb", Release: rel("20.04"), Package: "curl", Status: advisory.StatusNotAffected, Reason: notAffected},
			{Ecosystem: "deb", Release: rel("22.04"), Package: "curl", Status: advisory.StatusFixed, Ranges: fixedIn("7.81.0-1ubuntu1.24"), Reason: fixed},
			{Ecosystem: "deb", Release: rel("24.04"), Package: "curl", Status: advisory.StatusFixed, Ranges: fixedIn("8.5.0-2ubuntu10.9"), Reason: fixed},
		},
		References: []advisory.Reference{
			{URL: "https://nvd.nist.gov/vuln/detail/CVE-2023-38545"},
			{URL: "https://curl.se/docs/CVE-2023-38545.html"},
			{URL: "https://ubuntu.com/security/notices/USN-6429-1"},
			{URL: "https://ubuntu.com/security/notices/USN-6429-3"},
			{URL: "https://www.cve.org/CVERecord?id=CVE-2023-38545"},
			{URL: "https://ubuntu.com/security/CVE-2023-38545"},
		},
		Source: advisory.Provenance{Feed: "ubuntu-vex", Record: "https://github.com/canonical/ubuntu-security-notices/blob/main/vex/cve/2023/CVE-2023-38545"},
	}
	if diff := cmp.Diff(want, a); diff != "" {
		t.Errorf("CVE-2023-38545 (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(a.Details, "This flaw makes curl overflow a heap based buffer") {
		t.Errorf("Details = %.60q", a.Details)
	}
}

// TestShaCrypt checks chosen records of CVE-2016-20013: "ignored" in
// every release, packages named by source (glibc, eglibc) not binary
// (libc6), ESM channels, and a package that does not exist in a release.
func TestShaCrypt(t *testing.T) {
	a := parseOne(t, "CVE-2016-20013.json")
	if len(a.Affected) != 34 || len(a.Aliases) != 0 || a.Published != ts("2022-02-19T05:15:00Z") {
		t.Fatalf("%d affected, aliases %v, published %v", len(a.Affected), a.Aliases, a.Published)
	}
	find := func(version, pkg string) []advisory.Affected {
		var out []advisory.Affected
		for _, af := range a.Affected {
			if af.Release == rel(version) && af.Package == pkg {
				out = append(out, af)
			}
		}
		return out
	}
	ignored := a.Affected[0].Reason
	if !strings.HasPrefix(ignored, "This package (for the given release) is vulnerable to the CVE, the problem is understood, but the Ubuntu Security Team decided to not fix it.") {
		t.Fatalf("reason %q", ignored)
	}
	tests := []struct {
		version, pkg string
		want         []advisory.Affected
	}{
		{"22.04", "glibc", []advisory.Affected{{Ecosystem: "deb", Release: rel("22.04"), Package: "glibc", Status: advisory.StatusWillNotFix, Reason: ignored}}},
		{"22.04", "libc6", nil},
		{"14.04", "eglibc", []advisory.Affected{{Ecosystem: "deb", Release: rel("14.04"), Package: "eglibc", Status: advisory.StatusWillNotFix, Reason: ignored}}},
		{"18.04", "zabbix", []advisory.Affected{{Ecosystem: "deb", Release: rel("18.04"), Package: "zabbix", Status: advisory.StatusWillNotFix, Reason: ignored}}},
		{"24.04", "zabbix", []advisory.Affected{{Ecosystem: "deb", Release: rel("24.04"), Package: "zabbix", Status: advisory.StatusNotAffected,
			Reason: "component_not_present: This package (for the given release) does not exist in the archive."}}},
		{"24.04", "dietlibc", []advisory.Affected{{Ecosystem: "deb", Release: rel("24.04"), Package: "dietlibc", Status: advisory.StatusWillNotFix, Reason: ignored}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, find(tt.version, tt.pkg)); diff != "" {
			t.Errorf("%s in %s (-want +got):\n%s", tt.pkg, tt.version, diff)
		}
	}
	releases := map[string]int{}
	for _, af := range a.Affected {
		releases[af.Release.Version]++
	}
	if diff := cmp.Diff(map[string]int{"14.04": 6, "16.04": 6, "18.04": 6, "20.04": 6, "22.04": 5, "24.04": 5}, releases); diff != "" {
		t.Errorf("affected per release (-want +got):\n%s", diff)
	}
}

// xzCompress compresses b with the xz tool (XZ Utils), skipping the test
// where it is not installed.
func xzCompress(t testing.TB, b []byte) []byte {
	t.Helper()
	if _, err := exec.LookPath("xz"); err != nil {
		t.Skip("xz not installed")
	}
	cmd := exec.Command("xz", "-c")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("xz: %v", err)
	}
	return out
}

// archive returns the test documents as a tar archive, gzip-compressed
// when gz, with a README and a malformed document among them.
func archive(t testing.TB, gz bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w = &buf
	var zw *gzip.Writer
	tw := tar.NewWriter(w)
	if gz {
		zw = gzip.NewWriter(w)
		tw = tar.NewWriter(zw)
	}
	add := func(name string, b []byte) {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write(b)
	}
	tw.WriteHeader(&tar.Header{Name: "vex/", Mode: 0o755, Typeflag: tar.TypeDir})
	add("vex/README", []byte("not a document"))
	add("vex/cve/2016/CVE-2016-20013.json", read(t, files[0]))
	add("vex/cve/2016/CVE-2016-99999.json", []byte(`{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{`))
	add("vex/cve/2023/CVE-2023-38545.json", read(t, files[1]))
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if zw != nil {
		zw.Close()
	}
	return buf.Bytes()
}

// TestForms reads the forms Parse and ParseFS take: a tar archive plain
// or gzip-compressed, a folder; a malformed document is a RecordError
// and the rest still comes; the tar compressed by the xz tool (as
// Canonical's vex-all.tar.xz is) reads alike; a broken xz stream is an
// error.
func TestForms(t *testing.T) {
	ctx := context.Background()
	want := []string{"vex/cve/2016/CVE-2016-20013.json", "vex/cve/2023/CVE-2023-38545.json"}
	fsys := fstest.MapFS{
		"vex/README":                       {Data: []byte("x")},
		"vex/cve/2016/CVE-2016-20013.json": {Data: read(t, files[0])},
		"vex/cve/2016/CVE-2016-99999.json": {Data: []byte("{")},
		"vex/cve/2023/CVE-2023-38545.json": {Data: read(t, files[1])},
		"vex/cve/dir.json/README":          {Data: []byte("x")},
	}
	for name, seq := range map[string]func(func(*advisory.Advisory, error) bool){
		"tar":    ubuntu.Parse(ctx, bytes.NewReader(archive(t, false))),
		"tar.gz": ubuntu.Parse(ctx, bytes.NewReader(archive(t, true))),
		"tar.xz": ubuntu.Parse(ctx, bytes.NewReader(xzCompress(t, archive(t, false)))),
		"fs":     ubuntu.ParseFS(ctx, fsys),
	} {
		t.Run(name, func(t *testing.T) {
			as, errs := collect(t, seq)
			var got []string
			for _, a := range as {
				got = append(got, a.Source.Record)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			var re *ubuntu.RecordError
			if len(errs) != 1 || !errors.As(errs[0], &re) || re.Record != "vex/cve/2016/CVE-2016-99999.json" {
				t.Errorf("errors %v, want one RecordError for CVE-2016-99999.json", errs)
			}
		})
	}
	_, errs := collect(t, ubuntu.Parse(ctx, strings.NewReader("\xfd7zXZ\x00\x00\x04")))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "ubuntu: xz:") {
		t.Errorf("broken xz: errors %v, want one naming xz", errs)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	as, errs := collect(t, ubuntu.Parse(cancelled, bytes.NewReader(archive(t, false))))
	if len(as) != 0 || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("cancelled: %d advisories, errors %v", len(as), errs)
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]string{
		"not json":      `{`,
		"not openvex":   `{"@context": "https://example.com", "statements": []}`,
		"no statements": `{"@context": "https://openvex.dev/ns/v0.2.0", "statements": []}`,
		"bad status":    `{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": {"name": "CVE-1"}, "status": "meh"}]}`,
		"two cves": `{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": {"name": "CVE-1"}, "status": "fixed"},
			{"vulnerability": {"name": "CVE-2"}, "status": "fixed"}]}`,
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			as, errs := collect(t, ubuntu.Parse(context.Background(), strings.NewReader(doc)))
			var re *ubuntu.RecordError
			if len(as) != 0 || len(errs) != 1 || !errors.As(errs[0], &re) || !strings.HasPrefix(errs[0].Error(), "ubuntu: record ") {
				t.Errorf("%d advisories, errors %v; want one RecordError", len(as), errs)
			}
		})
	}
}

// TestFetch serves the archive from a loopback server: an update, a
// conditional fetch that finds it unchanged, and a body cut short, which
// gives an error and no data.
func TestFetch(t *testing.T) {
	body := archive(t, true)
	cut := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		if cut {
			w.Header().Set("Content-Length", "100000")
			w.Write(body[:len(body)/2])
			return
		}
		w.Write(body)
	}))
	defer srv.Close()
	f := &ubuntu.Feed{URL: srv.URL + "/vex-all.tar.gz", Client: &fetch.Client{Attempts: 1, Dir: t.TempDir()}}
	ctx := context.Background()
	rc, fp, err := f.Fetch(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	as, errs := collect(t, f.Parse(ctx, rc))
	rc.Close()
	if len(as) != 2 || len(errs) != 1 {
		t.Errorf("update: %d advisories, %d errors", len(as), len(errs))
	}
	if rc, _, err := f.Fetch(ctx, fp); !errors.Is(err, advisory.ErrNotModified) || rc != nil {
		t.Errorf("not modified: %v, %v", rc, err)
	}
	cut = true
	rc, _, err = f.Fetch(ctx, "")
	if err == nil || rc != nil || !strings.HasPrefix(err.Error(), "ubuntu: ") {
		t.Errorf("cut short: %v, %v; want an error and no data", rc, err)
	}
	if f.Name() != "ubuntu-vex" || (&ubuntu.Feed{}).Location() != ubuntu.DefaultURL {
		t.Error("Name or Location")
	}
}

// FuzzParse is seeded with the curl document, a small one, and a tar
// archive of the small one (CVE-2016-20013, at 455 KB, slows the
// coverage-guided fuzzer to a few inputs a second).
func FuzzParse(f *testing.F) {
	f.Add([]byte(small))
	f.Add(read(f, "CVE-2023-38545.json"))
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tw.WriteHeader(&tar.Header{Name: "CVE-1.json", Mode: 0o644, Size: int64(len(small)), Typeflag: tar.TypeReg})
	tw.Write([]byte(small))
	tw.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		for a, err := range ubuntu.Parse(context.Background(), bytes.NewReader(data)) {
			if err == nil && (a == nil || a.ID == "") {
				t.Fatalf("advisory %+v without error", a)
			}
		}
	})
}

// small is a minimal Ubuntu-shaped document.
const small = `{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "timestamp": "2024-01-01T00:00:00Z",
 "statements": [{"vulnerability": {"name": "CVE-1", "aliases": ["https://ubuntu.com/security/notices/USN-1-1"]}, "status": "fixed",
 "products": [{"@id": "pkg:deb/ubuntu/curl@1.0?arch=source&distro=jammy"}]}]}`
