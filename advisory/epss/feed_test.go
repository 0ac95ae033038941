package epss_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/epss"
	"github.com/loadline/loadline/advisory/fetch"
)

// TestFeed fetches the gzip-compressed file from a local server, reads
// it into exploitation records, and fetches it again unchanged.
func TestFeed(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata")))
	defer srv.Close()
	f := &epss.Feed{URL: srv.URL + "/claircore-epss-sample.csv.gz"}
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
	if len(got) != 29 {
		t.Errorf("%d records, want 29", len(got))
	}
	want := advisory.Exploitation{EPSS: &advisory.EPSS{Score: 0.91963, Percentile: 0.9903, Date: time.Date(2024, 10, 25, 0, 0, 0, 0, time.UTC)}}
	if diff := cmp.Diff(want, got["CVE-1999-0005"]); diff != "" {
		t.Errorf("CVE-1999-0005 (-want +got):\n%s", diff)
	}
	if _, _, err := f.FetchWith(ctx, c, fp); !errors.Is(err, advisory.ErrNotModified) {
		t.Errorf("second fetch: %v, want ErrNotModified", err)
	}
	if _, err := f.ParseExploitation(ctx, errReader{}); err == nil {
		t.Error("a failing read parsed")
	}
	if f := new(epss.Feed); f.Name() != "epss" || f.Location() != epss.DefaultURL {
		t.Errorf("zero Feed: %s at %s", f.Name(), f.Location())
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("cut") }
