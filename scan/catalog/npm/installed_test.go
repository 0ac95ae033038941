package npm

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

func TestInstalledWantsFile(t *testing.T) {
	tests := []struct {
		path string
		mode fs.FileMode
		size int64
		want bool
	}{
		{"/app/node_modules/lodash/package.json", 0o644, 100, true},
		{"/app/node_modules/@babel/core/package.json", 0o644, 100, true},
		{"/app/node_modules/a/node_modules/b/package.json", 0o644, 100, true},
		{"/app/node_modules/@s/a/node_modules/@t/b/node_modules/c/package.json", 0o644, 100, true},
		{"/usr/lib/node_modules/npm/package.json", 0o644, 100, true},
		{"/usr/lib/node_modules/npm/node_modules/@npmcli/fs/package.json", 0o644, 100, true},
		{"/usr/local/lib/node_modules/corepack/package.json", 0o644, 100, true},
		{"node_modules/x/package.json", 0o644, 100, true}, // without the leading slash too
		// pnpm's virtual store
		{"/app/node_modules/.pnpm/ms@2.1.3/node_modules/ms/package.json", 0o644, 100, true},
		{"/app/node_modules/.pnpm/@babel+core@7.0.0/node_modules/@babel/core/package.json", 0o644, 100, true},
		{"/app/node_modules/.pnpm/a@1.0.0/node_modules/a/node_modules/b/package.json", 0o644, 100, true},
		// a test fixture, a module-type marker, an example project inside a package
		{"/app/node_modules/x/test/fixtures/package.json", 0o644, 100, false},
		{"/app/node_modules/glob/dist/esm/package.json", 0o644, 100, false},
		{"/app/node_modules/x/test/node_modules/y/package.json", 0o644, 100, false},
		{"/app/node_modules/@s/x/examples/demo/package.json", 0o644, 100, false},
		// the project itself, and things that are not manifests
		{"/app/package.json", 0o644, 100, false},
		{"/app/node_modules/package.json", 0o644, 100, false},
		{"/app/node_modules/@s/package.json", 0o644, 100, false},
		{"/app/node_modules/x/package-lock.json", 0o644, 100, false},
		{"/app/node_modules/.package-lock.json", 0o644, 100, false},
		{"/app/node_modules/.bin/package.json", 0o644, 100, false},
		{"/app/node_modules/.cache/x/package.json", 0o644, 100, false},
		{"/app/node_modules/node_modules/package.json", 0o644, 100, false},
		{"/app/node_modules/@/x/package.json", 0o644, 100, false},
		{"/app/node_modules/.pnpm/node_modules/x/package.json", 0o644, 100, false},
		{"/app/node_modules/x/package.json/package.json", 0o644, 100, false},
		// not a regular file, too large
		{"/app/node_modules/x/package.json", fs.ModeSymlink | 0o777, 10, false},
		{"/app/node_modules/x/package.json", fs.ModeDir | 0o755, 10, false},
		{"/app/node_modules/x/package.json", 0o644, MaxManifestSize, true},
		{"/app/node_modules/x/package.json", 0o644, MaxManifestSize + 1, false},
	}
	c := &Installed{}
	for _, tt := range tests {
		if got := c.WantsFile(tt.path, tt.mode, tt.size); got != tt.want {
			t.Errorf("WantsFile(%q, %v, %d) = %v, want %v", tt.path, tt.mode, tt.size, got, tt.want)
		}
		if tt.mode == 0o644 && tt.size == 100 && c.Wants(tt.path) != tt.want {
			t.Errorf("Wants(%q) = %v, want %v", tt.path, !tt.want, tt.want)
		}
	}
}

func TestInstalledCatalog(t *testing.T) {
	const path = "/app/node_modules/x/package.json"
	pkg := func(ns, name, version string, licenses ...string) []sbom.Package {
		return []sbom.Package{{Type: "npm", Namespace: ns, Name: name, Version: version, Licenses: licenses, Evidence: []string{path}}}
	}
	withHash := pkg("", "x", "1.0.0")
	withHash[0].Hashes = map[string]string{"SHA-1": "e50347611d7e690943208bbdafebcbc2fb866d46"}
	tests := []struct {
		name    string
		json    string
		want    []sbom.Package
		wantErr string
	}{
		{"plain", `{"name":"x","version":"1.0.0","license":"MIT"}`, pkg("", "x", "1.0.0", "MIT"), ""},
		{"scoped", `{"name":"@s/x","version":"1.0.0-rc.1+b"}`, pkg("@s", "x", "1.0.0-rc.1+b"), ""},
		{"name as written", `{"name":"JSONStream","version":"1.3.5"}`, pkg("", "JSONStream", "1.3.5"), ""},
		{"alias: the manifest's name wins", `{"name":"real","version":"2.0.0"}`, pkg("", "real", "2.0.0"), ""},
		{"license object", `{"name":"x","version":"1.0.0","license":{"type":"MIT","url":"u"}}`, pkg("", "x", "1.0.0", "MIT"), ""},
		{"licenses array", `{"name":"x","version":"1.0.0","licenses":[{"type":"MIT"},"Apache-2.0",{"type":"MIT"}]}`, pkg("", "x", "1.0.0", "MIT", "Apache-2.0"), ""},
		{"license then licenses", `{"name":"x","version":"1.0.0","license":"ISC","licenses":"MIT"}`, pkg("", "x", "1.0.0", "ISC", "MIT"), ""},
		{"odd license shapes ignored", `{"name":"x","version":"1.0.0","license":7,"licenses":{"type":3}}`, pkg("", "x", "1.0.0"), ""},
		{"npm 6 integrity", `{"name":"x","version":"1.0.0","_integrity":"sha1-5QNHYR1+aQlDIIu9r+vLwvuGbUY="}`, withHash, ""},
		{"no version: not a package", `{"name":"x"}`, nil, ""},
		{"no name: not a package", `{"version":"1.0.0"}`, nil, ""},
		{"empty version: not a package", `{"name":"x","version":""}`, nil, ""},
		{"module-type marker", `{"type":"module"}`, nil, ""},
		{"not JSON", `{"name":`, nil, "npm: /app/node_modules/x/package.json: not a package.json"},
		{"version not a string", `{"name":"x","version":1}`, nil, "npm: /app/node_modules/x/package.json: not a package.json"},
		{"an array", `[]`, nil, "npm: /app/node_modules/x/package.json: not a package.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{strings.TrimPrefix(path, "/"): {Data: []byte(tt.json)}}
			got, err := (&Installed{}).Catalog(context.Background(), &catalog.Input{Path: path, FS: fsys})
			checkErr(t, err, tt.wantErr)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Catalog (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("too large", func(t *testing.T) {
		fsys := fstest.MapFS{strings.TrimPrefix(path, "/"): {Data: make([]byte, MaxManifestSize+1)}}
		got, err := (&Installed{}).Catalog(context.Background(), &catalog.Input{Path: path, FS: fsys})
		checkErr(t, err, "npm: /app/node_modules/x/package.json: larger than 8388608 bytes")
		if got != nil {
			t.Errorf("Catalog = %v, want nil", got)
		}
	})
	t.Run("missing", func(t *testing.T) {
		_, err := (&Installed{}).Catalog(context.Background(), &catalog.Input{Path: path, FS: fstest.MapFS{}})
		checkErr(t, err, "npm: /app/node_modules/x/package.json: open")
	})
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := (&Installed{}).Catalog(ctx, &catalog.Input{Path: path, FS: fstest.MapFS{}})
		checkErr(t, err, "context canceled")
	})
}

func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("error = %v, want none", err)
	case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
		t.Errorf("error = %v, want one containing %q", err, want)
	}
}

// row is what the tree tests compare of an installed package: its
// folder (the evidence path less "/package.json"), npm name and version.
type row struct{ Location, Name, Version string }

// catalogTree runs Installed over every regular file under root, as the
// scanner would (WantsFile, then Catalog with the file), and returns the
// packages found.
func catalogTree(t *testing.T, root string) []sbom.Package {
	t.Helper()
	c, fsys := &Installed{}, os.DirFS(root)
	var out []sbom.Package
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !c.WantsFile("/"+p, info.Mode(), info.Size()) {
			return nil
		}
		pkgs, err := c.Catalog(context.Background(), &catalog.Input{Path: "/" + p, FS: fsys})
		if err != nil {
			t.Errorf("Catalog(%s): %v", p, err)
		}
		out = append(out, pkgs...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortStableFunc(out, sbom.ComparePackages)
	return out
}

func rows(pkgs []sbom.Package) []row {
	var out []row
	for _, p := range pkgs {
		name := p.Name
		if p.Namespace != "" {
			name = p.Namespace + "/" + p.Name
		}
		loc := strings.TrimSuffix(strings.TrimPrefix(p.Evidence[0], "/"), "/package.json")
		out = append(out, row{loc, name, p.Version})
	}
	slices.SortFunc(out, func(a, b row) int { return strings.Compare(a.Location, b.Location) })
	return out
}

// installedWant is what testdata/installed/app holds (see
// PROVENANCE.md): every real manifest, both minipass and both yallist
// versions, the alias under its real name; not the project, not the
// fixtures (test/fixtures, test/node_modules, dist/esm), not the
// manifest without a version, not left-pad, which only package-lock.json
// names.
var installedWant = []row{
	{"node_modules/@npmcli/fs", "@npmcli/fs", "5.0.0"},
	{"node_modules/@npmcli/redact", "@npmcli/redact", "4.0.0"},
	{"node_modules/bootstrap", "bootstrap", "5.0.2"},
	{"node_modules/fs-alias", "@npmcli/fs", "5.0.0"},
	{"node_modules/glob", "glob", "13.0.6"},
	{"node_modules/minipass", "minipass", "7.1.3"},
	{"node_modules/minipass-pipeline", "minipass-pipeline", "1.2.4"},
	{"node_modules/minipass-pipeline/node_modules/minipass", "minipass", "3.3.6"},
	{"node_modules/minipass-pipeline/node_modules/yallist", "yallist", "4.0.0"},
	{"node_modules/qrcode-terminal", "qrcode-terminal", "0.12.0"},
	{"node_modules/yallist", "yallist", "5.0.0"},
}

func TestInstalledTree(t *testing.T) {
	pkgs := catalogTree(t, "testdata/installed/app")
	if diff := cmp.Diff(installedWant, rows(pkgs)); diff != "" {
		t.Errorf("packages (-want +got):\n%s", diff)
	}
	// Licenses and the Package URL of a few.
	got := map[string]string{}
	for _, p := range pkgs {
		got[p.Evidence[0]] = sbom.PackageURL(p, nil) + " " + strings.Join(p.Licenses, ",")
	}
	for path, want := range map[string]string{
		"/node_modules/@npmcli/fs/package.json":      "pkg:npm/%40npmcli/fs@5.0.0 ISC",
		"/node_modules/qrcode-terminal/package.json": "pkg:npm/qrcode-terminal@0.12.0 Apache 2.0",
		"/node_modules/minipass/package.json":        "pkg:npm/minipass@7.1.3 BlueOak-1.0.0",
		"/node_modules/bootstrap/package.json":       "pkg:npm/bootstrap@5.0.2 MIT",
	} {
		if got[path] != want {
			t.Errorf("%s: %q, want %q", path, got[path], want)
		}
	}
}

// queryNode is what the tests read of a node `npm query` prints.
type queryNode struct{ Location, Name, Version string }

// runNpmQuery runs `npm query * --offline` with extra arguments in dir,
// with a cache of its own, and returns the nodes it prints.
func runNpmQuery(t *testing.T, dir string, args ...string) []queryNode {
	t.Helper()
	cmd := exec.Command("npm", append([]string{"query", "*", "--offline"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "npm_config_cache="+t.TempDir(), "npm_config_update_notifier=false")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("npm query: %v", err)
	}
	var nodes []queryNode
	if err := json.Unmarshal(out, &nodes); err != nil {
		t.Fatal(err)
	}
	return nodes
}

// npmQuery returns the nodes `npm query *` finds in the node_modules
// tree of dir that have a version (npm lists a manifest without one too,
// which Installed does not count as a package), less the project itself.
func npmQuery(t *testing.T, dir string) []row {
	t.Helper()
	var rs []row
	for _, n := range runNpmQuery(t, dir) {
		if n.Location != "" && n.Version != "" {
			rs = append(rs, row{n.Location, n.Name, n.Version})
		}
	}
	slices.SortFunc(rs, func(a, b row) int { return strings.Compare(a.Location, b.Location) })
	return rs
}

// TestInstalledNpmQuery compares Installed with npm's own reading of the
// same node_modules trees: testdata/installed/app, copied to a temporary
// directory, and the npm that ships with Node here.
func TestInstalledNpmQuery(t *testing.T) {
	if _, err := exec.LookPath("npm"); err != nil {
		t.Skip("npm is not installed")
	}
	t.Run("testdata", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.CopyFS(dir, os.DirFS("testdata/installed/app")); err != nil {
			t.Fatal(err)
		}
		want := npmQuery(t, dir)
		if diff := cmp.Diff(installedWant, want); diff != "" {
			t.Errorf("npm query disagrees with installedWant (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, rows(catalogTree(t, dir))); diff != "" {
			t.Errorf("Installed (-npm query +got):\n%s", diff)
		}
	})
	t.Run("global npm", func(t *testing.T) {
		npmDir := "/usr/lib/node_modules/npm"
		if p, err := exec.Command("npm", "root", "-g").Output(); err == nil {
			npmDir = filepath.Join(strings.TrimSpace(string(p)), "npm")
		}
		if _, err := os.Stat(filepath.Join(npmDir, "node_modules")); err != nil {
			t.Skip("no global npm with bundled node_modules")
		}
		want := npmQuery(t, npmDir)
		got := rows(catalogTree(t, npmDir))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Installed (-npm query +got):\n%s", diff)
		}
		t.Logf("%d packages under %s agree with npm query", len(got), npmDir)
	})
}
