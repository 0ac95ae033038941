package version

import "testing"

func BenchmarkCompareGem(b *testing.B) {
	benchCompare(b, gemScheme{}, [][2]string{{"1.2.3", "1.2.4"}, {"1.0.0-rc.1", "1.0.0"}, {"3.2.22.5", "3.2.22.5"}, {"2.0.0.pre.1", "2.0.0.beta"}})
}
