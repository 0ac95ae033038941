package hex

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

const ev = "/app/mix.lock"

func catalogString(t *testing.T, s string) ([]sbom.Package, error) {
	t.Helper()
	in := &catalog.Input{Path: ev, FS: fstest.MapFS{ev[1:]: {Data: []byte(s)}}}
	return (&Lockfile{}).Catalog(context.Background(), in)
}

func readTestdata(t testing.TB, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func hexPkg(name, version, outer string, deps ...string) sbom.Package {
	p := sbom.Package{Type: "hex", Name: name, Version: version, Evidence: []string{ev}}
	if outer != "" {
		p.Hashes = map[string]string{"SHA-256": outer}
	}
	p.DependsOn = deps
	return p
}

// TestBamboo compares the packages of a real project's mix.lock with
// testdata/expected-bamboo.tsv, which testdata/gen.py derives from the
// file with regular expressions (28 entries, all Hex; grep -c '{:hex,'
// agrees).
func TestBamboo(t *testing.T) {
	got, err := catalogString(t, string(readTestdata(t, "bamboo/mix.lock")))
	if err != nil {
		t.Fatal(err)
	}
	versions := map[string]string{}
	for _, p := range got {
		versions[p.Name] = p.Version
	}
	var want []sbom.Package
	sc := bufio.NewScanner(strings.NewReader(string(readTestdata(t, "expected-bamboo.tsv"))))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		var deps []string
		for _, d := range strings.Split(f[3], ",") {
			if d != "" {
				deps = append(deps, "pkg:hex/"+d+"@"+versions[d])
			}
		}
		want = append(want, hexPkg(f[0], f[1], f[2], deps...))
	}
	if len(want) != 28 {
		t.Fatalf("expected-bamboo.tsv has %d lines, want 28", len(want))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("packages (-want +got):\n%s", diff)
	}
}

// TestLockfile checks every field of every package. testdata/mix.lock
// holds 5 entries (counted by hand: 4 lines with {:hex, one with {:git,).
func TestLockfile(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []sbom.Package
		wantErr string
	}{
		{name: "trivy happy", in: string(readTestdata(t, "mix.lock")), want: []sbom.Package{
			hexPkg("bunt", "0.2.0", "7af5c7e09fe1d40f76c8e4f9dd2be7cebd83909f31fee7cd0e9eadc567da8353"),
			hexPkg("credo", "1.6.6", "625520ce0984ee0f9f1f198165cd46fa73c1e59a17ebc520038b8fce056a5bdc",
				"pkg:hex/bunt@0.2.0", "pkg:hex/file_system@0.2.10", "pkg:hex/jason@1.3.0"),
			{Type: "hex", Name: "esaml", Evidence: []string{ev}, Metadata: map[string]string{
				"hex:git": "https://github.com/firezone/esaml.git", "hex:ref": "4294a3ac5262582144e117c10a1537287b6c1fe8"}},
			hexPkg("file_system", "0.2.10", "41195edbfb562a593726eda3b3e8b103a309b733ad25f3d642ba49696bf715dc"),
			hexPkg("jason", "1.3.0", "53fc1f51255390e0ec7e50f9cb41e751c260d065dcba2bf0d08dc51a4002c2ac"),
		}},
		{name: "organization, old short entry, app name differs, arrow map", in: `%{"a" => {:hex, :a, "1.0.0", "abc", [:mix], [{:b_app, "~> 1.0", [hex: :b, optional: false]}], "hexpm:Acme", "` + strings.Repeat("AB", 32) + `"},
  "b_app" => {:hex, :b, "0.1.0", "def"},
}`, want: []sbom.Package{
			hexPkg("b", "0.1.0", ""), // sbom.ComparePackages puts the empty namespace first
			{Type: "hex", Namespace: "acme", Name: "a", Version: "1.0.0", Evidence: []string{ev},
				Hashes: map[string]string{"SHA-256": strings.Repeat("ab", 32)}, DependsOn: []string{"pkg:hex/b@0.1.0"}},
		}},
		{name: "unknown scm and bad entry", in: `%{"x": {:path, "../x"}, "y": "nope", "z": {:hex, :z, "2.0.0"}}`,
			want:    []sbom.Package{hexPkg("z", "2.0.0", "")},
			wantErr: `hex: /app/mix.lock: entry "x": unknown source :path`},
		{name: "truncated keeps earlier entries", in: `%{"z": {:hex, :z, "2.0.0"}, "y": {:hex, :y, "1.`,
			want:    []sbom.Package{hexPkg("z", "2.0.0", "")},
			wantErr: "hex: /app/mix.lock: offset"},
		{name: "empty map", in: "%{}\n"},
		{name: "not a map", in: `{"a": 1}`, wantErr: "hex: /app/mix.lock: not a mix.lock"},
		{name: "interpolation", in: `%{"a": {:hex, :a, "#{x}"}}`, wantErr: "string interpolation"},
		{name: "too deep", in: "%{\"a\": " + strings.Repeat("[", 100), wantErr: "nested deeper than 32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := catalogString(t, tt.in)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("error %v, want %q", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPackageURL(t *testing.T) {
	for _, tt := range []struct {
		p    sbom.Package
		want string
	}{
		{hexPkg("jason", "1.3.0", ""), "pkg:hex/jason@1.3.0"},
		{sbom.Package{Type: "hex", Namespace: "acme", Name: "foo", Version: "1.0.0"}, "pkg:hex/acme/foo@1.0.0"},
	} {
		if got := sbom.PackageURL(tt.p, nil); got != tt.want {
			t.Errorf("PackageURL = %q, want %q", got, tt.want)
		}
	}
}

func TestWants(t *testing.T) {
	for p, want := range map[string]bool{"/app/mix.lock": true, "/app/mix.exs": false, "/app/rebar.lock": false} {
		if got := (&Lockfile{}).Wants(p); got != want {
			t.Errorf("Wants(%q) = %v, want %v", p, got, want)
		}
	}
}

func FuzzLockfile(f *testing.F) {
	for _, name := range []string{"mix.lock", "bamboo/mix.lock"} {
		f.Add(readTestdata(f, name))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		pkgs, err := parse(context.Background(), b, "/x")
		if err != nil && !strings.HasPrefix(err.Error(), "hex: /x: ") {
			t.Errorf("error %q lacks the prefix", err)
		}
		for i, p := range pkgs {
			if p.Type != "hex" || p.Name == "" || p.Version == "" && p.Metadata["hex:git"] == "" || len(p.Evidence) != 1 {
				t.Errorf("package %d insane: %+v", i, p)
			}
			if i > 0 && sbom.ComparePackages(pkgs[i-1], p) > 0 {
				t.Errorf("packages out of order at %d", i)
			}
		}
	})
}
