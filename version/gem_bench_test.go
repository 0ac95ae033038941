package version

import "testing"

// gemBenchCompare times Compare over a few realistic pairs.
func gemBenchCompare(b *testing.B, s Scheme, pairs [][2]string) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p := pairs[i%len(pairs)]
		if _, err := s.Compare(p[0], p[1]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompareGem(b *testing.B) {
	gemBenchCompare(b, gemScheme{}, [][2]string{{"1.2.3", "1.2.4"}, {"1.0.0-rc.1", "1.0.0"}, {"3.2.22.5", "3.2.22.5"}, {"2.0.0.pre.1", "2.0.0.beta"}})
}
