package csaf

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReader feeds arbitrary bytes to the reader: it must never panic,
// and must end (io.EOF or a fatal error) after finitely many records.
func FuzzReader(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"vulnerabilities":[{"cve":1}],"product_tree":{"relationships":[{"full_product_name":{"product_id":"x"},"product_reference":"x","relates_to_product_reference":"x"}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(context.Background(), bytes.NewReader(data))
		if err != nil {
			return
		}
		for range len(data) + 1 {
			if _, err := r.Next(); err != nil {
				if _, ok := err.(*RecordError); !ok {
					return
				}
			}
		}
		t.Fatal("Next did not end")
	})
}
