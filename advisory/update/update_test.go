package update_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/advisory/cve5"
	"github.com/loadline/loadline/advisory/debian"
	"github.com/loadline/loadline/advisory/epss"
	"github.com/loadline/loadline/advisory/fetch"
	"github.com/loadline/loadline/advisory/kev"
	"github.com/loadline/loadline/advisory/nvd"
	"github.com/loadline/loadline/advisory/osv"
	"github.com/loadline/loadline/advisory/update"
)

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// testFeeds returns the default feeds that testdata/mirror holds (PyPI,
// Go, NVD, KEV, EPSS), fetched from m, NVD in pages of 10 with an API
// key.
func testFeeds(m *mirror) []update.Feed {
	var out []update.Feed
	for _, f := range update.DefaultFeeds(update.Defaults{Mirror: m.URL, NVDAPIKey: "test-key"}) {
		switch f.Name() {
		case "osv-go", "osv-pypi", "kev", "epss":
			out = append(out, f)
		case "nvd":
			n := f.(*nvd.Feed)
			n.Interval, n.PageSize = time.Millisecond, 10
			out = append(out, n)
		}
	}
	return out
}

func options(t testing.TB, events *[]update.Event) *update.Options {
	dir := t.TempDir()
	t.Cleanup(func() {
		if es, _ := os.ReadDir(dir); len(es) != 0 {
			t.Errorf("%d temporary files left in %s", len(es), dir)
		}
	})
	return &update.Options{
		Client:   &fetch.Client{Dir: dir, Backoff: time.Millisecond, Attempts: 2},
		Now:      func() time.Time { return now },
		Parallel: 1, // requests in a known order

		Progress: func(e update.Event) {
			if events != nil {
				*events = append(*events, e)
			}
		},
	}
}

// outcome is what a test compares of a Result.
type outcome struct {
	Feed     string
	Outcome  string
	Records  int
	Problems int
	Err      string // a part of the error
}

func outcomes(rs []update.Result) []outcome {
	var out []outcome
	for _, r := range rs {
		o := outcome{Feed: r.Feed, Outcome: r.Outcome.String(), Records: r.Records, Problems: r.Problems}
		if r.Err != nil {
			o.Err = r.Err.Error()
		}
		out = append(out, o)
	}
	return out
}

// checkOutcomes compares, matching Err as a substring.
func checkOutcomes(t *testing.T, want []outcome, rs []update.Result) {
	t.Helper()
	got := outcomes(rs)
	for i := range got {
		if i < len(want) && want[i].Err != "" && strings.Contains(got[i].Err, want[i].Err) {
			got[i].Err = want[i].Err
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
}

func status(t *testing.T, path string) boltstore.Status {
	t.Helper()
	s, err := boltstore.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// feedRecords returns each feed's record count.
func feedRecords(st boltstore.Status) map[string]int {
	out := map[string]int{}
	for _, f := range st.Feeds {
		out[f.Name] = f.Records
	}
	return out
}

func read(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUpdate runs a first update, a second that finds nothing changed
// (304s, one NVD question, no write), one where a feed's ETag changed,
// and one where NVD reports a change.
func TestUpdate(t *testing.T) {
	m := newMirror(t)
	db := filepath.Join(t.TempDir(), "advisories.db")
	ctx := context.Background()
	var events []update.Event
	opts := options(t, &events)

	res, err := update.Update(ctx, db, testFeeds(m), opts)
	if err != nil {
		t.Fatal(err)
	}
	checkOutcomes(t, []outcome{
		{Feed: "osv-pypi", Outcome: "updated", Records: 4},
		{Feed: "osv-go", Outcome: "updated", Records: 60},
		{Feed: "nvd", Outcome: "updated", Records: 38},
		{Feed: "kev", Outcome: "updated", Records: 64},
		{Feed: "epss", Outcome: "updated", Records: 29},
	}, res)
	if diff := cmp.Diff(map[string]int{"osv-go": 60, "osv-pypi": 4, "nvd": 38, "kev": 64, "epss": 29}, feedRecords(status(t, db))); diff != "" {
		t.Errorf("feeds (-want +got):\n%s", diff)
	}
	wantLog := []string{
		"GET /osv/PyPI/all.zip 200",
		"GET /osv/Go/all.zip 200",
		"GET /nvd?resultsPerPage=10&startIndex=0 200",
		"GET /nvd?resultsPerPage=10&startIndex=10 200",
		"GET /nvd?resultsPerPage=10&startIndex=20 200",
		"GET /nvd?resultsPerPage=10&startIndex=30 200",
		"GET /kev/known_exploited_vulnerabilities.json 200",
		"GET /epss/epss_scores-current.csv.gz 200",
	}
	if diff := cmp.Diff(wantLog, m.requests()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"test-key": 4}, m.apiKeys); diff != "" {
		t.Errorf("apiKey headers (-want +got):\n%s", diff)
	}
	var done []string
	for _, e := range events {
		if e.Stage == update.Done {
			done = append(done, e.Feed+" "+e.Result.Outcome.String())
		}
	}
	if diff := cmp.Diff([]string{"osv-pypi updated", "osv-go updated", "nvd updated", "kev updated", "epss updated"}, done); diff != "" {
		t.Errorf("Done events (-want +got):\n%s", diff)
	}

	t.Run("exploitation", func(t *testing.T) {
		s, err := boltstore.Open(ctx, db, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for cve, want := range map[string]advisory.Exploitation{
			"CVE-2025-48384": {KEV: &advisory.KEV{Added: day("2025-08-25"), Due: day("2025-09-15")}},
			"CVE-1999-0005":  {EPSS: &advisory.EPSS{Score: 0.91963, Percentile: 0.9903, Date: day("2024-10-25")}},
			"CVE-2099-0001":  {},
		} {
			got, err := s.Exploitation(ctx, cve)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", cve, diff)
			}
		}
	})

	t.Run("not modified", func(t *testing.T) {
		before := read(t, db)
		res, err := update.Update(ctx, db, testFeeds(m), options(t, nil))
		if err != nil {
			t.Fatal(err)
		}
		checkOutcomes(t, []outcome{
			{Feed: "osv-pypi", Outcome: "not modified"},
			{Feed: "osv-go", Outcome: "not modified"},
			{Feed: "nvd", Outcome: "not modified"},
			{Feed: "kev", Outcome: "not modified"},
			{Feed: "epss", Outcome: "not modified"},
		}, res)
		log := m.requests()
		if len(log) != 5 || log[0] != "GET /osv/PyPI/all.zip 304" || log[1] != "GET /osv/Go/all.zip 304" || !strings.Contains(log[2], "lastModStartDate=") {
			t.Errorf("requests: %q", log)
		}
		if !bytes.Equal(before, read(t, db)) {
			t.Error("the database changed though no feed did")
		}
	})

	t.Run("changed etag", func(t *testing.T) {
		m.set("/osv/Go/all.zip", read(t, "testdata/go-first30.zip"))
		res, err := update.Update(ctx, db, testFeeds(m), options(t, nil))
		if err != nil {
			t.Fatal(err)
		}
		checkOutcomes(t, []outcome{
			{Feed: "osv-pypi", Outcome: "not modified"},
			{Feed: "osv-go", Outcome: "updated", Records: 30},
			{Feed: "nvd", Outcome: "not modified"},
			{Feed: "kev", Outcome: "not modified"},
			{Feed: "epss", Outcome: "not modified"},
		}, res)
		if diff := cmp.Diff(map[string]int{"osv-go": 30, "osv-pypi": 4, "nvd": 38, "kev": 64, "epss": 29}, feedRecords(status(t, db))); diff != "" {
			t.Errorf("feeds (-want +got):\n%s", diff)
		}
	})

	t.Run("nvd changed", func(t *testing.T) {
		m.mu.Lock()
		m.nvdChanged = true
		m.mu.Unlock()
		m.requests()
		res, err := update.Update(ctx, db, testFeeds(m), options(t, nil))
		if err != nil {
			t.Fatal(err)
		}
		// Only the CVE that changed is fetched, and merged into the 38.
		checkOutcomes(t, []outcome{
			{Feed: "osv-pypi", Outcome: "not modified"},
			{Feed: "osv-go", Outcome: "not modified"},
			{Feed: "nvd", Outcome: "updated", Records: 1},
			{Feed: "kev", Outcome: "not modified"},
			{Feed: "epss", Outcome: "not modified"},
		}, res)
		if n := len(m.requests()); n != 2+1+1+2 {
			t.Errorf("%d requests, want 6 (2 osv, 1 NVD question, 1 NVD page of changes, kev, epss)", n)
		}
		if diff := cmp.Diff(map[string]int{"osv-go": 30, "osv-pypi": 4, "nvd": 38, "kev": 64, "epss": 29}, feedRecords(status(t, db))); diff != "" {
			t.Errorf("feeds (-want +got):\n%s", diff)
		}
		s, err := boltstore.Open(ctx, db, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for id, withdrawn := range map[string]bool{"CVE-2023-27314": true, "CVE-2023-45109": false} {
			got, err := s.ByID(ctx, id)
			if err != nil || len(got) != 1 || got[0].Withdrawn.IsZero() == withdrawn {
				t.Errorf("ByID(%s) = %v, %v; want one advisory, withdrawn: %v", id, got, err, withdrawn)
			}
		}
	})
}

// TestFailureKeepsOld checks that a feed that fails (a body cut short on
// every attempt, an archive that is not one) leaves the database
// byte-identical, and that another feed's malformed record is counted
// and skipped while the feed updates.
func TestFailureKeepsOld(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		setup     func(m *mirror)
		want      []outcome
		unchanged bool
	}{
		{
			name: "cut download",
			setup: func(m *mirror) {
				m.set("/osv/Go/all.zip", read(t, "testdata/go-first30.zip"))
				m.setCut("/osv/Go/all.zip", true)
			},
			want: []outcome{
				{Feed: "osv-pypi", Outcome: "not modified"},
				{Feed: "osv-go", Outcome: "failed", Err: "giving up after 2 attempts"},
				{Feed: "nvd", Outcome: "not modified"},
				{Feed: "kev", Outcome: "not modified"},
				{Feed: "epss", Outcome: "not modified"},
			},
			unchanged: true,
		},
		{
			name:  "malformed archive",
			setup: func(m *mirror) { m.set("/osv/Go/all.zip", read(t, "testdata/go-truncated.zip")) },
			want: []outcome{
				{Feed: "osv-pypi", Outcome: "not modified"},
				{Feed: "osv-go", Outcome: "failed", Err: "osv: zip: zip: not a valid zip file"},
				{Feed: "nvd", Outcome: "not modified"},
				{Feed: "kev", Outcome: "not modified"},
				{Feed: "epss", Outcome: "not modified"},
			},
			unchanged: true,
		},
		{
			name: "malformed archive and malformed record",
			setup: func(m *mirror) {
				m.set("/osv/Go/all.zip", read(t, "testdata/go-truncated.zip"))
				m.set("/osv/PyPI/all.zip", read(t, "testdata/pypi-one-malformed.zip"))
			},
			want: []outcome{
				{Feed: "osv-pypi", Outcome: "updated", Records: 4, Problems: 1},
				{Feed: "osv-go", Outcome: "failed", Err: "not a valid zip file"},
				{Feed: "nvd", Outcome: "not modified"},
				{Feed: "kev", Outcome: "not modified"},
				{Feed: "epss", Outcome: "not modified"},
			},
		},
		{
			name: "malformed catalog",
			setup: func(m *mirror) {
				m.set("/kev/known_exploited_vulnerabilities.json", []byte(`{"vulnerabilities": [{"cveID": 7}]}`))
			},
			want: []outcome{
				{Feed: "osv-pypi", Outcome: "not modified"},
				{Feed: "osv-go", Outcome: "not modified"},
				{Feed: "nvd", Outcome: "not modified"},
				{Feed: "kev", Outcome: "failed", Err: "update: kev: kev:"},
				{Feed: "epss", Outcome: "not modified"},
			},
			unchanged: true,
		},
		{
			name:  "server error",
			setup: func(m *mirror) { delete(m.files, "/osv/PyPI/all.zip") },
			want: []outcome{
				{Feed: "osv-pypi", Outcome: "failed", Err: "404 Not Found"},
				{Feed: "osv-go", Outcome: "not modified"},
				{Feed: "nvd", Outcome: "not modified"},
				{Feed: "kev", Outcome: "not modified"},
				{Feed: "epss", Outcome: "not modified"},
			},
			unchanged: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMirror(t)
			db := filepath.Join(t.TempDir(), "advisories.db")
			if _, err := update.Update(ctx, db, testFeeds(m), options(t, nil)); err != nil {
				t.Fatal(err)
			}
			before := read(t, db)
			tt.setup(m)
			res, err := update.Update(ctx, db, testFeeds(m), options(t, nil))
			checkOutcomes(t, tt.want, res)
			if err == nil {
				t.Error("no error, want the failed feed's")
			}
			if got := bytes.Equal(before, read(t, db)); got != tt.unchanged {
				t.Errorf("database unchanged: %v, want %v", got, tt.unchanged)
			}
			// Every feed keeps its data: the failed one its old data.
			want := map[string]int{"osv-go": 60, "osv-pypi": 4, "nvd": 38, "kev": 64, "epss": 29}
			if diff := cmp.Diff(want, feedRecords(status(t, db))); diff != "" {
				t.Errorf("feeds (-want +got):\n%s", diff)
			}
			for _, r := range res {
				if r.Outcome == update.Updated && r.Problems > 0 && !strings.Contains(r.FirstProblems[0].Error(), "PYSEC-0000-bad.json") {
					t.Errorf("%s: problem %v does not name the record", r.Feed, r.FirstProblems[0])
				}
			}
		})
	}
}

// TestCancel checks that a cancelled update returns an error and leaves
// the database as it was.
func TestCancel(t *testing.T) {
	m := newMirror(t)
	db := filepath.Join(t.TempDir(), "advisories.db")
	if _, err := update.Update(context.Background(), db, testFeeds(m), options(t, nil)); err != nil {
		t.Fatal(err)
	}
	before := read(t, db)
	m.set("/osv/Go/all.zip", read(t, "testdata/go-first30.zip"))
	ctx, cancel := context.WithCancel(context.Background())
	opts := options(t, nil)
	opts.Progress = func(e update.Event) {
		if e.Stage == update.Writing {
			cancel()
		}
	}
	res, err := update.Update(ctx, db, testFeeds(m), opts)
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Errorf("got %v, %v; want nil results and context.Canceled", res, err)
	}
	if !bytes.Equal(before, read(t, db)) {
		t.Error("a cancelled update changed the database")
	}
}

// renamed gives an advisory.Feed another name.
type renamed struct {
	advisory.Feed
	name string
}

func (r renamed) Name() string { return r.name }

// TestImportFixList imports Debian's DSA list alone: its advisories are
// found, and the releases they name are not covered by them (a list of
// announced fixes says nothing of what it does not list).
func TestImportFixList(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "advisories.db")
	r, err := update.Import(ctx, db, &debian.List{Kind: debian.DSA}, "testdata/DSA-list-excerpt.txt", options(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	checkOutcomes(t, []outcome{{Feed: "debian-dsa", Outcome: "updated", Records: 6}}, []update.Result{r})
	s, err := boltstore.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ans, err := s.Lookup(ctx, advisory.Query{Ecosystem: "deb", Release: advisory.Release{Distro: "debian", Version: "6"}, Package: "openoffice.org"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Advisories) != 1 || ans.Covered {
		t.Errorf("Lookup(squeeze openoffice.org) = %d advisories, covered %v; want 1, not covered", len(ans.Advisories), ans.Covered)
	}
}

func TestImport(t *testing.T) {
	ctx := context.Background()
	m := newMirror(t)
	db := filepath.Join(t.TempDir(), "advisories.db")
	if _, err := update.Update(ctx, db, testFeeds(m), options(t, nil)); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	dir := t.TempDir()
	for _, e := range must(os.ReadDir("testdata/import")) {
		p := filepath.Join(dir, e.Name())
		if err := os.WriteFile(p, read(t, filepath.Join("testdata/import", e.Name())), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, ".hidden.json"), []byte("not json"), 0o644)
	tests := []struct {
		name string
		feed update.Feed
		path string
		want outcome
	}{
		{"directory", renamed{&osv.Feed{}, "osv"}, dir, outcome{Feed: "osv", Outcome: "updated", Records: 4}},
		{"file", &cve5.Feed{}, "testdata/cve5-CVE-2024-3094.json", outcome{Feed: "cve5", Outcome: "updated", Records: 1}},
		{"archive", &osv.Feed{Ecosystem: "PyPI"}, "testdata/pypi-one-malformed.zip", outcome{Feed: "osv-pypi", Outcome: "updated", Records: 4, Problems: 1}},
		{"malformed", &osv.Feed{Ecosystem: "Go"}, "testdata/go-truncated.zip", outcome{Feed: "osv-go", Outcome: "failed", Err: "not a valid zip file"}},
		{"missing", &osv.Feed{Ecosystem: "Go"}, "testdata/no-such-file", outcome{Feed: "osv-go", Outcome: "failed", Err: "no such file"}},
		{"api response", renamed{&nvd.Feed{}, "nvd-saved"}, "testdata/mirror/nvd/cves.json", outcome{Feed: "nvd-saved", Outcome: "updated", Records: 38}},
		{"exploitation", &kev.Feed{}, "testdata/mirror/kev/known_exploited_vulnerabilities.json", outcome{Feed: "kev", Outcome: "updated", Records: 64}},
		{"exploitation directory", &epss.Feed{}, "testdata/mirror", outcome{Feed: "epss", Outcome: "failed", Err: "epss takes one file, not a directory of 5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := update.Import(ctx, db, tt.feed, tt.path, options(t, nil))
			if (err != nil) != (tt.want.Outcome == "failed") {
				t.Errorf("error %v", err)
			}
			checkOutcomes(t, []outcome{tt.want}, []update.Result{r})
		})
	}
	st := status(t, db)
	want := map[string]int{"osv-go": 60, "osv-pypi": 4, "nvd": 38, "kev": 64, "epss": 29, "osv": 4, "cve5": 1, "nvd-saved": 38}
	if diff := cmp.Diff(want, feedRecords(st)); diff != "" {
		t.Errorf("feeds (-want +got):\n%s", diff)
	}
	i := slices.IndexFunc(st.Feeds, func(f boltstore.FeedStatus) bool { return f.Name == "osv" })
	if f := st.Feeds[i]; f.Fingerprint != "" || !f.Fetched.Equal(mtime) {
		t.Errorf("imported feed: fingerprint %q, fetched %v; want none, %v", f.Fingerprint, f.Fetched, mtime)
	}
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// notFeed is neither an advisory.Feed nor an ExploitFeed.
type notFeed struct{}

func (notFeed) Name() string { return "neither" }
func (notFeed) Fetch(context.Context, advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return io.NopCloser(strings.NewReader("")), "", nil
}

func TestNotAFeed(t *testing.T) {
	db := filepath.Join(t.TempDir(), "advisories.db")
	res, err := update.Update(context.Background(), db, []update.Feed{notFeed{}, notFeed{}}, nil)
	checkOutcomes(t, []outcome{
		{Feed: "neither", Outcome: "failed", Err: "neither an advisory.Feed nor an ExploitFeed"},
		{Feed: "neither", Outcome: "failed", Err: "update: neither: named twice"},
	}, res)
	if err == nil {
		t.Error("no error")
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a database was written with no feed")
	}
}

// TestRebuildOtherVersion checks that a database of another format
// version is rebuilt: every feed fetched whole, none of its data kept.
func TestRebuildOtherVersion(t *testing.T) {
	ctx := context.Background()
	m := newMirror(t)
	db := filepath.Join(t.TempDir(), "advisories.db")
	if _, err := update.Import(ctx, db, &cve5.Feed{}, "testdata/cve5-CVE-2024-3094.json", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := update.Update(ctx, db, testFeeds(m), options(t, nil)); err != nil {
		t.Fatal(err)
	}
	// Another loadline's database: the same file, its format version
	// renamed in place.
	b := read(t, db)
	format := []byte("loadline-boltstore-")
	i := bytes.Index(b, format)
	if i < 0 {
		t.Fatal("no format version in the file")
	}
	b[i+len(format)] = 'X'
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := boltstore.Open(ctx, db, nil); !errors.Is(err, boltstore.ErrVersion) {
		t.Fatalf("open the renamed database: %v, want ErrVersion", err)
	}
	m.requests()
	res, err := update.Update(ctx, db, testFeeds(m), options(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Outcome != update.Updated {
			t.Errorf("%s: %s, want updated (fetched whole)", r.Feed, r.Outcome)
		}
	}
	for _, l := range m.requests() {
		if strings.Contains(l, " 304") || strings.Contains(l, "lastModStartDate") {
			t.Errorf("conditional request %s on a rebuild", l)
		}
	}
	if diff := cmp.Diff(map[string]int{"osv-go": 60, "osv-pypi": 4, "nvd": 38, "kev": 64, "epss": 29}, feedRecords(status(t, db))); diff != "" {
		t.Errorf("feeds (-want +got):\n%s", diff)
	}
}

// TestNotADatabase checks that a file that is no database is left alone.
func TestNotADatabase(t *testing.T) {
	m := newMirror(t)
	db := filepath.Join(t.TempDir(), "advisories.db")
	if err := os.WriteFile(db, []byte("my notes, not a database"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := update.Update(context.Background(), db, testFeeds(m), options(t, nil))
	if !errors.Is(err, boltstore.ErrFormat) || res != nil {
		t.Errorf("got %v, %v; want nil results and ErrFormat", res, err)
	}
	if _, err := update.Import(context.Background(), db, &cve5.Feed{}, "testdata/cve5-CVE-2024-3094.json", nil); !errors.Is(err, boltstore.ErrFormat) {
		t.Errorf("import: %v, want ErrFormat", err)
	}
	if got := string(read(t, db)); got != "my notes, not a database" {
		t.Errorf("the file was overwritten: %q", got)
	}
}

// TestParallel fetches every feed at once and checks that the outcome
// and the database's status are those of a sequential update.
func TestParallel(t *testing.T) {
	ctx := context.Background()
	build := func(parallel int) ([]outcome, boltstore.Status, int) {
		m := newMirror(t)
		db := filepath.Join(t.TempDir(), "advisories.db")
		var events []update.Event
		opts := options(t, &events)
		opts.Parallel = parallel
		res, err := update.Update(ctx, db, testFeeds(m), opts)
		if err != nil {
			t.Fatal(err)
		}
		done := 0
		for _, e := range events {
			if e.Stage == update.Done {
				done++
			}
		}
		st := status(t, db)
		st.Path = ""
		for i := range st.Feeds {
			if st.Feeds[i].Name == "nvd" {
				st.Feeds[i].Fingerprint = "" // when the download began
			}
		}
		return outcomes(res), st, done
	}
	seqOut, seqDB, _ := build(1)
	parOut, parDB, done := build(8)
	if diff := cmp.Diff(seqOut, parOut); diff != "" {
		t.Errorf("results (-sequential +parallel):\n%s", diff)
	}
	if diff := cmp.Diff(seqDB, parDB); diff != "" {
		t.Errorf("database status (-sequential +parallel):\n%s", diff)
	}
	if done != len(parOut) {
		t.Errorf("%d Done events for %d feeds", done, len(parOut))
	}
}
