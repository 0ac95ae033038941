package update_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/advisory/osv"
	"github.com/loadline/loadline/advisory/update"
)

// Update fetches each feed with the fingerprint the database recorded:
// the second time, the unchanged archive is not downloaded again.
func Example() {
	// A local server standing in for osv.dev (it sends Last-Modified).
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata/mirror")))
	defer srv.Close()
	dir, err := os.MkdirTemp("", "update-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "advisories.db")
	ctx := context.Background()

	feeds := []update.Feed{&osv.Feed{Ecosystem: "PyPI", URL: srv.URL + "/osv/PyPI/all.zip"}}
	for range 2 {
		results, err := update.Update(ctx, db, feeds, nil)
		if err != nil {
			log.Fatal(err)
		}
		for _, r := range results {
			fmt.Println(r.Feed, r.Outcome, r.Records)
		}
	}

	// Offline: read local files as another feed's data.
	r, err := update.Import(ctx, db, &osv.Feed{Ecosystem: "Go"}, "testdata/go-first30.zip", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Feed, r.Outcome, r.Records)

	s, err := boltstore.Open(ctx, db, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	st, err := s.Status(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range st.Feeds {
		fmt.Println(f.Name, f.Records)
	}
	// Output:
	// osv-pypi updated 4
	// osv-pypi not modified 0
	// osv-go updated 30
	// osv-go 30
	// osv-pypi 4
}
