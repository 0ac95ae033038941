package boltstore_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/version"
)

func Example() {
	dir, err := os.MkdirTemp("", "boltstore-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "advisories.db")
	ctx := context.Background()

	advs := []*advisory.Advisory{{
		ID:      "GHSA-m2qf-hxjv-5gpq",
		Aliases: []string{"CVE-2023-30861"},
		Affected: []advisory.Affected{{Ecosystem: "pypi", Package: "Flask", Ranges: []version.Range{{
			Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: "2.2.5"}},
		}}}},
		Source: advisory.Provenance{Feed: "osv"},
	}}
	st, err := boltstore.Write(ctx, path, func(yield func(*advisory.Advisory, error) bool) {
		for _, a := range advs {
			if !yield(a, nil) {
				return
			}
		}
	}, &boltstore.WriteOptions{
		Feeds: []boltstore.Feed{{Name: "osv", Fingerprint: `"etag"`, Fetched: time.Now()}},
		EPSS:  map[string]advisory.EPSS{"CVE-2023-30861": {Score: 0.00262, Percentile: 0.66, Date: time.Date(2024, 10, 25, 0, 0, 0, 0, time.UTC)}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("written:", st.Written)

	s, err := boltstore.Open(ctx, path, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	ans, err := s.Lookup(ctx, advisory.Query{Ecosystem: "pypi", Package: "flask"})
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range ans.Advisories {
		fmt.Println(a.ID, a.Affected[0].Fixed(), ans.Covered)
	}
	byAlias, err := s.ByID(ctx, "CVE-2023-30861")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("by alias:", byAlias[0].ID)
	x, err := s.Exploitation(ctx, byAlias[0].CVE())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("EPSS:", x.EPSS.Score, "KEV:", x.KEV != nil)
	status, err := s.Status(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range status.Feeds {
		fmt.Println("feed:", f.Name, f.Fingerprint, f.Records)
	}
	// A week on, the feed fetched today is stale at a one-day limit; so
	// is the EPSS data, imported with no fetch time, by the build time.
	for _, f := range status.Stale(time.Now().Add(7*24*time.Hour), 24*time.Hour) {
		fmt.Println("stale:", f.Name)
	}
	// Output:
	// written: 1
	// GHSA-m2qf-hxjv-5gpq [2.2.5] true
	// by alias: GHSA-m2qf-hxjv-5gpq
	// EPSS: 0.00262 KEV: false
	// feed: epss  1
	// feed: osv "etag" 1
	// stale: epss
	// stale: osv
}
