package version

import (
	"path/filepath"
	"testing"
)

func BenchmarkCompareDeb(b *testing.B) {
	benchCompare(b, debScheme{}, benchPairs(b, filepath.Join("testdata", "deb", "dpkg-realworld-oracle.tsv")))
}
