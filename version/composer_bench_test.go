package version

import "testing"

func BenchmarkCompareComposer(b *testing.B) {
	benchCompare(b, composerScheme{}, [][2]string{{"1.2.3", "1.2.4"}, {"v1.0.0-RC1", "1.0.0"}, {"2.4.1.2", "2.4.1.2"}, {"1.0.0-beta2", "1.0.0-alpha3"}})
}
