package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory/dbimage"
	"github.com/loadline/loadline/advisory/dbimage/dbimagetest"
	"github.com/loadline/loadline/advisory/osv"
	dbupdate "github.com/loadline/loadline/advisory/update"
)

// mirrorDir holds recorded feed files in the layout of `db update
// --mirror` (see advisory/update/testdata/PROVENANCE.md).
const mirrorDir = "../../advisory/update/testdata/mirror"

// feedHost serves mirrorDir on 127.0.0.1 as the feed hosts do: files
// with an ETag, answering If-None-Match with 304, and /nvd as one page
// of the NVD CVE API 2.0 (a lastModStartDate question finds no change).
func feedHost(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path
		if name == "/nvd" {
			if r.URL.Query().Get("lastModStartDate") != "" {
				fmt.Fprint(w, `{"resultsPerPage":0,"startIndex":0,"totalResults":0,"vulnerabilities":[]}`)
				return
			}
			name = "/nvd/cves.json"
		}
		body, err := os.ReadFile(filepath.Join(mirrorDir, filepath.FromSlash(name)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		sum := sha256.Sum256(body)
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

var (
	digest    = regexp.MustCompile(`sha256:[0-9a-f]{64}`)
	sizes     = regexp.MustCompile(`\d+\.\d [KMG]iB`)
	timestamp = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d(:|%3A)\d\d(:|%3A)\d\d(\.\d+)?Z?`)
	ages      = regexp.MustCompile(`\b\d+[smhd]\b`)
	digits    = regexp.MustCompile(`\d`)
)

// normalize makes a transcript reproducible: the host's address and the
// database's directory become names, and the digits of times and ages
// zeros (widths kept, for the tables).
func normalize(s, host, dir string) string {
	s = strings.ReplaceAll(s, host, "http://MIRROR")
	s = strings.ReplaceAll(s, dir, "TMP")
	zero := func(m string) string { return digits.ReplaceAllString(m, "0") }
	s = timestamp.ReplaceAllStringFunc(s, zero)
	return ages.ReplaceAllStringFunc(s, zero)
}

// TestDBGolden runs db command lines, in order, against one database
// and a feed host on 127.0.0.1, and compares what they print with
// testdata/db-*.golden (go test -update rewrites them).
func TestDBGolden(t *testing.T) {
	host := feedHost(t).URL
	registry := dbimagetest.NewRegistry(t)
	ref := registry + "/security/advisories:latest"
	dir := t.TempDir()
	db := filepath.Join(dir, "advisories.db")
	// Imported data is as old as its files: copies with a fixed time.
	imports := filepath.Join(dir, "osv-records")
	if err := os.CopyFS(imports, os.DirFS("../../advisory/update/testdata/import")); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"cve5-CVE-2024-3094.json", "pypi-one-malformed.zip"} {
		b, err := os.ReadFile(filepath.Join("../../advisory/update/testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	entries, _ := os.ReadDir(dir)
	more, _ := os.ReadDir(imports)
	for _, e := range append(entries, more...) {
		for _, d := range []string{dir, imports} {
			os.Chtimes(filepath.Join(d, e.Name()), old, old)
		}
	}
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"db-update-first", []string{"db", "--db", db, "update", "--mirror", host, "osv-pypi", "osv-go", "nvd", "kev", "epss"}, exitOK},
		{"db-update-not-modified", []string{"db", "update", "--db", db, "--mirror", host, "osv-pypi", "osv-go", "nvd", "kev", "epss"}, exitOK},
		{"db-update-failed-feed", []string{"db", "update", "--db", db, "--mirror", host, "osv-pypi", "osv-npm"}, exitScanError},
		{"db-import-dir", []string{"db", "import", "--db", db, imports}, exitOK},
		{"db-import-cve5", []string{"db", "import", "--db", db, "--feed", "cve5", filepath.Join(dir, "cve5-CVE-2024-3094.json")}, exitOK},
		{"db-import-malformed", []string{"db", "import", "--db", db, "--feed", "osv-pypi", "-v", filepath.Join(dir, "pypi-one-malformed.zip")}, exitOK},
		{"db-status", []string{"db", "status", "--db", db}, exitOK},
		{"db-push", []string{"db", "push", "--db", db, ref}, exitOK},
		{"db-pull-first", []string{"db", "pull", "--db", filepath.Join(dir, "pulled", "advisories.db"), ref}, exitOK},
		{"db-pull-not-modified", []string{"db", "pull", "--db", filepath.Join(dir, "pulled", "advisories.db"), ref}, exitOK},
		{"db-pull-missing", []string{"db", "pull", "--db", filepath.Join(dir, "pulled", "advisories.db"), registry + "/security/none:latest"}, exitScanError},
		{"db-usage-push-no-database", []string{"db", "push", "--db", filepath.Join(dir, "none.db"), ref}, exitUsage},
		{"db-usage-push-not-database", []string{"db", "push", "--db", filepath.Join(dir, "cve5-CVE-2024-3094.json"), ref}, exitUsage},
		{"db-usage-push-two", []string{"db", "push", "--db", db, ref, ref}, exitUsage},
		{"db-usage-pull-bad-reference", []string{"db", "pull", "--db", db, "Not A Reference"}, exitUsage},
		{"db-usage-no-subcommand", []string{"db"}, exitUsage},
		{"db-usage-unknown-subcommand", []string{"db", "frob"}, exitUsage},
		{"db-usage-unknown-feed", []string{"db", "update", "--db", db, "osv", "frob"}, exitUsage},
		{"db-usage-import-missing", []string{"db", "import", "--db", db, "./no-such-dir"}, exitUsage},
		{"db-usage-import-two", []string{"db", "import", "--db", db, "a", "b"}, exitUsage},
		{"db-usage-no-database", []string{"db", "status", "--db", filepath.Join(dir, "none.db")}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, code := transcript(tt.args...)
			// A database's bytes, and so its artifact's digest and
			// sizes, vary with its build time.
			out = digest.ReplaceAllString(strings.ReplaceAll(out, registry, "REGISTRY"), "sha256:DIGEST")
			out = sizes.ReplaceAllStringFunc(out, func(m string) string { return digits.ReplaceAllString(m, "0") })
			got := normalize(out, host, dir)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\n%s", code, tt.code, got)
			}
			checkGolden(t, filepath.Join("testdata", tt.name+".golden"), got)
		})
	}
}

// TestDBStale checks the status table's stale marker against
// --max-age, an hour after the update.
func TestDBStale(t *testing.T) {
	host := feedHost(t).URL
	db := filepath.Join(t.TempDir(), "advisories.db")
	if out, code := transcript("db", "update", "--db", db, "--mirror", host, "osv-pypi"); code != exitOK {
		t.Fatal(out)
	}
	for _, tt := range []struct {
		maxAge string
		stale  bool
	}{{"59m", true}, {"1h", false}, {"48h", false}} {
		var stdout, stderr bytes.Buffer
		code := runAt(context.Background(), []string{"db", "status", "--db", db, "--max-age", tt.maxAge}, &stdout, &stderr,
			func() time.Time { return transcriptNow.Add(time.Hour) })
		out := stdout.String() + stderr.String()
		if code != exitOK || strings.Contains(out, "stale") != tt.stale {
			t.Errorf("--max-age %s: exit %d, stale %v, want %v:\n%s", tt.maxAge, code, !tt.stale, tt.stale, out)
		}
	}
}

// TestDBProgressLines checks that a progress writer that is not a
// terminal gets one line per feed and no control characters.
func TestDBProgressLines(t *testing.T) {
	host := feedHost(t).URL
	db := filepath.Join(t.TempDir(), "advisories.db")
	out, code := transcript("db", "update", "--db", db, "--mirror", host, "osv-pypi", "osv-go")
	if code != exitOK {
		t.Fatal(out)
	}
	_, stderr, _ := strings.Cut(out, "--- stderr\n")
	stderr, _, _ = strings.Cut(stderr, "--- exit")
	want := "osv-pypi: updated, 4 records\nosv-go: updated, 60 records\n"
	if diff := cmp.Diff(want, stderr); diff != "" {
		t.Errorf("stderr (-want +got):\n%s", diff)
	}
}

// TestDBProgressTerminal checks what a terminal sees: a progress line
// redrawn in place naming the first feed in flight, cleared before each
// feed's line; the lines in the feeds' order.
func TestDBProgressTerminal(t *testing.T) {
	var b strings.Builder
	p := newProgress(&b, false, []dbupdate.Feed{&osv.Feed{Ecosystem: "PyPI"}, &osv.Feed{Ecosystem: "Go"}})
	p.tty = true
	pypi := &dbupdate.Result{Feed: "osv-pypi", Outcome: dbupdate.Updated, Records: 4}
	golang := &dbupdate.Result{Feed: "osv-go", Outcome: dbupdate.NotModified}
	for _, e := range []dbupdate.Event{
		{Feed: "osv-pypi", Stage: dbupdate.Fetching, Total: -1},
		{Feed: "osv-go", Stage: dbupdate.Fetching, Total: -1},
		{Feed: "osv-pypi", Stage: dbupdate.Fetching, Done: 2500, Total: 10000},
		{Feed: "osv-go", Stage: dbupdate.Done, Result: golang},
		{Feed: "osv-pypi", Stage: dbupdate.Fetching, Done: 10000, Total: 10000},
		{Feed: "osv-pypi", Stage: dbupdate.Writing, Done: 4, Total: -1},
		{Feed: "osv-pypi", Stage: dbupdate.Done, Result: pypi},
	} {
		p.event(e)
	}
	p.finish()
	want := "\r\033[Kosv-pypi             fetching 0 B" +
		"\r\033[Kosv-pypi             fetching 0 B  (+1 more)" +
		"\r\033[Kosv-pypi             fetching [=======                       ]  25% 2.4 KiB / 9.8 KiB  (+1 more)" +
		"\r\033[Kosv-pypi             fetching [=======                       ]  25% 2.4 KiB / 9.8 KiB" +
		"\r\033[Kosv-pypi             fetching [==============================] 100% 9.8 KiB / 9.8 KiB" +
		"\r\033[Kosv-pypi             writing 4 records" +
		"\r\033[Kosv-pypi: updated, 4 records\nosv-go: not modified\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("terminal output (-want +got):\n%s", diff)
	}
}

// TestDBProgressStoppedEarly checks that the lines of the feeds done are
// printed when an update stops before the others are.
func TestDBProgressStoppedEarly(t *testing.T) {
	var b strings.Builder
	p := newProgress(&b, false, []dbupdate.Feed{&osv.Feed{Ecosystem: "PyPI"}, &osv.Feed{Ecosystem: "Go"}})
	p.event(dbupdate.Event{Feed: "osv-go", Stage: dbupdate.Done, Result: &dbupdate.Result{Feed: "osv-go", Outcome: dbupdate.NotModified}})
	if b.Len() != 0 {
		t.Errorf("printed %q before osv-pypi was done", b.String())
	}
	p.finish()
	if got, want := b.String(), "osv-go: not modified\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestDBTransferTerminal checks what a terminal sees of a push or pull:
// a progress line redrawn in place, cleared at the end; and that
// anything else sees nothing.
func TestDBTransferTerminal(t *testing.T) {
	events := []dbimage.Event{
		{Stage: dbimage.Compressing, Done: 5000, Total: 10000},
		{Stage: dbimage.Compressing, Done: 10000, Total: 10000},
		{Stage: dbimage.Uploading, Done: 1024, Total: 2048},
	}
	for _, tty := range []bool{true, false} {
		var b strings.Builder
		p := newTransfer(&b)
		p.tty = tty
		for _, e := range events {
			p.event(e)
		}
		p.clear()
		want := "\r\033[Kcompressing [===============               ]  50% 4.9 KiB / 9.8 KiB" +
			"\r\033[Kcompressing [==============================] 100% 9.8 KiB / 9.8 KiB" +
			"\r\033[Kuploading   [===============               ]  50% 1.0 KiB / 2.0 KiB" +
			"\r\033[K"
		if !tty {
			want = ""
		}
		if diff := cmp.Diff(want, b.String()); diff != "" {
			t.Errorf("tty %v: output (-want +got):\n%s", tty, diff)
		}
	}
}
