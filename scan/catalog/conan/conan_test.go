package conan

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

const ev = "/app/conan.lock"

func pkg(name, version string, dependsOn []string, meta ...string) sbom.Package {
	p := sbom.Package{Type: "conan", Name: name, Version: version, Evidence: []string{ev}, DependsOn: dependsOn}
	for i := 0; i+1 < len(meta); i += 2 {
		if p.Metadata == nil {
			p.Metadata = map[string]string{}
		}
		p.Metadata[meta[i]] = meta[i+1]
	}
	return p
}

// TestLockfile checks every field of every package. The counts of the
// real files were taken by hand (see testdata/PROVENANCE.md): v04 has 4
// nodes of which 3 have a "ref" (node "0" is the conanfile); v05 has 2
// requires and 2 build_requires, python_requires empty.
func TestLockfile(t *testing.T) {
	file := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct {
		name    string
		in      string
		want    []sbom.Package
		wantErr string
	}{
		{name: "v0.4", in: file("v04/conan.lock"), want: []sbom.Package{
			pkg("pkga", "0.0.1", []string{"pkg:conan/pkgb@system"}),
			pkg("pkgb", "system", nil),
			pkg("pkgc", "0.1.1", nil, "conan:user", "user", "conan:channel", "testing"),
		}},
		{name: "v0.5", in: file("v05/conan.lock"), want: []sbom.Package{
			pkg("autoconf", "2.71", nil, "conan:rrev", "00a1e46d8ba5baaf7f10d64c1a6a0342", "conan:dev", "true"),
			pkg("automake", "1.16.5", nil, "conan:rrev", "058bda3e21c36c9aa8425daf3c1faf50", "conan:dev", "true"),
			pkg("matrix", "1.3", nil, "conan:rrev", "905c3f0babc520684c84127378fefdd0"),
			pkg("sound32", "1.0", nil, "conan:rrev", "83d4b7bf607b3b60a6546f8b58b5cdd7"),
		}},
		{name: "v0.4 build requires and context", in: `{"graph_lock":{"nodes":{
  "0":{"requires":["1"],"build_requires":["2","3"],"path":"conanfile.py"},
  "1":{"ref":"zlib/1.3#aaa","prev":"ppp","requires":[],"build_requires":["4"],"context":"host"},
  "2":{"ref":"cmake/3.27.0","context":"host"},
  "3":{"ref":"ninja/1.11.1@_/_","context":"build"},
  "4":{"ref":"bad"},
  "5":"not a node"}},"version":"0.4"}`,
			want: []sbom.Package{
				pkg("cmake", "3.27.0", nil, "conan:dev", "true"),
				pkg("ninja", "1.11.1", nil, "conan:dev", "true"),
				pkg("zlib", "1.3", nil, "conan:rrev", "aaa", "conan:prev", "ppp"),
			},
			wantErr: `conan: /app/conan.lock: reference "bad": not name/version (node "4")`},
		{name: "v0.5 in both lists, bad ref", in: `{"version":"0.5","requires":["fmt/10.1.1@acme/stable#r1%1.0","x"],"build_requires":["fmt/10.1.1@acme/stable#r1%1.0"],"python_requires":["pyreq/1.0"]}`,
			want: []sbom.Package{
				pkg("fmt", "10.1.1", nil, "conan:user", "acme", "conan:channel", "stable", "conan:rrev", "r1"),
				pkg("pyreq", "1.0", nil, "conan:dev", "true"),
			},
			wantErr: `conan: /app/conan.lock: reference "x": not name/version`},
		{name: "no version", in: `{"requires":[]}`, wantErr: "conan: /app/conan.lock: not a conan.lock: no version"},
		{name: "not json", in: `[`, wantErr: "conan: /app/conan.lock: not a conan.lock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &catalog.Input{Path: ev, FS: fstest.MapFS{ev[1:]: {Data: []byte(tt.in)}}}
			got, err := (&Lockfile{}).Catalog(context.Background(), in)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("error %v, want %q", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWants(t *testing.T) {
	for p, want := range map[string]bool{"/app/conan.lock": true, "/app/conanfile.txt": false, "/app/conan.lock.old": false} {
		if got := (&Lockfile{}).Wants(p); got != want {
			t.Errorf("Wants(%q) = %v, want %v", p, got, want)
		}
	}
}

func FuzzLockfile(f *testing.F) {
	for _, name := range []string{"v04/conan.lock", "v05/conan.lock"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		pkgs, err := parse(context.Background(), b, "/x")
		if err != nil && !strings.HasPrefix(err.Error(), "conan: /x: ") {
			t.Errorf("error %q lacks the prefix", err)
		}
		for i, p := range pkgs {
			if p.Type != "conan" || p.Name == "" || p.Version == "" || len(p.Evidence) != 1 {
				t.Errorf("package %d insane: %+v", i, p)
			}
			if i > 0 && sbom.ComparePackages(pkgs[i-1], p) > 0 {
				t.Errorf("packages out of order at %d", i)
			}
		}
	})
}

// TestPackageURL checks the user and channel a lockfile names reach the
// Package URL as the purl spec's conan type qualifiers.
func TestPackageURL(t *testing.T) {
	p := pkg("openssl", "3.0.3", nil, "conan:user", "bincrafters", "conan:channel", "stable")
	if got, want := sbom.PackageURL(p, nil), "pkg:conan/openssl@3.0.3?channel=stable&user=bincrafters"; got != want {
		t.Errorf("PackageURL = %q, want %q", got, want)
	}
}
