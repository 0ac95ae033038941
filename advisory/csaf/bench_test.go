package csaf

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"testing"
)

// BenchmarkReader reads the largest real document in testdata (Red Hat's
// VEX for CVE-2022-38752, 2.9 MB, 4,024 products).
func BenchmarkReader(b *testing.B) {
	data := testdata(b, "cve-2022-38752.json")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := NewReader(context.Background(), bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := r.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkWholeDocument is the baseline the reader is measured against:
// the same document unmarshalled whole into generic values, as a reader
// built on whole-document types does.
func BenchmarkWholeDocument(b *testing.B) {
	data := testdata(b, "cve-2022-38752.json")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := json.NewDecoder(bytes.NewReader(data)).Decode(&v); err != nil {
			b.Fatal(err)
		}
	}
}
