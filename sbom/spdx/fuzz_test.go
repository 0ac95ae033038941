package spdx

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzDecode checks that Decode never panics and that whatever it reads
// survives Encode, in either format, and a second Decode unchanged.
func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob("testdata/real/*")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, format := range []Format{JSON, TagValue} {
		opts := fixed
		opts.Format = format
		f.Add(encode(f, full(), opts))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		first, err := Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, format := range []Format{JSON, TagValue} {
			opts := fixed
			opts.Format = format
			var buf bytes.Buffer
			if err := Encode(&buf, first, opts); err != nil {
				t.Fatalf("Encode (format %d) of a decoded document: %v", format, err)
			}
			second, err := Decode(&buf)
			if err != nil {
				t.Fatalf("Decode of our own encoding (format %d): %v\n%s", format, err, buf.String())
			}
			if diff := cmp.Diff(first, second); diff != "" {
				t.Errorf("decode -> encode (format %d) -> decode (-first +second):\n%s", format, diff)
			}
		}
	})
}
