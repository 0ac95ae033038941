package version

import (
	"path/filepath"
	"testing"
)

func BenchmarkCompareAPK(b *testing.B) {
	benchCompare(b, apkScheme{}, benchPairs(b, filepath.Join("testdata", "apk", "apk-tools-version.tsv"), filepath.Join("testdata", "apk", "compare.tsv")))
}
