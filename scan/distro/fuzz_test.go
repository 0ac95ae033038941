package distro

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// seeds returns the contents of every file in testdata.
func seeds(f *testing.F) [][]byte {
	var out [][]byte
	err := filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || d.Name() == "PROVENANCE.md" {
			return err
		}
		data, err := os.ReadFile(p)
		out = append(out, data)
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	return out
}

func FuzzParseOSRelease(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseOSRelease(bytes.NewReader(data))
		if err == nil && m == nil {
			t.Fatal("nil map with nil error")
		}
		for k := range m {
			if !validKey(k) {
				t.Fatalf("bad key %q returned", k)
			}
		}
	})
}

// FuzzDetect puts the fuzzed content at every source path in turn, and
// as a link target, and checks Detect's results are sane.
func FuzzDetect(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		s := sources[int(which)%len(sources)]
		for _, fsys := range []fstest.MapFS{
			{s.path: file(string(data))},
			{s.path: link(string(data)), "usr/lib/os-release": file("ID=linked\n")},
		} {
			d, err := Detect(fsys)
			if d == nil {
				continue
			}
			if d.ID == "" || d.ID != strings.ToLower(d.ID) {
				t.Fatalf("ID %q (err %v)", d.ID, err)
			}
			for _, l := range d.IDLike {
				if l == "" || strings.ContainsAny(l, " \t\n") {
					t.Fatalf("IDLike %q", d.IDLike)
				}
			}
		}
	})
}
