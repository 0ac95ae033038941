package dbimage_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"

	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/advisory/dbimage"
	"github.com/loadline/loadline/advisory/osv"
)

// Push a database built from a few OSV records to a registry (here
// go-containerregistry's in-process one, on 127.0.0.1), then pull it
// into another directory, twice.
func Example() {
	ctx := context.Background()
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	ref := strings.TrimPrefix(srv.URL, "http://") + "/security/advisories:latest"

	built, _ := os.MkdirTemp("", "built")
	defer os.RemoveAll(built)
	src := filepath.Join(built, "advisories.db")
	f, _ := os.Open("testdata/go-first30.zip")
	defer f.Close()
	when := time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC)
	if _, err := boltstore.Write(ctx, src, osv.Parse(ctx, f), &boltstore.WriteOptions{Built: when}); err != nil {
		log.Fatal(err)
	}
	pushed, err := dbimage.Push(ctx, ref, src, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("pushed", pushed.Status.Records, "records")

	scanner, _ := os.MkdirTemp("", "scanner")
	defer os.RemoveAll(scanner)
	for range 2 {
		res, err := dbimage.Pull(ctx, ref, filepath.Join(scanner, "advisories.db"), nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("pulled", res.Status.Records, "records, built", res.Status.Built.Format(time.DateOnly), "not modified:", res.NotModified, "same digest:", res.Digest == pushed.Digest)
	}
	// Output:
	// pushed 30 records
	// pulled 30 records, built 2026-11-01 not modified: false same digest: true
	// pulled 30 records, built 2026-11-01 not modified: true same digest: true
}
