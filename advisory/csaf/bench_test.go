package csaf

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"
)

// BenchmarkReader reads the largest real document in testdata (Red Hat's
// VEX for CVE-2022-38752, 2.9 MB, 4,024 products).
func BenchmarkReader(b *testing.B) {
	data, err := os.ReadFile("testdata/cve-2022-38752.json")
	if err != nil {
		b.Fatal(err)
	}
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
