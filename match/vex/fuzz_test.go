package vex_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/loadline/loadline/match/vex"
)

// FuzzDecode feeds Decode every test document and mutations of them. It
// must not panic, and what it decodes must answer Lookup. (Encoding is
// left to TestRoundTrip: with Encode of the larger seeds in the body, the
// coverage-guided fuzzer manages only a few inputs a second here.)
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.json")
	xml, _ := filepath.Glob("testdata/*/*.xml")
	for _, p := range append(files, xml...) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(imageDoc))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := vex.Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		ix := vex.NewIndex(d)
		for _, s := range d.Statements {
			fd := vex.Finding{Vulnerability: s.Vulnerability, Aliases: s.Aliases}
			for _, p := range s.Products {
				fd.PURL = p.PURL
				fd.Products = append(fd.Products, p.ID)
				for _, sc := range p.Subcomponents {
					fd.PURL = sc.PURL
				}
			}
			ix.Lookup(fd)
		}
	})
}
