package python

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

func FuzzMetadata(f *testing.F) {
	files, err := filepath.Glob("testdata/metadata/*")
	if err != nil || len(files) == 0 {
		f.Fatal("no seeds", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("Name: a\n b\nVersion: 1\nbad\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseMetadata(b)
		if (m.name == "") != (m.version == "") {
			t.Fatalf("name %q, version %q", m.name, m.version)
		}
		if m.name != "" && (!validName(m.name) || strings.ContainsAny(m.version, " \t\n")) {
			t.Fatalf("bad name %q or version %q", m.name, m.version)
		}
		if err == nil && m.name == "" {
			t.Fatal("no name and no error")
		}
		_ = m.licenses()
	})
}

func FuzzRequirements(f *testing.F) {
	files, err := filepath.Glob("testdata/lock/*/*.txt")
	if err != nil || len(files) == 0 {
		f.Fatal("no seeds", err)
	}
	for _, name := range append(files, "testdata/lock/include/base.in") {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		es, _ := parseRequirements(b)
		for _, e := range es {
			if !validName(e.name) || e.version == "" || strings.ContainsAny(e.version, " \t\n*,;") {
				t.Fatalf("bad entry %+v", e)
			}
		}
	})
}

// FuzzLockfile feeds each lockfile format through Lockfile.Catalog.
func FuzzLockfile(f *testing.F) {
	names := []string{"poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock", "pylock.toml", "requirements.txt"}
	seeds := map[string]string{
		"poetry-v1/poetry.lock":         "poetry.lock",
		"poetry-v2/poetry.lock":         "poetry.lock",
		"pipenv/Pipfile.lock":           "Pipfile.lock",
		"uv/uv.lock":                    "uv.lock",
		"pdm/pdm.lock":                  "pdm.lock",
		"pylock/pylock.toml":            "pylock.toml",
		"pylock-groups/pylock.dev.toml": "pylock.toml",
		"include/requirements.txt":      "requirements.txt",
	}
	for file, name := range seeds {
		b, err := os.ReadFile(filepath.Join("testdata/lock", filepath.FromSlash(file)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(slices.Index(names, name)), b)
	}
	f.Fuzz(func(t *testing.T, which uint8, b []byte) {
		name := names[int(which)%len(names)]
		fsys := fstest.MapFS{"src/" + name: {Data: b}, "src/base.in": {Data: b}}
		pkgs, err := (&Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: path.Join("/src", name), FS: fsys})
		if err != nil && !strings.HasPrefix(err.Error(), "python: /src/"+name+": ") {
			t.Fatalf("error does not name the file: %v", err)
		}
		if !slices.IsSortedFunc(pkgs, sbom.ComparePackages) {
			t.Fatal("not sorted")
		}
		for _, p := range pkgs {
			if p.Name != normalize(p.Name) || p.Version == "" || p.Type != "pypi" {
				t.Fatalf("bad package %+v", p)
			}
		}
	})
}
