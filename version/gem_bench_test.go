package version

import "testing"

func BenchmarkCompareGem(b *testing.B) {
	s := gemScheme{}
	pairs := [][2]string{{"1.2.3", "1.2.4"}, {"1.0.0-rc.1", "1.0.0"}, {"3.2.22.5", "3.2.22.5"}, {"2.0.0.pre.1", "2.0.0.beta"}}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p := pairs[i%len(pairs)]
		if _, err := s.Compare(p[0], p[1]); err != nil {
			b.Fatal(err)
		}
	}
}
