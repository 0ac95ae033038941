package csaf

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"testing"
)

// BenchmarkReader reads the largest real document in testdata (Red Hat's
// VEX for CVE-2022-38752, 2.9 MB, 4,024 products).
func BenchmarkReader(b *testing.B) {
	fi, err := os.Stat("testdata/cve-2022-38752.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open("testdata/cve-2022-38752.json")
		if err != nil {
			b.Fatal(err)
		}
		r, err := NewReader(context.Background(), f)
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
		f.Close()
	}
}

// BenchmarkWholeDocument is the baseline the reader is measured against:
// the same document unmarshalled whole into generic values, as a reader
// built on whole-document types does.
func BenchmarkWholeDocument(b *testing.B) {
	data, err := os.ReadFile("testdata/cve-2022-38752.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open("testdata/cve-2022-38752.json")
		if err != nil {
			b.Fatal(err)
		}
		var v any
		if err := json.NewDecoder(f).Decode(&v); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
