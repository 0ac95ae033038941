package composer

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// files are the testdata files and where the tests place them.
var files = []struct {
	name, path string
	c          catalog.Cataloger
}{
	{"composer.lock", "/src/app/composer.lock", &Lockfile{}},
	{"ext_prefix.lock", "/src/acme/composer.lock", &Lockfile{}},
	{"installed.json", "/var/www/vendor/composer/installed.json", &Installed{}},
	{"composer1-installed.json", "/var/www/vendor/composer/installed.json", &Installed{}},
	{"precision-installed.json", "/app/vendor/composer/installed.json", &Installed{}},
}

func catalogFile(t testing.TB, c catalog.Cataloger, name, path string) ([]sbom.Package, error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Wants(path) {
		t.Fatalf("%s does not want %s", c.Name(), path)
	}
	return c.Catalog(context.Background(), &catalog.Input{Path: path, FS: fstest.MapFS{path[1:]: {Data: b}}})
}

func expected(name string) string {
	return "expected-" + strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".lock") + ".tsv"
}

// TestComposer checks every file against the listing gen.sh made with
// Composer itself: name, version, dev, licenses.
func TestComposer(t *testing.T) {
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			pkgs, err := catalogFile(t, f.c, f.name, f.path)
			if err != nil {
				t.Error(err)
			}
			var got string
			for _, p := range pkgs {
				dev := ""
				if p.Metadata["composer:dev"] == "true" {
					dev = "dev"
				}
				got += p.Namespace + "/" + p.Name + "\t" + p.Version + "\t" + dev + "\t" + strings.Join(p.Licenses, ",") + "\n"
				if p.Type != "composer" || len(p.Evidence) != 1 || p.Evidence[0] != f.path {
					t.Errorf("%s: type %q evidence %q", p.Name, p.Type, p.Evidence)
				}
			}
			want, err := os.ReadFile(filepath.Join("testdata", expected(f.name)))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
			t.Logf("%d packages match composer", len(pkgs))
		})
	}
}

// TestComposerLive runs gen.sh, and so Composer, again when it can, and
// checks that it still writes the committed listings.
func TestComposerLive(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	for _, tool := range []string{"sh", "php", "composer"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s", tool)
		}
	}
	out := t.TempDir()
	if b, err := exec.Command("sh", "testdata/gen.sh", out).CombinedOutput(); err != nil {
		t.Fatalf("gen.sh: %v\n%s", err, b)
	}
	for _, f := range files {
		a, err := os.ReadFile(filepath.Join(out, expected(f.name)))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join("testdata", expected(f.name)))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(a), string(b)); diff != "" {
			t.Errorf("%s: composer now (-want) and committed (+got):\n%s", f.name, diff)
		}
	}
}

// TestDetails checks the fields the listings do not show.
func TestDetails(t *testing.T) {
	const lockPath, instPath = "/src/app/composer.lock", "/app/vendor/composer/installed.json"
	tests := []struct {
		file, path, name string
		c                catalog.Cataloger
		want             sbom.Package
	}{{
		file: "composer.lock", path: lockPath, name: "guzzle", c: &Lockfile{},
		want: sbom.Package{Type: "composer", Namespace: "guzzlehttp", Name: "guzzle", Version: "6.5.8", Licenses: []string{"MIT"},
			Evidence: []string{lockPath},
			// php, ext-json are platform requirements, not packages.
			DependsOn: []string{"pkg:composer/guzzlehttp/promises@1.5.2", "pkg:composer/guzzlehttp/psr7@1.9.0", "pkg:composer/symfony/polyfill-intl-idn@v1.27.0"}},
	}, {
		file: "composer.lock", path: lockPath, name: "log", c: &Lockfile{},
		want: sbom.Package{Type: "composer", Namespace: "pear", Name: "log", Version: "1.13.3", Licenses: []string{"MIT"},
			Evidence: []string{lockPath}, DependsOn: []string{"pkg:composer/pear/pear_exception@v1.0.2"},
			Metadata: map[string]string{"composer:dev": "true"}},
	}, {
		// "extension/foo" is a package, though "ext-json" is not.
		file: "ext_prefix.lock", path: "/src/acme/composer.lock", name: "app", c: &Lockfile{},
		want: sbom.Package{Type: "composer", Namespace: "acme", Name: "app", Version: "1.0.0", Licenses: []string{"MIT"},
			Evidence: []string{"/src/acme/composer.lock"}, DependsOn: []string{"pkg:composer/extension/foo@1.2.0"}},
	}, {
		file: "precision-installed.json", path: instPath, name: "monolog", c: &Installed{},
		want: sbom.Package{Type: "composer", Namespace: "monolog", Name: "monolog", Version: "2.9.1", Licenses: []string{"MIT"},
			Evidence: []string{instPath}, DependsOn: []string{"pkg:composer/psr/log@3.0.0"},
			Hashes: map[string]string{"SHA-1": "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"}},
	}, {
		file: "precision-installed.json", path: instPath, name: "log", c: &Installed{},
		want: sbom.Package{Type: "composer", Namespace: "psr", Name: "log", Version: "3.0.0", Evidence: []string{instPath}},
	}}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.name, func(t *testing.T) {
			pkgs, err := catalogFile(t, tt.c, tt.file, tt.path)
			if err != nil {
				t.Error(err)
			}
			for _, p := range pkgs {
				if p.Name == tt.name {
					if diff := cmp.Diff(tt.want, p); diff != "" {
						t.Errorf("(-want +got):\n%s", diff)
					}
					return
				}
			}
			t.Errorf("no %s", tt.name)
		})
	}
}

func TestWants(t *testing.T) {
	tests := []struct {
		path            string
		mode            fs.FileMode
		size            int64
		installed, lock bool
	}{
		{path: "/var/www/html/vendor/composer/installed.json", installed: true},
		{path: "/root/.composer/vendor/composer/installed.json", installed: true},
		{path: "/var/www/html/vendor/composer/installed.php"},
		{path: "/var/www/html/composer/installed.json"},
		{path: "/var/www/html/vendor/composer/installed.json", size: MaxFileSize + 1},
		{path: "/var/www/html/vendor/composer/installed.json", mode: fs.ModeDir},
		{path: "/src/app/composer.lock", lock: true},
		{path: "/src/app/composer.json"},
		{path: "/src/app/composer.lock.bak"},
	}
	for _, tt := range tests {
		in, lk := &Installed{}, &Lockfile{}
		if got := in.WantsFile(tt.path, tt.mode, tt.size); got != tt.installed {
			t.Errorf("Installed.WantsFile(%q, %v, %d) = %v", tt.path, tt.mode, tt.size, got)
		}
		if got := lk.WantsFile(tt.path, tt.mode, tt.size); got != tt.lock {
			t.Errorf("Lockfile.WantsFile(%q, %v, %d) = %v", tt.path, tt.mode, tt.size, got)
		}
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name  string
		c     catalog.Cataloger
		data  string
		err   string
		names []string // the packages still returned
	}{
		{name: "installed not JSON", c: &Installed{}, data: "{", err: "composer: /x: not installed.json: unexpected end of JSON input"},
		{name: "installed null", c: &Installed{}, data: "null", err: "composer: /x: not installed.json: no packages"},
		{name: "installed object", c: &Installed{}, data: `{"name":"a/b"}`, err: "composer: /x: not installed.json: no packages"},
		{name: "lock not JSON", c: &Lockfile{}, data: "[]", err: "composer: /x: not composer.lock: json: cannot unmarshal array|"},
		{name: "lock no packages", c: &Lockfile{}, data: `{"content-hash":"x"}`, err: "composer: /x: not composer.lock: no packages"},
		{name: "bad records", c: &Lockfile{},
			data: `{"packages":[{"name":"a/a","version":"1","require":[]},{"name":"b/b"},7,{"name":"a/a","version":"2"}],"packages-dev":[{"name":"A/A","version":"1"}]}`,
			err: "composer: /x: packages[1]: package \"b/b\": no name or version\n" +
				"composer: /x: packages[2]: not a package object: json: cannot unmarshal number|\n" +
				"composer: /x: packages[3]: package \"a/a\": listed again as 2 (first as 1)",
			names: []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pkgs, err := tt.c.Catalog(context.Background(), &catalog.Input{Path: "/x", FS: fstest.MapFS{"x": {Data: []byte(tt.data)}}})
			if !errLike(err, tt.err) {
				t.Errorf("error %v, want %q", err, tt.err)
			}
			var names []string
			for _, p := range pkgs {
				names = append(names, p.Name)
				if p.Metadata != nil {
					t.Errorf("%s: metadata %v: a package locked as dev and not is not dev", p.Name, p.Metadata)
				}
			}
			if diff := cmp.Diff(tt.names, names); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
		})
	}
}

// errLike reports whether err's lines match want's: each the same, or
// starting with a want line that ends in "|".
func errLike(err error, want string) bool {
	if err == nil {
		return false
	}
	got, wl := strings.Split(err.Error(), "\n"), strings.Split(want, "\n")
	if len(got) != len(wl) {
		return false
	}
	for i, w := range wl {
		if p, ok := strings.CutSuffix(w, "|"); ok && !strings.HasPrefix(got[i], p) || !ok && got[i] != w {
			return false
		}
	}
	return true
}

func fuzzSeeds(f *testing.F) {
	for _, file := range files {
		b, err := os.ReadFile(filepath.Join("testdata", file.name))
		if err != nil {
			f.Fatal(err)
		}
		if len(b) <= 8192 { // the fuzzer minimizes every input it finds: keep seeds small
			f.Add(b)
		}
	}
	f.Add([]byte(`{"packages":[{"name":"a","version":"1","require":{"a":"*","B/b":"1"},"license":"x"},{"name":"b/B","version":"2"}],"packages-dev":[{"name":"c/c","version":"3","license":[""]}],"dev-package-names":["c/c"]}`))
	f.Add([]byte(`[{"name":"a/b","version":"1","dist":{"shasum":"AB"}}]`))
}

func checkFuzz(t *testing.T, pkgs []sbom.Package, err error) {
	if err != nil && !strings.HasPrefix(err.Error(), "composer: /x: ") {
		t.Errorf("error %q lacks the prefix", err)
	}
	for i, p := range pkgs {
		if p.Type != "composer" || p.Name == "" || p.Version == "" || len(p.Evidence) != 1 || strings.ToLower(p.Namespace+p.Name) != p.Namespace+p.Name {
			t.Errorf("package %d insane: %+v", i, p)
		}
		if i > 0 && sbom.ComparePackages(pkgs[i-1], p) > 0 {
			t.Errorf("packages out of order at %d", i)
		}
	}
}

func FuzzInstalled(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		pkgs, err := parseInstalled(context.Background(), b, "/x")
		checkFuzz(t, pkgs, err)
	})
}

func FuzzLock(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		pkgs, err := parseLock(context.Background(), b, "/x")
		checkFuzz(t, pkgs, err)
	})
}
