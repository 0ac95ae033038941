package debian

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
)

// TestFetch runs both feeds against a loopback server serving real
// files: the export with an ETag, the DSA list with Last-Modified (as
// http.ServeContent answers). Each is fetched and parsed (200), fetched
// again with the fingerprint (304: ErrNotModified, no data), and fetched
// while the server cuts the body mid-way (an error, no data).
func TestFetch(t *testing.T) {
	export, err := os.ReadFile("testdata/tracker-json-subset.vunnel.json")
	if err != nil {
		t.Fatal(err)
	}
	list, err := os.ReadFile("testdata/DSA-list-subset.vunnel.txt")
	if err != nil {
		t.Fatal(err)
	}
	modified := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	var cut atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := map[string][]byte{"/tracker/data/json": export, "/data/DSA/list": list}[r.URL.Path]
		switch {
		case body == nil:
			http.NotFound(w, r)
		case cut.Load():
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.Write(body[:len(body)/2])
		case r.URL.Path == "/data/DSA/list":
			http.ServeContent(w, r, "list", modified, bytes.NewReader(body))
		case r.Header.Get("If-None-Match") == `"e1"`:
			w.WriteHeader(http.StatusNotModified)
		default:
			w.Header().Set("ETag", `"e1"`)
			w.Write(body)
		}
	}))
	defer srv.Close()
	client := &fetch.Client{Attempts: 2, Backoff: time.Millisecond}
	tests := []struct {
		feed interface {
			advisory.Feed
			FetchWith(context.Context, *fetch.Client, advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error)
		}
		want int // advisories: trackercounts.tsv, listcounts.tsv
	}{
		{&Tracker{URL: srv.URL + "/tracker/data/json"}, 6},
		{&List{URL: srv.URL + "/data/DSA/list"}, 7},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.feed.Name(), func(t *testing.T) {
			cut.Store(false)
			rc, fp, err := tt.feed.FetchWith(ctx, client, "")
			if err != nil {
				t.Fatal(err)
			}
			p := run(t, tt.feed.Parse(ctx, rc))
			rc.Close()
			if len(p.advs) != tt.want || len(p.errors) != 0 {
				t.Errorf("%d advisories, errors %v; want %d and none", len(p.advs), p.errors, tt.want)
			}

			rc, fp2, err := tt.feed.Fetch(ctx, fp) // a zero Client: a 304 needs no retry
			if !errors.Is(err, advisory.ErrNotModified) || rc != nil || fp2 != fp {
				t.Errorf("second fetch: %v, %q, %v; want nil, %q, ErrNotModified", rc, fp2, err, fp)
			}

			cut.Store(true)
			rc, _, err = tt.feed.FetchWith(ctx, client, "")
			if rc != nil || !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("cut body: %v, %v; want nil and an error wrapping io.ErrUnexpectedEOF", rc, err)
			}
		})
	}
}
