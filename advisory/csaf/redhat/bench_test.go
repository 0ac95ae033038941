package redhat_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/loadline/loadline/advisory/csaf/redhat"
)

// BenchmarkParseArchive parses the testdata documents packed as Red Hat
// packs them (tar.zst, 4.8 MB uncompressed, 12 documents giving 12
// advisories and 2,331 affected entries).
func BenchmarkParseArchive(b *testing.B) {
	data := archive(b, true)
	raw := archive(b, false)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for a, err := range redhat.Parse(context.Background(), bytes.NewReader(data)) {
			if err != nil {
				b.Fatal(err)
			}
			n += len(a.Affected)
		}
		if n != 2331 {
			b.Fatalf("%d entries", n)
		}
	}
}
