package nuget

import (
	"context"
	"encoding/base64"
	"encoding/hex"
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

// catalogFile runs c on the testdata file name, placed at /app/name.
func catalogFile(t testing.TB, c catalog.Cataloger, name string) ([]sbom.Package, error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	dst := pathOf(name)
	if !c.Wants("/" + dst) {
		t.Fatalf("%s does not want /%s", c.Name(), dst)
	}
	return c.Catalog(context.Background(), &catalog.Input{Path: "/" + dst, FS: fstest.MapFS{dst: {Data: b}}})
}

// TestExpected checks every file in testdata against expected-*.tsv,
// which expected.py wrote with python's json module alone.
func TestExpected(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.json")
	if len(files) < 9 {
		t.Fatalf("found %d testdata files", len(files))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			var c catalog.Cataloger = &Installed{}
			if strings.HasSuffix(name, "packages.lock.json") {
				c = &Lockfile{}
			}
			pkgs, err := catalogFile(t, c, name)
			if name == "precision.deps.json" {
				if err == nil || !strings.Contains(err.Error(), `nuget: /app/precision.deps.json: library "NoVersion": not name/version`) {
					t.Errorf("error %v, want the library without a version named", err)
				}
			} else if err != nil {
				t.Error(err)
			}
			var got string
			for _, p := range pkgs {
				got += p.Name + "\t" + p.Version + "\n"
				if p.Type != "nuget" || p.Namespace != "" || len(p.Evidence) != 1 || p.Evidence[0] != "/"+pathOf(name) {
					t.Errorf("%s: type %q namespace %q evidence %q", p.Name, p.Type, p.Namespace, p.Evidence)
				}
			}
			want, err := os.ReadFile(filepath.Join("testdata", "expected-"+strings.TrimSuffix(name, ".json")+".tsv"))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
			t.Logf("%d packages match expected.py", len(pkgs))
		})
	}
}

// pathOf says where the tests place a testdata file (without the
// leading slash): lock files as src/NAME/packages.lock.json.
func pathOf(name string) string {
	if strings.HasSuffix(name, "packages.lock.json") {
		return "src/" + name + "/packages.lock.json"
	}
	return "app/" + name
}

// TestExpectedPy runs expected.py again and checks that it still writes
// the committed listings.
func TestExpectedPy(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	out := t.TempDir()
	if b, err := exec.Command("python3", "testdata/expected.py", out).CombinedOutput(); err != nil {
		t.Fatalf("expected.py: %v\n%s", err, b)
	}
	got, _ := filepath.Glob(filepath.Join(out, "*.tsv"))
	if len(got) < 4 {
		t.Fatalf("expected.py wrote %d files", len(got))
	}
	for _, f := range got {
		a, _ := os.ReadFile(f)
		b, err := os.ReadFile(filepath.Join("testdata", filepath.Base(f)))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(a), string(b)); diff != "" {
			t.Errorf("%s: expected.py now (-want) and committed (+got):\n%s", filepath.Base(f), diff)
		}
	}
}

// TestDetails checks hashes, edges and metadata of single packages.
func TestDetails(t *testing.T) {
	tests := []struct {
		file, name string
		c          catalog.Cataloger
		want       sbom.Package
	}{{
		file: "happy.deps.json", name: "Newtonsoft.Json", c: &Installed{},
		want: sbom.Package{Type: "nuget", Name: "Newtonsoft.Json", Version: "13.0.1", Evidence: []string{"/app/happy.deps.json"},
			Hashes: map[string]string{"SHA-512": hexOf(t, "ppPFpBcvxdsfUonNcvITKqLl3bqxWbDCZIzDWHzjpdAHRFfZe0Dw9HmA0+za13IdyrgJwpkDTDA9fHaxOrt20A==")}},
	}, {
		file: "self-contained.deps.json", name: "Microsoft.NETCore.App.Runtime.linux-x64", c: &Installed{},
		want: sbom.Package{Type: "nuget", Name: "Microsoft.NETCore.App.Runtime.linux-x64", Version: "8.0.0", Evidence: []string{"/app/self-contained.deps.json"},
			Metadata: map[string]string{"nuget:type": "runtimepack"}},
	}, {
		file: "precision.deps.json", name: "Serilog", c: &Installed{},
		want: sbom.Package{Type: "nuget", Name: "Serilog", Version: "2.12.0", Evidence: []string{"/app/precision.deps.json"},
			Hashes: map[string]string{"SHA-512": hexOf(t, "xaiJLIdu6rYMKfQMYUZgTy8YK7SMZjB4Yk50C/u//Z4OsvxkUfSPJy4nknfvwAC34yr13q7kcyh4grbwhSxyZg==")},
			// System.Text.RegularExpressions has no assets: not a package.
			DependsOn: []string{"pkg:nuget/SQLitePCLRaw.lib.e_sqlite3@2.1.2"}},
	}, {
		file: "packages.lock.json", name: "Microsoft.NETFramework.ReferenceAssemblies", c: &Lockfile{},
		want: sbom.Package{Type: "nuget", Name: "Microsoft.NETFramework.ReferenceAssemblies", Version: "1.0.0", Evidence: []string{"/src/packages.lock.json/packages.lock.json"},
			Hashes: map[string]string{"SHA-512": hexOf(t, "7D2TMufjGiowmt0E941kVoTIS+GTNzaPopuzM1/1LSaJAdJdBrVP0SkZW7AgDd0a2U1DjsIeaKG1wxGVBNLDMw==")},
			// net20 in the 2.0 and 3.5 frameworks, net40 in 4.0: both.
			DependsOn: []string{"pkg:nuget/Microsoft.NETFramework.ReferenceAssemblies.net20@1.0.0", "pkg:nuget/Microsoft.NETFramework.ReferenceAssemblies.net40@1.0.0"}},
	}}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.name, func(t *testing.T) {
			pkgs, _ := catalogFile(t, tt.c, tt.file)
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

// hexOf decodes a base64 digest to hex, as the test's own oracle.
func hexOf(t *testing.T, b64 string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(b) != 64 {
		t.Fatalf("bad digest %q: %v", b64, err)
	}
	return hex.EncodeToString(b)
}

func TestWants(t *testing.T) {
	tests := []struct {
		path            string
		mode            fs.FileMode
		size            int64
		installed, lock bool
	}{
		{path: "/app/MyApp.deps.json", installed: true},
		{path: "/usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.0/Microsoft.NETCore.App.deps.json", installed: true},
		{path: "/app/.deps.json"},
		{path: "/app/MyApp.deps.json.bak"},
		{path: "/app/MyApp.runtimeconfig.json"},
		{path: "/src/app/packages.lock.json", lock: true},
		{path: "/src/app/packages.lock.json.orig"},
		{path: "/app/MyApp.deps.json", size: MaxFileSize + 1},
		{path: "/app/MyApp.deps.json", mode: fs.ModeSymlink},
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
		name string
		c    catalog.Cataloger
		data string
		err  string
	}{
		{"deps not JSON", &Installed{}, "{", "nuget: /x: not a deps.json file: unexpected EOF"},
		{"deps no libraries", &Installed{}, `{"targets":{}}`, "nuget: /x: not a deps.json file: no libraries"},
		{"lock not JSON", &Lockfile{}, "[1]", "nuget: /x: not a NuGet lock file: json: cannot unmarshal array"},
		{"lock no version", &Lockfile{}, `{"dependencies":{}}`, "nuget: /x: not a NuGet lock file: no version or dependencies"},
		{"lock no resolved", &Lockfile{}, `{"version":1,"dependencies":{"net8.0":{"A":{"type":"Direct"},"B":{"type":"Direct","resolved":"1.0.0"}}}}`,
			`nuget: /x: net8.0: package "A": no resolved version`},
		{"missing", &Installed{}, "", "nuget: /x: open x: file does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"x": {Data: []byte(tt.data)}}
			if tt.name == "missing" {
				fsys = fstest.MapFS{}
			}
			pkgs, err := tt.c.Catalog(context.Background(), &catalog.Input{Path: "/x", FS: fsys})
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("error %v, want %q", err, tt.err)
			}
			if tt.name == "lock no resolved" && (len(pkgs) != 1 || pkgs[0].Name != "B") {
				t.Errorf("packages %+v, want B alone", pkgs)
			}
		})
	}
}

func fuzzSeeds(f *testing.F, glob string) {
	files, _ := filepath.Glob(filepath.Join("testdata", glob))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 4096 { // the fuzzer minimizes every input it finds: keep seeds small
			continue
		}
		f.Add(b)
	}
	f.Add([]byte(`{"version":1,"dependencies":{"a":{"X":{"type":"Project"},"Y":{"resolved":"1","dependencies":{"y":"1","X":"1"}},"y":{"resolved":"1"}}}}`))
	f.Add([]byte(`{"libraries":{"a/b":{"type":"package","sha512":"sha512-"},"/":{"type":"runtimepack"}},"targets":{"t":{"a/b":{"dependencies":{"a":"b"}}}}}`))
}

func checkFuzz(t *testing.T, pkgs []sbom.Package, err error) {
	if err != nil && !strings.HasPrefix(err.Error(), "nuget: /x: ") {
		t.Errorf("error %q lacks the prefix", err)
	}
	for i, p := range pkgs {
		if p.Type != "nuget" || p.Name == "" || p.Version == "" || len(p.Evidence) != 1 {
			t.Errorf("package %d insane: %+v", i, p)
		}
		if i > 0 && sbom.ComparePackages(pkgs[i-1], p) > 0 {
			t.Errorf("packages out of order at %d", i)
		}
	}
}

func FuzzDeps(f *testing.F) {
	fuzzSeeds(f, "*.deps.json")
	f.Fuzz(func(t *testing.T, b []byte) {
		pkgs, err := parseDeps(context.Background(), b, "/x")
		checkFuzz(t, pkgs, err)
	})
}

func FuzzLock(f *testing.F) {
	fuzzSeeds(f, "*.lock.json")
	f.Fuzz(func(t *testing.T, b []byte) {
		pkgs, err := parseLock(context.Background(), b, "/x")
		checkFuzz(t, pkgs, err)
	})
}

// TestByteOrderMark: a deps.json saved with a UTF-8 byte order mark (as
// Windows editors and some build tools write) still reads.
func TestByteOrderMark(t *testing.T) {
	b, err := os.ReadFile("testdata/happy.deps.json")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"app/a.deps.json": {Data: append([]byte("\ufeff"), b...)}}
	pkgs, err := (&Installed{}).Catalog(context.Background(), &catalog.Input{Path: "/app/a.deps.json", FS: fsys})
	if err != nil || len(pkgs) != 1 || pkgs[0].Name != "Newtonsoft.Json" {
		t.Errorf("got %v, %v; want Newtonsoft.Json", pkgs, err)
	}
}
