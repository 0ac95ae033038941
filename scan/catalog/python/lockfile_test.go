package python

import (
	"context"
	"encoding/json"
	"flag"
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

var update = flag.Bool("update", false, "rewrite testdata/golden from the code under test")

// lockfiles are the lockfiles of testdata/lock, with the number of
// packages and development packages each lists, counted by
// testdata/count.py (Python's tomllib and json) and by hand for the
// requirements files (see testdata/README.md).
var lockfiles = []struct {
	file     string
	pkgs     int
	dev      int
	byPython bool
}{
	{"poetry-v1/poetry.lock", 15, 7, true},
	{"poetry-v2/poetry.lock", 15, 7, true},
	{"pipenv/Pipfile.lock", 24, 0, true},
	{"uv/uv.lock", 20, 6, true},
	{"pdm/pdm.lock", 10, 5, true},
	{"pylock/pylock.toml", 9, 0, true},
	{"pylock-groups/pylock.dev.toml", 3, 2, true},
	{"requirements/requirements_comments.txt", 4, 0, false},
	{"requirements/requirements_compatible.txt", 0, 0, false},
	{"requirements/requirements_hash.txt", 2, 0, false},
	{"requirements/requirements_operator.txt", 2, 0, false},
	{"include/requirements.txt", 4, 0, false},
	{"include/requirements-dev.txt", 1, 0, false},
}

func catalogLock(t *testing.T, file string) []sbom.Package {
	t.Helper()
	in := &catalog.Input{Path: "/" + file, FS: os.DirFS("testdata/lock")}
	if !(&Lockfile{}).Wants(in.Path) {
		t.Fatalf("Wants(%s) = false", in.Path)
	}
	pkgs, err := (&Lockfile{}).Catalog(context.Background(), in)
	if err != nil {
		t.Fatalf("Catalog(%s): %v", file, err)
	}
	return pkgs
}

// TestLockfileGolden compares each lockfile's packages with its golden
// file (rewrite with -update, then review the diff) and with its counts.
func TestLockfileGolden(t *testing.T) {
	for _, lf := range lockfiles {
		t.Run(lf.file, func(t *testing.T) {
			pkgs := catalogLock(t, lf.file)
			dev := 0
			for _, p := range pkgs {
				if p.Metadata["pypi:dev"] == "true" {
					dev++
				}
			}
			if len(pkgs) != lf.pkgs || dev != lf.dev {
				t.Errorf("%d packages, %d dev; want %d, %d", len(pkgs), dev, lf.pkgs, lf.dev)
			}
			got, err := json.MarshalIndent(pkgs, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", strings.ReplaceAll(lf.file, "/", "_")+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(strings.TrimSpace(string(want)), string(got)); diff != "" {
				t.Errorf("golden %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// TestLockfileOracle compares the packages and development packages of
// the TOML and JSON lockfiles with what testdata/count.py reads from them
// with Python's own parsers.
func TestLockfileOracle(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	cmd := exec.Command(py, "count.py")
	cmd.Dir = "testdata"
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("python3 count.py: %v (tomllib needs Python 3.11)", err)
	}
	var want map[string]struct{ Packages, Dev []string }
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, lf := range lockfiles {
		w, ok := want["lock/"+lf.file]
		if !ok {
			if lf.byPython {
				t.Errorf("count.py does not count %s", lf.file)
			}
			continue
		}
		n++
		var got struct{ Packages, Dev []string }
		for _, p := range catalogLock(t, lf.file) {
			got.Packages = append(got.Packages, p.Name+"@"+p.Version)
			if p.Metadata["pypi:dev"] == "true" {
				got.Dev = append(got.Dev, p.Name+"@"+p.Version)
			}
		}
		slices.Sort(got.Packages)
		slices.Sort(got.Dev)
		if diff := cmp.Diff(w, got, cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })); diff != "" {
			t.Errorf("%s against count.py (-want +got):\n%s", lf.file, diff)
		}
		if len(w.Packages) != lf.pkgs || len(w.Dev) != lf.dev {
			t.Errorf("%s: count.py says %d packages, %d dev; the table says %d, %d", lf.file, len(w.Packages), len(w.Dev), lf.pkgs, lf.dev)
		}
	}
	if n != 7 {
		t.Errorf("compared %d files with count.py, want 7", n)
	}
}

func TestRequirementLines(t *testing.T) {
	tests := []struct {
		line string
		want *entry // nil: skipped
	}{
		{"foo==1.0", &entry{name: "foo", version: "1.0"}},
		{"foo == 1.0", &entry{name: "foo", version: "1.0"}},
		{"Foo.Bar[extra1, extra2] == 1.0.post1 ; python_version < '3.8'", &entry{name: "Foo.Bar", version: "1.0.post1"}},
		{"foo (==1.0)", &entry{name: "foo", version: "1.0"}},
		{"foo===1.0-local", &entry{name: "foo", version: "1.0-local"}},
		{"foo==1.0 --hash=sha256:AB --hash sha512:cd --global-option=x", &entry{name: "foo", version: "1.0", digests: []string{"sha256:AB", "sha512:cd"}}},
		{"foo==1.0\t--hash=sha256:ab", &entry{name: "foo", version: "1.0", digests: []string{"sha256:ab"}}},
		{"foo==1.0-1 ; platform_machine != 'x86-64'", &entry{name: "foo", version: "1.0-1"}},
		{"foo==1.*", nil},
		{"foo==1.0,<2", nil},
		{"foo>=1.0", nil},
		{"foo~=1.0", nil},
		{"foo!=1.0", nil},
		{"foo", nil},
		{"foo==", nil},
		{"foo @ https://example.invalid/foo-1.0.tar.gz", nil},
		{"./local/path", nil},
		{"foo[bar==1.0", nil},
		{"==1.0", nil},
	}
	for _, tt := range tests {
		got, ok := parseRequirement(tt.line)
		if (tt.want != nil) != ok {
			t.Errorf("parseRequirement(%q) ok = %v", tt.line, ok)
			continue
		}
		if ok {
			if diff := cmp.Diff(*tt.want, got, cmp.AllowUnexported(entry{}, dep{})); diff != "" {
				t.Errorf("parseRequirement(%q) (-want +got):\n%s", tt.line, diff)
			}
		}
	}
}

// TestLockfilePrecision holds the cases where a naive reading would give
// extra, missing or wrongly attributed packages.
func TestLockfilePrecision(t *testing.T) {
	// requirements.txt's includes: base.in and nested/more.in are read;
	// requirements-dev.txt is cataloged on its own; constraints are not
	// packages; the include cycle back to requirements.txt is not followed.
	got := catalogLock(t, "include/requirements.txt")
	var names []string
	for _, p := range got {
		names = append(names, p.Name+"@"+p.Version+" "+strings.Join(p.Evidence, ","))
	}
	want := []string{
		"flask@2.0.0 /include/requirements.txt",
		"jinja2@3.0.0 /include/requirements.txt,/include/base.in",
		"markupsafe@2.0.0 /include/requirements.txt,/include/nested/more.in",
		"urllib3@1.26.5 /include/requirements.txt",
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("includes (-want +got):\n%s", diff)
	}
	// pylock.toml lists ham 3.0.0 twice (two markers): one package whose
	// edges are both spam versions.
	for _, p := range catalogLock(t, "pylock/pylock.toml") {
		if p.Name == "ham" {
			if diff := cmp.Diff([]string{"pkg:pypi/spam@1.0.0", "pkg:pypi/spam@1.1.0"}, p.DependsOn); diff != "" {
				t.Errorf("ham DependsOn (-want +got):\n%s", diff)
			}
		}
	}
	// Pipfile.lock: a package in default and develop is not dev; a VCS
	// entry without a version is left out.
	fsys := fstest.MapFS{"Pipfile.lock": {Data: []byte(`{"default": {"six": {"version": "==1.16.0"}, "mylib": {"git": "https://example.invalid/x.git", "ref": "abc"}},
		"develop": {"six": {"version": "==1.16.0"}, "pytest": {"version": "==8.0.0", "hashes": ["sha256:aa", "sha256:bb"]}}}`)}}
	pkgs, err := (&Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/Pipfile.lock", FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	wantPkgs := []sbom.Package{
		{Type: "pypi", Name: "pytest", Version: "8.0.0", Evidence: []string{"/Pipfile.lock"}, Metadata: map[string]string{"pypi:dev": "true"}},
		{Type: "pypi", Name: "six", Version: "1.16.0", Evidence: []string{"/Pipfile.lock"}},
	}
	if diff := cmp.Diff(wantPkgs, pkgs); diff != "" {
		t.Errorf("Pipfile.lock (-want +got):\n%s", diff)
	}
}

func TestLockfileErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"poetry.lock", "[[package]\nname = 1", "python: /p/poetry.lock: toml: line 2: expected end of table array name"},
		{"poetry.lock", "[[package]]\nname = \"bad name\"\nversion = \"1.0\"\n", `python: /p/poetry.lock: package 1: invalid name "bad name"`},
		{"uv.lock", "version = 1\n[[package]]\nname = \"x\"\nsource = { registry = \"r\" }\n", `python: /p/uv.lock: package 1 (x): invalid version ""`},
		{"pdm.lock", "[[package]]\nname = \"x\"\nversion = \"1 2\"\n", `python: /p/pdm.lock: package 1 (x): invalid version "1 2"`},
		{"Pipfile.lock", "{", "python: /p/Pipfile.lock: unexpected end of JSON input"},
		{"pylock.toml", "packages = 3", "python: /p/pylock.toml: toml: line 1 (last key \"packages\"): incompatible types"},
	}
	for _, tt := range tests {
		fsys := fstest.MapFS{"p/" + tt.name: {Data: []byte(tt.data)}}
		pkgs, err := (&Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/p/" + tt.name, FS: fsys})
		if pkgs != nil || err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: %v, %v; want an error starting %q", tt.name, pkgs, err, tt.want)
		}
	}
	// a bad entry is left out; the good ones come with the error
	fsys := fstest.MapFS{"p/pdm.lock": {Data: []byte("[[package]]\nname = \"-x\"\nversion = \"1\"\n[[package]]\nname = \"y\"\nversion = \"2\"\n")}}
	pkgs, err := (&Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/p/pdm.lock", FS: fsys})
	if len(pkgs) != 1 || pkgs[0].Name != "y" || err == nil || err.Error() != `python: /p/pdm.lock: package 1: invalid name "-x"` {
		t.Errorf("one bad entry: %v, %v", pkgs, err)
	}
	got, err := (&Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/p/setup.py", FS: fstest.MapFS{}})
	if got != nil || err != nil {
		t.Errorf("unwanted file: %v, %v", got, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (&Lockfile{}).Catalog(ctx, &catalog.Input{Path: "/p/uv.lock", FS: fstest.MapFS{}}); err == nil {
		t.Error("cancelled: no error")
	}
}

// TestUVExtras checks that an edge's extras are followed, in the dev
// walk too, and that an extra a package does not define is harmless.
func TestUVExtras(t *testing.T) {
	lock := `version = 1
[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "a", extra = ["x", "missing"] }]
[package.dev-dependencies]
dev = [{ name = "a", extra = ["y"] }, { name = "c", extra = ["z"] }]

[[package]]
name = "a"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
[package.optional-dependencies]
x = [{ name = "b" }]
y = [{ name = "d" }]

[[package]]
name = "b"
version = "1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "c"
version = "1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "d"
version = "1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "e"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
`
	es, err := parseUV([]byte(lock))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.name+" "+map[bool]string{true: "dev", false: "prod"}[e.dev])
	}
	want := []string{"a prod", "b prod", "c dev", "d dev", "e prod"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
