package debian

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/loadline/loadline/advisory"
)

// seed adds the testdata files matching pattern to f's corpus.
func seed(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("testdata", pattern))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// check fails unless every result is an advisory or an error, and every
// advisory has an ID and well-formed Affected entries.
func check(t *testing.T, feed advisory.Feed, b []byte) {
	for a, err := range feed.Parse(context.Background(), bytes.NewReader(b)) {
		if (a == nil) == (err == nil) {
			t.Fatalf("got %v, %v", a, err)
		}
		if a == nil {
			continue
		}
		if a.ID == "" || len(a.Affected) == 0 {
			t.Fatalf("advisory %+v", a)
		}
		for _, af := range a.Affected {
			if af.Package == "" || af.Release.Distro != "debian" || af.Status == "" {
				t.Fatalf("affected %+v", af)
			}
		}
	}
}

func FuzzTracker(f *testing.F) {
	seed(f, "tracker-*.json")
	f.Fuzz(func(t *testing.T, b []byte) { check(t, &Tracker{}, b) })
}

func FuzzList(f *testing.F) {
	seed(f, "*.txt")
	f.Fuzz(func(t *testing.T, b []byte) { check(t, &List{}, b) })
}

func FuzzDistributions(f *testing.F) {
	seed(f, "distributions.json")
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, err := ParseDistributions(bytes.NewReader(b))
		if err == nil {
			(&Tracker{Distributions: ds}).Cover()
		}
	})
}
