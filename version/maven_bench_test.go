package version

import "testing"

// BenchmarkCompareMaven compares realistic Maven versions: numeric,
// qualified (RELEASE, SNAPSHOT, rc) and mixed.
func BenchmarkCompareMaven(b *testing.B) {
	benchCompare(b, mavenScheme{}, [][2]string{
		{"2.13.4.2", "2.13.4"},
		{"5.3.20.RELEASE", "5.3.20"},
		{"1.0-SNAPSHOT", "1.0-rc-1"},
		{"31.1-jre", "31.1-android"},
		{"9.4.48.v20220622", "9.4.50.v20221201"},
	})
}

// BenchmarkCompareNuGet compares realistic NuGet versions.
func BenchmarkCompareNuGet(b *testing.B) {
	benchCompare(b, nugetScheme{}, [][2]string{
		{"13.0.1", "13.0.3"},
		{"6.0.0-preview.7.21377.19", "6.0.0-rc.1.21451.13"},
		{"4.3.0.0", "4.3"},
		{"1.0.0-beta.2+build.5", "1.0.0-beta.10"},
	})
}
