package nvd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
)

// api emulates the NVD CVE API 2.0 over a recorded page of 38 CVEs:
// paging by startIndex and resultsPerPage, over every CVE or, with
// lastModStartDate, over the first changed ones, and a page that fails
// when failAt is set.
type api struct {
	*httptest.Server
	mu      sync.Mutex
	cves    []json.RawMessage
	changed int // CVEs a lastModStartDate question finds
	failAt  int // startIndex that answers 500; -1 for none
	queries []url.Values
	keys    []string
}

func newAPI(t *testing.T) *api {
	b, err := os.ReadFile("testdata/vunnel-full-page-38-cves.json")
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Vulnerabilities []json.RawMessage `json:"vulnerabilities"`
	}
	if err := json.Unmarshal(b, &page); err != nil {
		t.Fatal(err)
	}
	a := &api{cves: page.Vulnerabilities, failAt: -1}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		defer a.mu.Unlock()
		q := r.URL.Query()
		a.queries = append(a.queries, q)
		a.keys = append(a.keys, r.Header.Get("apiKey"))
		cves := a.cves
		if q.Get("lastModStartDate") != "" {
			cves = cves[:a.changed]
		}
		start, _ := strconv.Atoi(q.Get("startIndex"))
		if start == a.failAt {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		size, _ := strconv.Atoi(q.Get("resultsPerPage"))
		end := min(start+size, len(cves))
		start = min(start, end)
		json.NewEncoder(w).Encode(map[string]any{"startIndex": start, "totalResults": len(cves), "vulnerabilities": cves[start:end]})
	}))
	t.Cleanup(a.Close)
	return a
}

func testClient(t *testing.T) *fetch.Client {
	dir := t.TempDir()
	t.Cleanup(func() {
		if es, _ := os.ReadDir(dir); len(es) != 0 {
			t.Errorf("%d temporary files left", len(es))
		}
	})
	return &fetch.Client{Dir: dir, Attempts: 2, Backoff: time.Millisecond}
}

// ids parses data and returns its CVE IDs.
func ids(t *testing.T, f *Feed, data interface{ Read([]byte) (int, error) }) []string {
	t.Helper()
	var out []string
	for a, err := range f.Parse(context.Background(), data) {
		if err != nil {
			var se *ScoreError
			if !errors.As(err, &se) {
				t.Error(err)
			}
			continue
		}
		out = append(out, a.ID)
	}
	return out
}

// TestFetchPages checks that FetchWith pages through every CVE with the
// API key and the interval, and yields them in the API's order, as one
// page of the whole file would.
func TestFetchPages(t *testing.T) {
	a := newAPI(t)
	f := &Feed{URL: a.URL, APIKey: "secret", Interval: 20 * time.Millisecond, PageSize: 10}
	c := testClient(t)
	var progress [][2]int64
	c.Progress = func(done, total int64) { progress = append(progress, [2]int64{done, total}) }
	start := time.Now()
	data, fp, err := f.FetchWith(context.Background(), c, "")
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 3*f.Interval {
		t.Errorf("4 requests in %v, under 3 intervals of %v", d, f.Interval)
	}
	got := ids(t, f, data)
	data.Close()
	whole, err := os.Open("testdata/vunnel-full-page-38-cves.json")
	if err != nil {
		t.Fatal(err)
	}
	defer whole.Close()
	if diff := cmp.Diff(ids(t, f, whole), got); diff != "" {
		t.Errorf("CVEs (-whole page +fetched):\n%s", diff)
	}
	if len(got) != 38 {
		t.Errorf("%d CVEs, want 38", len(got))
	}
	var starts []string
	for _, q := range a.queries {
		starts = append(starts, q.Get("startIndex")+"/"+q.Get("resultsPerPage"))
	}
	if diff := cmp.Diff([]string{"0/10", "10/10", "20/10", "30/10"}, starts); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"secret", "secret", "secret", "secret"}, a.keys); diff != "" {
		t.Errorf("apiKey headers (-want +got):\n%s", diff)
	}
	if len(progress) != 4 || progress[3][0] != progress[3][1] || progress[0][1] <= progress[0][0] {
		t.Errorf("progress %v: want 4 calls, the total estimated from the first page, done == total at the end", progress)
	}
	if !strings.HasPrefix(string(fp), "cves=38&since=") {
		t.Errorf("fingerprint %q", fp)
	}
}

// TestFetchModifiedSince checks the question asked with an earlier
// fingerprint, and that what changed since is fetched alone, as a delta.
func TestFetchModifiedSince(t *testing.T) {
	recent := encodeFingerprint(time.Now().UTC().Add(-time.Hour), 38)
	old := encodeFingerprint(time.Now().UTC().Add(-200*24*time.Hour), 38)
	tests := []struct {
		name     string
		prev     advisory.Fingerprint
		changed  int
		requests []string // startIndex/resultsPerPage, "w" after it for a lastModified window
		cves     int      // fetched; -1 for ErrNotModified
		delta    bool
	}{
		{"nothing changed", recent, 0, []string{"/1w"}, -1, false},
		{"a CVE changed", recent, 1, []string{"/1w", "0/20w"}, 1, true},
		{"more than a page changed", recent, 25, []string{"/1w", "0/20w", "20/20w"}, 25, true},
		{"no fingerprint", "", 0, []string{"0/20", "20/20"}, 38, false},
		{"another fetcher's fingerprint", "etag=%22x%22", 0, []string{"0/20", "20/20"}, 38, false},
		{"older than the API's window", old, 0, []string{"0/20", "20/20"}, 38, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAPI(t)
			a.changed = tt.changed
			f := &Feed{URL: a.URL, Interval: time.Millisecond, PageSize: 20}
			data, fp, err := f.FetchWith(context.Background(), testClient(t), tt.prev)
			if tt.cves < 0 {
				if !errors.Is(err, advisory.ErrNotModified) || fp != tt.prev {
					t.Errorf("got %q, %v; want the previous fingerprint and ErrNotModified", fp, err)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				d, ok := data.(advisory.Delta)
				if got := ok && d.Delta(); got != tt.delta {
					t.Errorf("delta %v, want %v", got, tt.delta)
				}
				if got := ids(t, f, data); len(got) != tt.cves {
					t.Errorf("%d CVEs fetched, want %d", len(got), tt.cves)
				}
				data.Close()
				if want := fmt.Sprintf("cves=%d&since=", tt.cves); !strings.HasPrefix(string(fp), want) {
					t.Errorf("fingerprint %q, want it to start %q", fp, want)
				}
			}
			var got []string
			for _, q := range a.queries {
				r := q.Get("startIndex") + "/" + q.Get("resultsPerPage")
				if q.Get("lastModStartDate") != "" && q.Get("lastModEndDate") != "" {
					r += "w"
				}
				got = append(got, r)
			}
			if diff := cmp.Diff(tt.requests, got); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFetchPageFails checks that a page that keeps failing fails the
// fetch, leaving no file.
func TestFetchPageFails(t *testing.T) {
	a := newAPI(t)
	a.failAt = 20
	f := &Feed{URL: a.URL, Interval: time.Millisecond, PageSize: 10}
	data, _, err := f.FetchWith(context.Background(), testClient(t), "")
	if err == nil || !strings.Contains(err.Error(), "503") || data != nil {
		t.Errorf("got %v, %v; want no data and the 503", data, err)
	}
}

func FuzzDecodeFingerprint(f *testing.F) {
	f.Add(string(encodeFingerprint(time.Date(2026, 11, 23, 16, 0, 0, 0, time.UTC), 312345)))
	f.Add("since=2026-11-23T16%3A00%3A00.000%2B01%3A00")
	f.Add("etag=%22x%22&sha256=00")
	f.Fuzz(func(t *testing.T, s string) {
		since, ok := decodeFingerprint(advisory.Fingerprint(s))
		if !ok {
			return
		}
		again, ok := decodeFingerprint(encodeFingerprint(since, 1))
		if !ok || !again.Equal(since) {
			t.Errorf("%q: %v does not round-trip (%v, %v)", s, since, again, ok)
		}
	})
}
