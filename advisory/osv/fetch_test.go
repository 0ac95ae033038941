package osv_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
	"github.com/loadline/loadline/advisory/osv"
)

// TestFetch fetches an archive from a local server, parses it at random
// (the data is a file), and fetches it again unchanged.
func TestFetch(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata")))
	defer srv.Close()
	f := &osv.Feed{Ecosystem: "Go", URL: srv.URL + "/go-vulndb-first60.zip"}
	c := &fetch.Client{Dir: t.TempDir(), Backoff: time.Millisecond}
	ctx := context.Background()
	data, fp, err := f.FetchWith(ctx, c, "")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := range f.Parse(ctx, data) {
		if err != nil {
			t.Error(err)
		}
		n++
	}
	data.Close()
	if n != 60 {
		t.Errorf("%d records, want 60", n)
	}
	if _, _, err := f.FetchWith(ctx, c, fp); !errors.Is(err, advisory.ErrNotModified) {
		t.Errorf("second fetch: %v, want ErrNotModified", err)
	}
	if _, _, err := (&osv.Feed{Ecosystem: "Go", URL: srv.URL + "/none.zip"}).Fetch(ctx, ""); err == nil {
		t.Error("a missing archive fetched")
	}
}
