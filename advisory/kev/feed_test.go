package kev_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
	"github.com/loadline/loadline/advisory/kev"
)

// TestFeed fetches the catalog from a local server, reads it into
// exploitation records, and fetches it again unchanged.
func TestFeed(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata")))
	defer srv.Close()
	f := &kev.Feed{URL: srv.URL + "/kev-subset.json"}
	c := &fetch.Client{Dir: t.TempDir(), Backoff: time.Millisecond}
	ctx := context.Background()
	data, fp, err := f.FetchWith(ctx, c, "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.ParseExploitation(ctx, data)
	data.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 64 {
		t.Errorf("%d records, want 64", len(got))
	}
	want := advisory.Exploitation{KEV: &advisory.KEV{
		Added: time.Date(2025, 8, 25, 0, 0, 0, 0, time.UTC),
		Due:   time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC),
	}}
	if diff := cmp.Diff(want, got["CVE-2025-48384"]); diff != "" {
		t.Errorf("CVE-2025-48384 (-want +got):\n%s", diff)
	}
	if _, _, err := f.FetchWith(ctx, c, fp); !errors.Is(err, advisory.ErrNotModified) {
		t.Errorf("second fetch: %v, want ErrNotModified", err)
	}
	if _, _, err := (&kev.Feed{URL: srv.URL + "/none.json"}).FetchWith(ctx, c, ""); err == nil {
		t.Error("a missing catalog fetched")
	}
	if f := new(kev.Feed); f.Name() != "kev" || f.Location() != kev.DefaultURL {
		t.Errorf("zero Feed: %s at %s", f.Name(), f.Location())
	}
}
