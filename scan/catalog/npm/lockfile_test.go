package npm

import (
	"context"
	"encoding/json"
	"fmt"
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

// lockName returns the file name Lockfile reads a testdata lockfile under.
func lockName(f string) string {
	switch {
	case strings.HasSuffix(f, ".json"):
		return "package-lock.json"
	case strings.HasSuffix(f, ".yaml"):
		return "pnpm-lock.yaml"
	default:
		return "yarn.lock"
	}
}

// catalogLock runs Lockfile on data as /src/<name>.
func catalogLock(t *testing.T, name string, data []byte) ([]sbom.Package, error) {
	t.Helper()
	fsys := fstest.MapFS{"src/" + name: {Data: data}}
	return (&Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/src/" + name, FS: fsys})
}

// tsv renders packages as expected.py does, sorted by full name.
func tsv(pkgs []sbom.Package) string {
	var lines []string
	for _, p := range pkgs {
		name := p.Name
		if p.Namespace != "" {
			name = p.Namespace + "/" + name
		}
		var deps []string
		for _, d := range p.DependsOn {
			d = strings.TrimPrefix(d, "pkg:npm/")
			d = strings.Replace(d, "%40", "@", 1)
			deps = append(deps, d)
		}
		lines = append(lines, fmt.Sprintf("%s\t%s\t%t\t%s\n", name, p.Version, p.Metadata["npm:dev"] == "true", strings.Join(deps, ",")))
	}
	slices.Sort(lines)
	return strings.Join(lines, "")
}

// lockfilesIn lists the lockfiles of testdata: the real ones (see
// PROVENANCE.md) and the handmade ones.
func lockfilesIn(t *testing.T) []string {
	var out []string
	for _, pat := range []string{"testdata/*.json", "testdata/*.lock", "testdata/*.yaml"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	if len(out) < 15 {
		t.Fatalf("only %d lockfiles in testdata", len(out))
	}
	return out
}

// TestLockfileData checks each lockfile of testdata against the packages
// testdata/expected.py lists for it (expected-<file>.tsv): names,
// versions, dev marks and dependency edges, exactly.
func TestLockfileData(t *testing.T) {
	for _, f := range lockfilesIn(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join("testdata", "expected-"+filepath.Base(f)+".tsv"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := catalogLock(t, lockName(f), data)
			if err != nil {
				t.Errorf("Catalog: %v", err)
			}
			if diff := cmp.Diff(string(want), tsv(got)); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
			for _, p := range got {
				if p.Type != "npm" || len(p.Evidence) != 1 || p.Evidence[0] != "/src/"+lockName(f) {
					t.Errorf("%s@%s: type %q, evidence %q", p.Name, p.Version, p.Type, p.Evidence)
				}
			}
		})
	}
}

// TestExpectedScript reruns testdata/expected.py, so the expected files
// are what the script says of the lockfiles today.
func TestExpectedScript(t *testing.T) {
	if err := exec.Command("python3", "-c", "import yaml").Run(); err != nil {
		t.Skip("python3 with PyYAML is not installed")
	}
	files := lockfilesIn(t)
	out, err := exec.Command("python3", append([]string{"testdata/expected.py"}, files...)...).Output()
	if err != nil {
		t.Fatalf("expected.py: %v", err)
	}
	blocks := strings.Split(string(out), "==> ")[1:]
	if len(blocks) != len(files) {
		t.Fatalf("expected.py gave %d blocks for %d files", len(blocks), len(files))
	}
	for i, f := range files {
		head, got, _ := strings.Cut(blocks[i], "\n")
		want, err := os.ReadFile(filepath.Join("testdata", "expected-"+filepath.Base(f)+".tsv"))
		if err != nil {
			t.Fatal(err)
		}
		if head != f || got != string(want) {
			t.Errorf("expected-%s.tsv is stale: rerun testdata/expected.py", filepath.Base(f))
		}
	}
}

// TestLockfileFields checks every field of the packages of one lockfile.
func TestLockfileFields(t *testing.T) {
	data, err := os.ReadFile("testdata/pnpm-lock_normal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := catalogLock(t, "pnpm-lock.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	ev := []string{"/src/pnpm-lock.yaml"}
	// The hex digests are Python's base64.b64decode(...).hex() of the
	// integrity strings.
	want := []sbom.Package{
		// sha1-5QNHYR1+... is the asap 2.0.6 tarball's SHA-1, which
		// yarn_happy.lock's resolved URL gives in hex: e5034761...
		{Type: "npm", Name: "asap", Version: "2.0.6", Evidence: ev, Hashes: map[string]string{"SHA-1": "e50347611d7e690943208bbdafebcbc2fb866d46"}},
		{Type: "npm", Name: "jquery", Version: "3.6.0", Evidence: ev, Hashes: map[string]string{"SHA-512": "255cc047f02306f56dd81998871442498cac0ec3dcb2c7664c59f3c8b12db3da8dc268e6bb825300c62e6c47f054e4b0a50d48d6c28a15cc616422366ee7ab7f"}},
		{Type: "npm", Name: "promise", Version: "8.1.0", Evidence: ev, Hashes: map[string]string{"SHA-512": "5b4e00aa720b38bfec3d15f388d89c0a348d46bb8b02e20710e5416b37a9bb4e78e430cd1981f3edaafd6606757cc53cfcc038995c69e6b9015918ba397232dd"}, DependsOn: []string{"pkg:npm/asap@2.0.6"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("packages (-want +got):\n%s", diff)
	}
}

func TestLockfileWants(t *testing.T) {
	tests := map[string]bool{
		"/src/package-lock.json":                       true,
		"/src/npm-shrinkwrap.json":                     true,
		"/src/yarn.lock":                               true,
		"/src/pnpm-lock.yaml":                          true,
		"package-lock.json":                            true,
		"/src/packages/w/yarn.lock":                    true,
		"/src/node_modules/x/npm-shrinkwrap.json":      false,
		"/src/node_modules/.package-lock.json":         false,
		"node_modules/x/package-lock.json":             false,
		"/src/package.json":                            true, // the companion of yarn.lock
		"/src/node_modules/x/package.json":             false,
		"/src/pnpm-lock.yml":                           false,
		"/src/yarn.lock.bak":                           false,
		"/src/node_modules/x/node_modules/y/yarn.lock": false,
	}
	for path, want := range tests {
		if got := (&Lockfile{}).Wants(path); got != want {
			t.Errorf("Wants(%q) = %v, want %v", path, got, want)
		}
	}
}

// TestLockfileBad checks that malformed entries are named in the error
// and the good ones still give their packages.
func TestLockfileBad(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             string // tsv
		wantErr          []string
	}{
		{
			"package-lock: not JSON", "package-lock.json", `{"packages":`, "",
			[]string{"npm: /src/package-lock.json: not a package-lock.json"},
		}, {
			"package-lock v3: bad entries", "package-lock.json",
			`{"lockfileVersion":3,"packages":{"node_modules/a":{"version":"1.0.0"},"node_modules/b":"x","node_modules/c":{"resolved":"u"},"node_modules/d":{"version":2}}}`,
			"a\t1.0.0\tfalse\t\n",
			[]string{`packages["node_modules/b"]: json: cannot unmarshal string`, `packages["node_modules/c"]: no version`, `packages["node_modules/d"]: json: cannot unmarshal number`},
		}, {
			"package-lock v1: bad entries", "package-lock.json",
			`{"lockfileVersion":1,"dependencies":{"a":{"version":"1.0.0","dependencies":{"n":[]}},"b":{"requires":{}}}}`,
			"a\t1.0.0\tfalse\t\n",
			[]string{`dependencies["n"]: json: cannot unmarshal array`, `dependencies["b"]: no version`},
		}, {
			"yarn 1: bad entries", "yarn.lock",
			"a@^1:\n  version \"1.0.0\"\n\nb@^1\n  version \"1.0.0\"\n\nc@^1:\n  resolved \"u\"\n\n\"d@^1:\n  version \"1\"\n\ne@^1:\n  version \"2.0.0\n\nnoat:\n  version \"1\"\n",
			"a\t1.0.0\tfalse\t\n",
			[]string{"entry at line 4: line 4: a key line that does not end in ':'", "entry at line 7 (c): no version", "entry at line 10: line 10: bad string", "entry at line 13: line 14: bad string", "entry at line 16: no name@range key"},
		}, {
			"yarn 1: a field before any key", "yarn.lock", "  version \"1\"\na@1:\n  version \"1\"\n", "a\t1\tfalse\t\n",
			[]string{"line 1: a field before any key"},
		}, {
			"berry: bad entries", "yarn.lock",
			"__metadata:\n  version: 6\n\n\"a@npm:^1\":\n  version: 1.0.0\n  resolution: \"a@npm:1.0.0\"\n\n\"b@npm:^1\":\n  version: [1]\n  resolution: \"b@npm:1.0.0\"\n\n\"c@npm:^1\":\n  resolution: \"c@npm:1.0.0\"\n\n\"d@npm:^1\":\n  version: 1.0.0\n  resolution: \"nothing\"\n",
			"a\t1.0.0\tfalse\t\n",
			[]string{`entry "b@npm:^1" (line 9): yaml: unmarshal errors`, `entry "c@npm:^1" (line 13): no version`, `entry "d@npm:^1" (line 16): no name@protocol:reference resolution`},
		}, {
			"berry: not YAML", "yarn.lock", "__metadata:\n  version: 6\n\"a\n", "",
			[]string{"npm: /src/yarn.lock: not a yarn.lock: yaml:"},
		}, {
			"pnpm: bad entries", "pnpm-lock.yaml",
			"lockfileVersion: '6.0'\npackages:\n  /a@1.0.0:\n    dev: false\n  /b@1.0.0: oops\n  /c:\n    dev: true\n",
			"a\t1.0.0\tfalse\t\n",
			[]string{`packages["/b@1.0.0"] (line 5): yaml: unmarshal errors`, `packages["/c"] (line 7): a key that names no package`},
		}, {
			"pnpm: not YAML", "pnpm-lock.yaml", "packages: [", "",
			[]string{"npm: /src/pnpm-lock.yaml: not a pnpm-lock.yaml"},
		}, {
			"pnpm: packages not a map", "pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages: 3\n", "",
			[]string{"npm: /src/pnpm-lock.yaml: not a pnpm-lock.yaml"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := catalogLock(t, tt.file, []byte(tt.data))
			if diff := cmp.Diff(tt.want, tsv(got)); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.wantErr)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if n := strings.Count(err.Error(), "npm: /src/"); n != len(tt.wantErr) {
				t.Errorf("error %q: %d errors, want %d", err, n, len(tt.wantErr))
			}
		})
	}
}

func TestLockfileLimits(t *testing.T) {
	t.Run("too large", func(t *testing.T) {
		fsys := fstest.MapFS{"src/yarn.lock": {Data: []byte("12345678901")}}
		got, err := readCapped(fsys, "/src/yarn.lock", 10)
		checkErr(t, err, "/src/yarn.lock: larger than 10 bytes")
		if got != nil {
			t.Errorf("readCapped = %q, want nil", got)
		}
	})
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		for _, f := range []string{"package-lock_v1.json", "package-lock_v2.json", "yarn_happy.lock", "yarn_v2_happy.lock", "pnpm-lock_normal.yaml", "pnpm-lock_v9.yaml"} {
			data, err := os.ReadFile("testdata/" + f)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{lockName(f): {Data: data}}
			got, err := (&Lockfile{}).Catalog(ctx, &catalog.Input{Path: lockName(f), FS: fsys})
			checkErr(t, err, "context canceled")
			if got != nil {
				t.Errorf("%s: %d packages after cancel", f, len(got))
			}
		}
	})
	t.Run("a name Lockfile does not read", func(t *testing.T) {
		_, err := catalogLock(t, "yarn.lock.bak", []byte("{}"))
		checkErr(t, err, "npm: /src/yarn.lock.bak: not a lockfile name")
	})
	t.Run("the companion package.json", func(t *testing.T) {
		got, err := catalogLock(t, "package.json", []byte(`{"name":"x","version":"1.0.0"}`))
		if got != nil || err != nil {
			t.Errorf("Catalog = %v, %v; want nil, nil", got, err)
		}
	})
}

func TestHashes(t *testing.T) {
	tests := map[string]map[string]string{
		"sha1-5QNHYR1+aQlDIIu9r+vLwvuGbUY=": {"SHA-1": "e50347611d7e690943208bbdafebcbc2fb866d46"},
		"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= sha1-5QNHYR1+aQlDIIu9r+vLwvuGbUY=": {
			"SHA-256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			"SHA-1":   "e50347611d7e690943208bbdafebcbc2fb866d46",
		},
		"":                             nil,
		"md5-1B2M2Y8AsgTpgAmY7PhCfg==": nil, // not an SRI algorithm npm writes
		"sha1-notbase64!":              nil,
		"sha1-AAAA":                    nil, // too short for SHA-1
		"sha512-x?opt":                 nil,
		"sha1":                         nil,
	}
	for in, want := range tests {
		if diff := cmp.Diff(want, hashes(in)); diff != "" {
			t.Errorf("hashes(%q) (-want +got):\n%s", in, diff)
		}
	}
}

func TestPURL(t *testing.T) {
	for _, tt := range []struct{ full, version, want string }{
		{"@babel/core", "7.0.0", "pkg:npm/%40babel/core@7.0.0"},
		{"lodash", "4.17.21", "pkg:npm/lodash@4.17.21"},
		{"JSONStream", "1.3.5", "pkg:npm/JSONStream@1.3.5"},
		{"@s", "1.0.0", "pkg:npm/%40s@1.0.0"},
		{"x", "1.0.0+build.1", "pkg:npm/x@1.0.0%2Bbuild.1"},
	} {
		if got := purl(tt.full, tt.version); got != tt.want {
			t.Errorf("purl(%q, %q) = %q, want %q", tt.full, tt.version, got, tt.want)
		}
	}
}

// TestYarnDev checks the dev marks yarn.lock packages take from the
// package.json beside the lockfile.
func TestYarnDev(t *testing.T) {
	const yarn1 = `# yarn lockfile v1

a@^1:
  version "1.0.0"
  dependencies:
    shared "^1"

d@^1:
  version "1.0.0"
  dependencies:
    shared "^1"
    donly "^1"

donly@^1:
  version "1.0.0"

shared@^1:
  version "1.0.0"
`
	const berry = `__metadata:
  version: 6

"a@npm:^1":
  version: 1.0.0
  resolution: "a@npm:1.0.0"
  dependencies:
    shared: ^1

"d@npm:^1":
  version: 1.0.0
  resolution: "d@npm:1.0.0"
  dependencies:
    shared: ^1
    donly: ^1

"donly@npm:^1":
  version: 1.0.0
  resolution: "donly@npm:1.0.0"

"member@workspace:packages/member":
  version: 0.0.0-use.local
  resolution: "member@workspace:packages/member"
  dependencies:
    donly: ^1

"root@workspace:.":
  version: 0.0.0-use.local
  resolution: "root@workspace:."

"shared@npm:^1":
  version: 1.0.0
  resolution: "shared@npm:1.0.0"
`
	const manifest = `{"name":"root","dependencies":{"a":"^1"},"devDependencies":{"d":"^1"}}`
	tests := []struct {
		name, lock, manifest string
		want                 string // the dev packages
		wantErr              string
	}{
		{"yarn 1", yarn1, manifest, "d donly", ""},
		{"yarn 1, no package.json", yarn1, "", "", ""},
		{"yarn 1, workspaces: not marked", yarn1, `{"workspaces":["packages/*"],"devDependencies":{"d":"^1"}}`, "", ""},
		{"yarn 1, bad package.json", yarn1, `{"devDependencies":[]}`, "", "npm: /src/yarn.lock: dev dependencies not marked: /src/package.json: json: cannot unmarshal"},
		// member depends on donly: prod.
		{"berry", berry, manifest, "d", ""},
		{"berry, no package.json", berry, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"src/yarn.lock": {Data: []byte(tt.lock)}}
			if tt.manifest != "" {
				fsys["src/package.json"] = &fstest.MapFile{Data: []byte(tt.manifest)}
			}
			pkgs, err := (&Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/src/yarn.lock", FS: fsys})
			checkErr(t, err, tt.wantErr)
			if len(pkgs) != 4 {
				t.Fatalf("%d packages, want 4", len(pkgs))
			}
			var dev []string
			for _, p := range pkgs {
				if p.Metadata["npm:dev"] == "true" {
					dev = append(dev, p.Name)
				}
			}
			if diff := cmp.Diff(tt.want, strings.Join(dev, " ")); diff != "" {
				t.Errorf("dev packages (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLockfileNpmQuery compares the packages of each testdata
// package-lock with what npm itself reads of it, offline, with `npm query
// * --package-lock-only`: the name@version of every node npm places
// under node_modules (npm also lists the project and its workspaces,
// which Lockfile does not count). Dev marks are not compared: npm
// recomputes them from the tree it builds, Lockfile reports the
// lockfile's.
func TestLockfileNpmQuery(t *testing.T) {
	if _, err := exec.LookPath("npm"); err != nil {
		t.Skip("npm is not installed")
	}
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) < 6 {
		t.Fatalf("package-locks: %v, %v", files, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var lock struct {
				Packages map[string]json.RawMessage `json:"packages"`
			}
			if err := json.Unmarshal(data, &lock); err != nil {
				t.Fatal(err)
			}
			manifest := []byte(`{"name":"p","version":"1.0.0"}`)
			if root, ok := lock.Packages[""]; ok {
				manifest = root
			}
			dir := t.TempDir()
			for name, b := range map[string][]byte{"package-lock.json": data, "package.json": manifest} {
				if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			nodes := runNpmQuery(t, dir, "--package-lock-only")
			var want []string
			for _, n := range nodes {
				if n.Version != "" && (strings.HasPrefix(n.Location, "node_modules/") || strings.Contains(n.Location, "/node_modules/")) {
					want = append(want, n.Name+"@"+n.Version)
				}
			}
			slices.Sort(want)
			want = slices.Compact(want)
			pkgs, err := catalogLock(t, "package-lock.json", data)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range pkgs {
				name := p.Name
				if p.Namespace != "" {
					name = p.Namespace + "/" + name
				}
				got = append(got, name+"@"+p.Version)
			}
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("packages (-npm query +got):\n%s", diff)
			}
		})
	}
}
