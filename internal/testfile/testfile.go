// Package testfile reads test data files, for tests only: a file over the
// repository's 2 MiB limit is committed gzip-compressed as name.gz and
// read back as if it were name.
package testfile

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"os"
	"testing"
)

// Read returns the content of the file at path, or, when only path+".gz"
// exists, that file's content uncompressed. It fails t on any error.
func Read(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		var z []byte
		if z, err = os.ReadFile(path + ".gz"); err == nil {
			var zr *gzip.Reader
			if zr, err = gzip.NewReader(bytes.NewReader(z)); err == nil {
				data, err = io.ReadAll(zr)
			}
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	return data
}
