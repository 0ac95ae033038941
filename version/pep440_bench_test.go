package version

import "testing"

// BenchmarkComparePEP440 compares realistic PyPI version pairs.
func BenchmarkComparePEP440(b *testing.B) {
	pairs := [][2]string{
		{"2.31.0", "2.32.3"},
		{"1.26.18", "1.26.18"},
		{"4.0.0rc1", "4.0.0"},
		{"2.0.0.post1", "2.0.0"},
		{"1!1.0.dev3", "1!1.0a1"},
		{"0.9.8+ubuntu1.2", "0.9.8+ubuntu1.10"},
		{"23.1.2", "23.1"},
		{"1.0.0b3.dev12", "1.0.0b3"},
	}
	benchCompare(b, pep440Scheme{}, pairs)
}
