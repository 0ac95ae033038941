package redhat_test

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/zstd"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/csaf/redhat"
	"github.com/loadline/loadline/advisory/fetch"
)

// docs are the testdata documents the archive tests pack, by the path
// Red Hat gives them in its archives.
var docs = map[string]string{
	"2023/cve-2023-38545.json":  "cve-2023-38545.json",
	"2023/cve-2023-4154.json":   "cve-2023-4154.json",
	"2024/cve-2024-24786.json":  "cve-2024-24786-simple.json",
	"2024/cve-2024-22047.json":  "claircore-toolkit-cve-2024-22047.json",
	"2024/rhsa-2024_6163.json":  "rhsa-2024_6163.json",
	"2025/rhsa-2025_23414.json": "rhsa-2025_23414.json",
	"2021/cve-2021-0084.json":   "claircore-toolkit-cve-2021-0084.json",
	"2023/rhsa-2023_3821.json":  "rhsa-2023_3821.json",
	"2024/rhsa-2024_6220.json":  "rhsa-2024_6220.osv-schema.json",
	"2022/rhsa-2022-0011.json":  "claircore-toolkit-rhsa-2022-0011.json",
	"2024/rhsa-2024_4546.json":  "rhsa-2024_4546.osv-schema.json",
	"2022/cve-2022-38752.json":  "cve-2022-38752.json",
	"2024/not-a-document.txt":   "osv-RHSA-2024_4546.json", // skipped: not *.json
}

// names returns the archive paths in a fixed order.
func names() []string {
	var out []string
	for n := range docs {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// archive packs the documents as a tar, zstd-compressed when zst is set.
func archive(t testing.TB, zst bool) []byte { return pack(t, zst, names()) }

// pack packs the named documents.
func pack(t testing.TB, zst bool, members []string) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w io.Writer = &buf
	var zw *zstd.Encoder
	if zst {
		var err error
		if zw, err = zstd.NewWriter(&buf); err != nil {
			t.Fatal(err)
		}
		w = zw
	}
	tw := tar.NewWriter(w)
	tw.WriteHeader(&tar.Header{Name: "2023/", Typeflag: tar.TypeDir, Mode: 0o755})
	for _, n := range members {
		data := testdata(t, docs[n])
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(data)), ModTime: time.Unix(0, 0)}); err != nil {
			t.Fatal(err)
		}
		tw.Write(data)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// summary is what the archive tests compare: each advisory's ID, record
// and number of affected entries, and each error.
func summary(t testing.TB, seq func(func(*advisory.Advisory, error) bool)) []string {
	t.Helper()
	var out []string
	for a, err := range seq {
		if err != nil {
			out = append(out, "error: "+err.Error())
			continue
		}
		out = append(out, a.ID+" "+a.Source.Record+" "+strconv.Itoa(len(a.Affected)))
	}
	return out
}

// wantSummary is the archive's content: one advisory per document (each
// has one vulnerability or is an RHSA), with the entry counts of
// testdata/expected.json.
var wantSummary = []string{
	"CVE-2021-0084 2021/cve-2021-0084.json 8",
	"CVE-2022-38752 2022/cve-2022-38752.json 1811",
	"RHSA-2022:0011 2022/rhsa-2022-0011.json 3",
	"CVE-2023-38545 2023/cve-2023-38545.json 219",
	"CVE-2023-4154 2023/cve-2023-4154.json 159",
	"RHSA-2023:3821 2023/rhsa-2023_3821.json 45",
	"CVE-2024-22047 2024/cve-2024-22047.json 1",
	"CVE-2024-24786 2024/cve-2024-24786.json 1",
	"RHSA-2024:4546 2024/rhsa-2024_4546.json 3",
	"RHSA-2024:6163 2024/rhsa-2024_6163.json 1",
	"RHSA-2024:6220 2024/rhsa-2024_6220.json 76",
	"RHSA-2025:23414 2025/rhsa-2025_23414.json 4",
}

func TestParseArchive(t *testing.T) {
	ctx := context.Background()
	for _, zst := range []bool{true, false} {
		got := summary(t, redhat.Parse(ctx, bytes.NewReader(archive(t, zst))))
		if diff := cmp.Diff(wantSummary, got); diff != "" {
			t.Errorf("zstd %v (-want +got):\n%s", zst, diff)
		}
	}
	fsys := fstest.MapFS{}
	for n, f := range docs {
		data := testdata(t, f)
		fsys[n] = &fstest.MapFile{Data: data}
	}
	want := append(slices.Clone(wantSummary), "error: redhat: record 2024/not-a-document.json: not a CSAF document (no document.csaf_version)")
	fsys["2024/not-a-document.json"] = fsys["2024/not-a-document.txt"]
	got := summary(t, redhat.ParseFS(ctx, fsys))
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseFS (-want +got):\n%s", diff)
	}
	// A cut archive: what came before the cut, then the error, last.
	data := archive(t, true)
	got = summary(t, redhat.Parse(ctx, bytes.NewReader(data[:len(data)/2])))
	if len(got) < 2 || !bytes.HasPrefix([]byte(got[len(got)-1]), []byte("error: ")) {
		t.Errorf("cut archive: %q, want advisories then an error", got)
	}
}

// server serves a VEX directory: archive_latest.txt and the archive it
// names, with an ETag; cut makes the archive's body stop half way.
type server struct {
	name    string
	body    []byte
	latest  string
	cut     atomic.Bool
	fail    atomic.Bool
	archive atomic.Int32 // archive requests with a 200
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/vex/archive_latest.txt":
		if s.fail.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, s.latest)
	case "/vex/" + s.name:
		etag := `"` + strconv.Itoa(len(s.body)) + `"`
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Length", strconv.Itoa(len(s.body)))
		s.archive.Add(1)
		if s.cut.Load() {
			w.Write(s.body[:len(s.body)/2])
			return // the server closes a response shorter than its Content-Length
		}
		w.Write(s.body)
	default:
		http.NotFound(w, r)
	}
}

func TestFetch(t *testing.T) {
	ctx := context.Background()
	s := &server{name: "csaf_vex_2025-08-10.tar.zst", body: archive(t, true)}
	s.latest = s.name + "\n"
	ts := httptest.NewServer(s)
	defer ts.Close()
	feed := &redhat.Feed{BaseURL: ts.URL + "/vex/"}
	client := &fetch.Client{HTTP: ts.Client(), Attempts: 2, Backoff: time.Millisecond, Dir: t.TempDir()}
	if feed.Name() != "redhat-vex" || (&redhat.Feed{Advisories: true}).Location() != redhat.DefaultAdvisoriesURL {
		t.Errorf("Name %q", feed.Name())
	}

	// First fetch: the archive, which parses as the files do.
	rc, fp, err := feed.FetchWith(ctx, client, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := summary(t, feed.Parse(ctx, rc)); !cmp.Equal(wantSummary, got) {
		t.Errorf("fetched archive (-want +got):\n%s", cmp.Diff(wantSummary, got))
	}
	rc.Close()

	// Unchanged: 304.
	if rc, fp2, err := feed.FetchWith(ctx, client, fp); !errors.Is(err, advisory.ErrNotModified) || rc != nil || fp2 != fp {
		t.Errorf("second Fetch: %v, %v, %q; want ErrNotModified and the same fingerprint", rc, err, fp2)
	}

	// A new archive, cut short on every attempt: an error and no data.
	s.name, s.body = "csaf_vex_2025-08-17.tar.zst", archive(t, true)[:1000]
	s.latest = s.name
	s.cut.Store(true)
	before := s.archive.Load()
	if rc, _, err := feed.FetchWith(ctx, client, fp); err == nil || rc != nil || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("cut Fetch: %v, %v; want io.ErrUnexpectedEOF and no data", rc, err)
	}
	if n := s.archive.Load() - before; n != 2 {
		t.Errorf("cut archive requested %d times, want 2 (Attempts)", n)
	}

	// archive_latest.txt naming a path, and failing.
	s.cut.Store(false)
	for _, latest := range []string{"../../etc/passwd", "", "a/b.tar.zst"} {
		s.latest = latest
		if _, _, err := feed.FetchWith(ctx, client, fp); !errors.Is(err, redhat.ErrArchiveName) {
			t.Errorf("archive_latest.txt %q: %v, want ErrArchiveName", latest, err)
		}
	}
	s.fail.Store(true)
	if _, _, err := feed.FetchWith(ctx, client, fp); err == nil {
		t.Error("Fetch with archive_latest.txt failing: no error")
	}
}

// etagged serves body with an ETag derived from it, and 304 for it.
func etagged(w http.ResponseWriter, r *http.Request, body []byte) {
	etag := `"` + strconv.Itoa(len(body)) + "-" + strconv.Itoa(int(crc(body))) + `"`
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Write(body)
}

func crc(b []byte) uint32 {
	var h uint32 = 2166136261
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}

func TestFetchChanges(t *testing.T) {
	ctx := context.Background()
	simple, err := os.ReadFile("testdata/cve-2024-24786-simple.json")
	if err != nil {
		t.Fatal(err)
	}
	changedDoc := bytes.ReplaceAll(simple, []byte("1.29.0-3.1.el9"), []byte("1.29.0-4.el9"))
	arch := archive(t, true)
	changes := []byte(`"2024/cve-2024-24786.json","2025-08-11T10:00:00+00:00"
"2023/cve-2023-4154.json","2025-08-01T00:00:00+00:00"
`)
	deletions := []byte(`"2021/cve-2021-0084.json","2025-08-12T00:00:00+00:00"` + "\n")
	var archiveGets atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/vex/archive_latest.txt", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "csaf_vex_2025-08-10.tar.zst") })
	mux.HandleFunc("/vex/csaf_vex_2025-08-10.tar.zst", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == "" {
			archiveGets.Add(1)
		}
		etagged(w, r, arch)
	})
	mux.HandleFunc("/vex/changes.csv", func(w http.ResponseWriter, r *http.Request) { etagged(w, r, changes) })
	mux.HandleFunc("/vex/deletions.csv", func(w http.ResponseWriter, r *http.Request) { etagged(w, r, deletions) })
	mux.HandleFunc("/vex/2024/cve-2024-24786.json", func(w http.ResponseWriter, r *http.Request) { etagged(w, r, changedDoc) })
	ts := httptest.NewServer(mux)
	defer ts.Close()
	dir := t.TempDir()
	feed := &redhat.Feed{BaseURL: ts.URL + "/vex/", Changes: true}
	client := &fetch.Client{HTTP: ts.Client(), Attempts: 1, Dir: dir}

	rc, fp, err := feed.FetchWith(ctx, client, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var cri []advisory.Affected
	for a, err := range feed.Parse(ctx, rc) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, a.ID+" "+a.Source.Record+" "+strconv.Itoa(len(a.Affected)))
		if a.ID == "CVE-2024-24786" {
			cri = a.Affected
		}
	}
	rc.Close()
	// The changed document first, then the archive less it and the
	// deleted one; the change before the archive's date is not fetched.
	want := []string{"CVE-2024-24786 2024/cve-2024-24786.json 1"}
	for _, s := range wantSummary {
		if !strings.HasPrefix(s, "CVE-2024-24786 ") && !strings.HasPrefix(s, "CVE-2021-0084 ") {
			want = append(want, s)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if len(cri) != 1 || cri[0].Fixed()[0] != "1.29.0-4.el9" {
		t.Errorf("changed document's entries: %+v, want fixed 1.29.0-4.el9", cri)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("temporary files left: %v", entries)
	}

	// Nothing changed: not modified.
	if _, fp2, err := feed.FetchWith(ctx, client, fp); !errors.Is(err, advisory.ErrNotModified) || fp2 != fp {
		t.Errorf("second Fetch: %v, %q; want ErrNotModified and the same fingerprint", err, fp2)
	}
	// changes.csv changed, the archive not: the archive is fetched again
	// in full, since the data must be whole.
	changes = append(changes, []byte(`"2024/cve-2024-24786.json","2025-08-13T10:00:00+00:00"`+"\n")...)
	before := archiveGets.Load()
	rc, fp3, err := feed.FetchWith(ctx, client, fp)
	if err != nil {
		t.Fatal(err)
	}
	rc.Close()
	if fp3 == fp || archiveGets.Load() != before+1 {
		t.Errorf("after a change: fingerprint changed %v, unconditional archive requests %d (want 1)", fp3 != fp, archiveGets.Load()-before)
	}
	// A changes.csv row that is not a document path fails the fetch.
	changes = []byte(`"../etc/passwd.json","2025-08-13T10:00:00+00:00"` + "\n")
	if _, _, err := feed.FetchWith(ctx, client, ""); err == nil || !strings.Contains(err.Error(), "not a document path") {
		t.Errorf("bad changes.csv: %v", err)
	}
}
