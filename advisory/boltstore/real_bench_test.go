package boltstore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/advisory/osv"
)

// realArchives are the osv.dev archives in the shared data directory
// (not copied into testdata: 20 MB); benchmarks skip when it is absent.
var realArchives = []string{
	"go-vulndb/all.zip",
	"rustsec-osv/all.zip",
	"almalinux-osv/advisories.zip",
	"bitnami-osv/data.zip",
	"pypa-advisory-db/vulns.zip",
}

// realAdvisories yields the advisories of realArchives, skipping the
// malformed ones.
func realAdvisories(b *testing.B) func(yield func(*advisory.Advisory, error) bool) {
	const full = "/work/shared/data/feeds-full"
	if _, err := os.Stat(full); err != nil {
		b.Skip(err)
	}
	return func(yield func(*advisory.Advisory, error) bool) {
		for _, name := range realArchives {
			f, err := os.Open(filepath.Join(full, name))
			if err != nil {
				b.Fatal(err)
			}
			for a, err := range osv.Parse(context.Background(), f) {
				if err != nil {
					continue
				}
				if !yield(a, nil) {
					f.Close()
					return
				}
			}
			f.Close()
		}
	}
}

// BenchmarkLookupReal builds a database of the real OSV archives (about
// 20,000 advisories) and asks for every package they affect, as
// BenchmarkLookup does for the synthetic set: "cold" once per Open,
// "warm" over 1,000 packages asked before.
func BenchmarkLookupReal(b *testing.B) {
	path := filepath.Join(b.TempDir(), "real.db")
	seen := map[advisory.Query]bool{}
	var qs []advisory.Query
	records, entries := 0, 0
	advs := func(yield func(*advisory.Advisory, error) bool) {
		for a := range realAdvisories(b) {
			records++
			mine := map[advisory.Query]bool{}
			for _, af := range a.Affected {
				q := advisory.Query{Ecosystem: af.Ecosystem, Release: af.Release, Package: af.Package}
				mine[q] = true
				if !seen[q] {
					seen[q] = true
					qs = append(qs, q)
				}
			}
			entries += len(mine)
			if !yield(a, nil) {
				return
			}
		}
	}
	st, err := boltstore.Write(context.Background(), path, advs, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d advisories, %d packages, %.2f packages per advisory, %d bytes", records, len(qs), float64(entries)/float64(records), st.Bytes)
	shuffle(qs)
	lookupBench(b, path, qs)
}
