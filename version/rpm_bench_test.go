package version

import (
	"path/filepath"
	"testing"
)

// BenchmarkCompareRPM compares real EVR pairs (go-rpmdb test databases and
// CBL-Mariner), one comparison per op.
func BenchmarkCompareRPM(b *testing.B) {
	vs := readVectors(b, filepath.Join("testdata", "rpm", "rpm-evr-realworld-oracle.tsv"), plain)
	s := rpmScheme{}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := &vs[i%len(vs)]
		if r, err := s.Compare(v.a, v.b); err != nil || r != v.want {
			b.Fatalf("Compare(%q, %q) = %d, %v; want %d", v.a, v.b, r, err, v.want)
		}
	}
}
