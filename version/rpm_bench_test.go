package version

import (
	"path/filepath"
	"testing"
)

// BenchmarkCompareRPM compares real EVR pairs (go-rpmdb test databases and
// CBL-Mariner), one comparison per op.
func BenchmarkCompareRPM(b *testing.B) {
	benchCompare(b, rpmScheme{}, benchPairs(b, filepath.Join("testdata", "rpm", "rpm-evr-realworld-oracle.tsv")))
}
