package boltstore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/version"
)

// TestSpoolToFile writes a database whose spool outgrows memory (made
// small here) mid-way, so that records are read back from the file and
// detail parts appended to it: every advisory reads back whole by ID,
// and by package without its details.
func TestSpoolToFile(t *testing.T) {
	defer func(n int) { spoolMemory = n }(spoolMemory)
	spoolMemory = 4096
	var advs []*advisory.Advisory
	for i := range 300 {
		advs = append(advs, &advisory.Advisory{
			ID:      fmt.Sprintf("GHSA-%04d-aaaa-bbbb", i),
			Aliases: []string{fmt.Sprintf("CVE-2026-%d", 10000+i)},
			Details: strings.Repeat("details ", 1+i%40),
			Affected: []advisory.Affected{{Ecosystem: "npm", Package: fmt.Sprintf("pkg-%d", i%37),
				Ranges: []version.Range{{Type: version.RangeSemver, Events: []version.Event{{Introduced: "0"}, {Fixed: fmt.Sprintf("1.%d.0", i)}}}}}},
			References: []advisory.Reference{{Type: "WEB", URL: fmt.Sprintf("https://example.org/%d", i)}},
			Source:     advisory.Provenance{Feed: "osv", Record: fmt.Sprintf("GHSA-%04d.json", i)},
		})
	}
	path := filepath.Join(t.TempDir(), "advisories.db")
	ctx := context.Background()
	seq := func(yield func(*advisory.Advisory, error) bool) {
		for _, a := range advs {
			if !yield(a, nil) {
				return
			}
		}
	}
	if _, err := Write(ctx, path, seq, nil); err != nil {
		t.Fatal(err)
	}
	if es, _ := os.ReadDir(filepath.Dir(path)); len(es) != 1 {
		t.Errorf("%d files beside the database, want none", len(es)-1)
	}
	s, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, a := range advs {
		got, err := s.ByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]*advisory.Advisory{a}, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("ByID(%s) (-want +got):\n%s", a.ID, diff)
		}
	}
	ans, err := s.Lookup(ctx, advisory.Query{Ecosystem: "npm", Package: "pkg-0"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Advisories) != 9 { // 0, 37, ..., 296
		t.Fatalf("Lookup(pkg-0): %d advisories, want 9", len(ans.Advisories))
	}
	for _, a := range ans.Advisories {
		if a.Details != "" || a.References != nil {
			t.Errorf("Lookup gave %s with its details", a.ID)
		}
	}
}
