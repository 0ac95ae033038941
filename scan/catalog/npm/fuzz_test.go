package npm

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// seed adds the testdata files matching pattern to f's corpus.
func seed(f *testing.F, pattern string) {
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) == 0 {
		f.Fatalf("no seeds for %s: %v", pattern, err)
	}
	for _, p := range m {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzInstalled(f *testing.F) {
	err := filepath.WalkDir("testdata/installed", func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "package.json" {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			f.Add(data)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	const path = "/app/node_modules/x/package.json"
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{path[1:]: {Data: data}}
		pkgs, err := (&Installed{}).Catalog(context.Background(), &catalog.Input{Path: path, FS: fsys})
		if len(pkgs) > 1 || (len(pkgs) == 1 && err != nil) {
			t.Fatalf("Catalog = %d packages, %v", len(pkgs), err)
		}
		checkPackages(t, pkgs, path)
		// The path rule, on the fuzzed bytes as a path.
		if p := string(data); (&Installed{}).Wants(p) && !strings.HasSuffix(p, "/package.json") {
			t.Fatalf("Wants(%q)", p)
		}
	})
}

func FuzzPackageLock(f *testing.F) {
	seed(f, "testdata/*.json")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLock(t, "package-lock.json", data) })
}

func FuzzYarnLock(f *testing.F) {
	seed(f, "testdata/*.lock")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLock(t, "yarn.lock", data) })
}

func FuzzPnpmLock(f *testing.F) {
	seed(f, "testdata/*.yaml")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLock(t, "pnpm-lock.yaml", data) })
}

func fuzzLock(t *testing.T, name string, data []byte) {
	fsys := fstest.MapFS{name: {Data: data}}
	pkgs, _ := (&Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/" + name, FS: fsys})
	checkPackages(t, pkgs, "/"+name)
}

// checkPackages checks what holds of any Catalog output: sorted, each
// package named, versioned, with the one evidence path, once, and
// depending only on packages of the same output.
func checkPackages(t *testing.T, pkgs []sbom.Package, path string) {
	t.Helper()
	if !slices.IsSortedFunc(pkgs, sbom.ComparePackages) {
		t.Fatal("packages not sorted")
	}
	purls := map[string]bool{}
	for _, p := range pkgs {
		if p.Type != "npm" || p.Name == "" || p.Version == "" || !slices.Equal(p.Evidence, []string{path}) {
			t.Fatalf("bad package %+v", p)
		}
		u := sbom.PackageURL(p, nil)
		if purls[u] {
			t.Fatalf("%s twice", u)
		}
		purls[u] = true
	}
	for _, p := range pkgs {
		for _, d := range p.DependsOn {
			if !purls[d] {
				t.Fatalf("%s depends on %s, not in the output", p.Name, d)
			}
		}
	}
}
