package version

import "testing"

// npmBenchPairs are version pairs as npm lockfiles and advisories hold them.
var npmBenchPairs = [][2]string{
	{"4.17.21", "4.17.20"},
	{"1.2.3", "1.2.3"},
	{"7.5.4", "7.5.10"},
	{"0.27.2", "1.6.0"},
	{"18.2.0", "18.3.0-canary-7b3b6f25d-20240115"},
	{"5.0.0-beta.3", "5.0.0-beta.12"},
	{"3.4.1", "v3.4.1"},
	{"14.1.0+build.5", "14.1.0"},
}

func BenchmarkCompareNPM(b *testing.B) {
	benchCompare(b, npmScheme{}, npmBenchPairs)
}

func BenchmarkSatisfiesNPM(b *testing.B) {
	s := npmScheme{}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Satisfies("1.2.5", ">=1.2.3 <2.0.0 || ^3.0.0"); err != nil {
			b.Fatal(err)
		}
	}
}
