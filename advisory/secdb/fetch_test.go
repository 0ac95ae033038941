package secdb

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
)

// TestFetch runs a feed against a loopback server serving a real file:
// a first fetch (200 with an ETag) that parses, a second with the
// fingerprint (304: ErrNotModified, no data), and a body cut mid-way
// (an error, no data).
func TestFetch(t *testing.T) {
	body, err := os.ReadFile("testdata/wolfi-security.json")
	if err != nil {
		t.Fatal(err)
	}
	const etag = `"wolfi-1"`
	cut := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/os/security.json" {
			http.NotFound(w, r)
			return
		}
		if cut {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.Write(body[:len(body)/2])
			return // the server closes a connection whose body is short
		}
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Write(body)
	}))
	defer srv.Close()
	ctx := context.Background()
	f := &Feed{Distro: Wolfi, URL: srv.URL + "/os/security.json"}
	c := &fetch.Client{Attempts: 2, Backoff: time.Millisecond}

	rc, fp, err := f.FetchWith(ctx, c, "")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for a, err := range f.Parse(ctx, rc) {
		if err != nil {
			t.Fatal(err)
		}
		if a.Source.Feed != "wolfi" {
			t.Fatalf("Source.Feed = %q", a.Source.Feed)
		}
		n++
	}
	rc.Close()
	if n != 59 { // counts.tsv
		t.Errorf("%d advisories, want 59", n)
	}
	if fp == "" {
		t.Error("no fingerprint")
	}

	rc, fp2, err := f.Fetch(ctx, fp) // a zero Client: a 304 needs no retry
	if !errors.Is(err, advisory.ErrNotModified) || rc != nil || fp2 != fp {
		t.Errorf("second fetch: %v, %v, %v; want nil, the same fingerprint, ErrNotModified", rc, fp2, err)
	}

	cut = true
	rc, _, err = f.FetchWith(ctx, c, "")
	if err == nil || rc != nil || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("cut body: %v, %v; want nil and an error wrapping io.ErrUnexpectedEOF", rc, err)
	}
}

func TestFetchNoAddress(t *testing.T) {
	rc, _, err := (&Feed{}).Fetch(context.Background(), "")
	if err == nil || rc != nil {
		t.Errorf("got %v, %v; want an error", rc, err)
	}
}
