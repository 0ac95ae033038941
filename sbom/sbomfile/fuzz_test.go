package sbomfile_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/sbom/sbomfile"
)

// FuzzDecode: no input panics; what decodes, encodes in the kind it came
// in and decodes again to the same kind and the same inventory (less the
// owned files, which Encode leaves out, as the encoders do by default).
// Seeded with testdata: the real SBOMs, the wrong documents, and the
// wrong inputs TestDecodeWrong names.
func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob("testdata/*/*.json")
	if err != nil {
		f.Fatal(err)
	}
	more, err := filepath.Glob("testdata/*.*")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range append(files, more...) {
		if filepath.Ext(name) == ".py" || filepath.Ext(name) == ".md" {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{"", "[]", "<!DOCTYPE html><html></html>", `{"spdxVersion": "SPDX-2.3"`, "SPDXVersion: SPDX-2.3\n"} {
		f.Add([]byte(s))
	}
	created := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		first, format, err := sbomfile.Decode(context.Background(), bytes.NewReader(data))
		if err != nil {
			return
		}
		for i := range first.Packages {
			first.Packages[i].Files = nil
		}
		var buf bytes.Buffer
		if err := sbomfile.Encode(&buf, first, format.Kind, sbomfile.Options{Created: created}); err != nil {
			t.Fatalf("Encode (%v) of a decoded document: %v", format.Kind, err)
		}
		second, again, err := sbomfile.Decode(context.Background(), &buf)
		if err != nil {
			t.Fatalf("Decode of our own %v: %v\n%s", format.Kind, err, buf.Bytes())
		}
		if again.Kind != format.Kind {
			t.Errorf("re-decoded as %v, written as %v", again, format.Kind)
		}
		if diff := cmp.Diff(first, second); diff != "" {
			t.Errorf("decode -> encode (%v) -> decode (-first +second):\n%s", format.Kind, diff)
		}
	})
}
