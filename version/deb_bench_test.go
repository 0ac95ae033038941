package version

import (
	"path/filepath"
	"testing"
)

// benchPairs loads the pairs of vector files for a benchmark.
func benchPairs(b *testing.B, paths ...string) [][2]string {
	var ps [][2]string
	for _, p := range paths {
		for _, v := range readVectors(b, p, plain) {
			ps = append(ps, [2]string{v.a, v.b})
		}
	}
	return ps
}

// runCompareBench compares the pairs in turn; pairs the scheme rejects
// are dropped first.
func runCompareBench(b *testing.B, s Scheme, all [][2]string) {
	var ps [][2]string
	for _, p := range all {
		if _, err := s.Compare(p[0], p[1]); err == nil {
			ps = append(ps, p)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := ps[i%len(ps)]
		if _, err := s.Compare(p[0], p[1]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompareDeb(b *testing.B) {
	runCompareBench(b, debScheme{}, benchPairs(b, filepath.Join("testdata", "deb", "dpkg-realworld-oracle.tsv")))
}
