package oval_test

import (
	"bytes"
	"compress/bzip2"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/loadline/loadline/advisory/oval"
)

// FuzzParse feeds arbitrary bytes to Parse: it must never panic, and
// every advisory must have an ID.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.bz2")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		plain, err := io.ReadAll(bzip2.NewReader(bytes.NewReader(data)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(plain[:min(len(plain), 4<<10)]) // small: the engine minimizes what it finds, and time grows with the input
	}
	f.Add([]byte(synthetic))
	f.Fuzz(func(t *testing.T, data []byte) {
		for a, err := range oval.Parse(context.Background(), bytes.NewReader(data)) {
			if err == nil && a.ID == "" {
				t.Fatalf("an advisory without an ID: %+v", a)
			}
		}
	})
}
