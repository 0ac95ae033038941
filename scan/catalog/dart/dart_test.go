package dart

import (
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

func catalogBytes(t *testing.T, b []byte) ([]sbom.Package, error) {
	t.Helper()
	in := &catalog.Input{Path: "/app/pubspec.lock", FS: fstest.MapFS{"app/pubspec.lock": {Data: b}}}
	return (&Lockfile{}).Catalog(context.Background(), in)
}

func hosted(name, version string, meta ...string) sbom.Package {
	p := sbom.Package{Type: "pub", Name: name, Version: version, Evidence: []string{"/app/pubspec.lock"}, Metadata: map[string]string{"pub:source": "hosted"}}
	for i := 0; i+1 < len(meta); i += 2 {
		p.Metadata[meta[i]] = meta[i+1]
	}
	return p
}

// TestLockfile checks every field of every package. The counts of the
// real files were taken independently with python3 and PyYAML:
// yaml.safe_load(f)["packages"], less the entries whose source is "sdk":
// testdata/pubspec.lock 3 entries, 2 packages; testdata/git/pubspec.lock 7
// entries, 6 packages.
func TestLockfile(t *testing.T) {
	file := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	keyBinder := sbom.Package{Type: "pub", Name: "key_binder", Version: "1.11.20", Evidence: []string{"/app/pubspec.lock"},
		Metadata: map[string]string{"pub:source": "git", "pub:ref": "3f7b3a6350e73c7dcac45301c0e18fbd42af02f7"}}
	tests := []struct {
		name    string
		in      string
		want    []sbom.Package
		wantErr string
	}{
		{name: "trivy happy", in: file("pubspec.lock"), want: []sbom.Package{hosted("crypto", "3.0.2"), hosted("uuid", "3.0.6")}},
		{name: "syft git", in: file("git/pubspec.lock"), want: []sbom.Package{
			hosted("ale", "3.3.0"), hosted("analyzer", "0.40.7"), hosted("ansicolor", "1.1.1"),
			hosted("archive", "2.0.13"), hosted("args", "1.6.0"), keyBinder,
		}},
		{name: "dev, sha256, path, sdk", in: `packages:
  lints:
    dependency: "direct dev"
    description:
      name: lints
      sha256: "0A217C6C989D21039F1498C3ED9F3ED71B354E69873F13A8DFC3C9FE76F1B452"
      url: "https://pub.dev"
    source: hosted
    version: "2.1.1"
  local_pkg:
    dependency: "direct main"
    description:
      path: "../local_pkg"
      relative: true
    source: path
    version: "0.1.0"
  flutter:
    dependency: "direct main"
    description: flutter
    source: sdk
    version: "0.0.0"
sdks:
  dart: ">=3.0.0 <4.0.0"
`, want: []sbom.Package{
			func() sbom.Package {
				p := hosted("lints", "2.1.1", "pub:dev", "true")
				p.Hashes = map[string]string{"SHA-256": "0a217c6c989d21039f1498c3ed9f3ed71b354e69873f13a8dfc3c9fe76f1b452"}
				return p
			}(),
			{Type: "pub", Name: "local_pkg", Version: "0.1.0", Evidence: []string{"/app/pubspec.lock"}, Metadata: map[string]string{"pub:source": "path"}},
		}},
		{name: "no version", in: "packages:\n  a:\n    source: hosted\n  b:\n    source: hosted\n    version: \"1.0.0\"\n",
			want: []sbom.Package{hosted("b", "1.0.0")}, wantErr: `dart: /app/pubspec.lock: package "a": no name or version`},
		{name: "empty", in: "packages: {}\nsdks:\n  dart: \">=2.12.0 <3.0.0\"\n"},
		{name: "not yaml", in: "packages: [", wantErr: "dart: /app/pubspec.lock: not a pubspec.lock"},
		{name: "packages a list", in: "packages: [a, b]", wantErr: "dart: /app/pubspec.lock: not a pubspec.lock: packages is not a map"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := catalogBytes(t, []byte(tt.in))
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
	got := sbom.PackageURL(hosted("crypto", "3.0.2"), nil)
	if want := "pkg:pub/crypto@3.0.2"; got != want {
		t.Errorf("PackageURL = %q, want %q", got, want)
	}
}

func TestWants(t *testing.T) {
	for p, want := range map[string]bool{"/app/pubspec.lock": true, "pubspec.lock": true, "/app/pubspec.yaml": false, "/app/pubspec.lock.bak": false} {
		if got := (&Lockfile{}).Wants(p); got != want {
			t.Errorf("Wants(%q) = %v, want %v", p, got, want)
		}
	}
}

func FuzzLockfile(f *testing.F) {
	for _, name := range []string{"pubspec.lock", "git/pubspec.lock"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		pkgs, err := parse(context.Background(), b, "/x")
		if err != nil && !strings.HasPrefix(err.Error(), "dart: /x: ") {
			t.Errorf("error %q lacks the prefix", err)
		}
		for i, p := range pkgs {
			if p.Type != "pub" || p.Name == "" || p.Version == "" || len(p.Evidence) != 1 {
				t.Errorf("package %d insane: %+v", i, p)
			}
			if i > 0 && sbom.ComparePackages(pkgs[i-1], p) > 0 {
				t.Errorf("packages out of order at %d", i)
			}
		}
	})
}
