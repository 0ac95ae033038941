package spdx

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzDecode checks that Decode never panics and that whatever it reads
// survives Encode and a second Decode unchanged, in the input's format.
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
		opts := fixed
		if !bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n\ufeff"), []byte("{")) {
			opts.Format = TagValue
		}
		var buf bytes.Buffer
		if err := Encode(&buf, first, opts); err != nil {
			t.Fatalf("Encode of a decoded document: %v", err)
		}
		second, err := Decode(&buf)
		if err != nil {
			t.Fatalf("Decode of our own encoding: %v\n%s", err, buf.String())
		}
		if diff := cmp.Diff(first, second); diff != "" {
			t.Errorf("decode -> encode -> decode (-first +second):\n%s", diff)
		}
	})
}
