package csaf

import (
	"path/filepath"
	"testing"

	"github.com/loadline/loadline/internal/testfile"
)

// testdata returns the testdata file name (see internal/testfile: a
// document over 2 MiB is kept as name.gz).
func testdata(t testing.TB, name string) []byte {
	t.Helper()
	return testfile.Read(t, filepath.Join("testdata", name))
}
