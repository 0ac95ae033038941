package swift

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

const ev = "/app/Package.resolved"

func pkg(ns, name, version string, meta ...string) sbom.Package {
	p := sbom.Package{Type: "swift", Namespace: ns, Name: name, Version: version, Evidence: []string{ev}, Metadata: map[string]string{}}
	for i := 0; i+1 < len(meta); i += 2 {
		p.Metadata[meta[i]] = meta[i+1]
	}
	return p
}

// TestLockfile checks every field of every package. The counts of the
// files were taken independently with python3: json.load, then
// d["object"]["pins"] for version 1 and d["pins"] otherwise: v1 2 pins,
// v2 5 pins, v3 4 pins.
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
		{name: "v1", in: file("v1/Package.resolved"), want: []sbom.Package{
			pkg("github.com/Quick", "Nimble", "9.2.1", "swift:identity", "Nimble", "swift:revision", "c93f16c25af5770f0d3e6af27c9634640946b068"),
			pkg("github.com/ReactiveCocoa", "ReactiveSwift", "7.1.1", "swift:identity", "ReactiveSwift", "swift:revision", "40c465af19b993344e84355c00669ba2022ca3cd"),
		}},
		{name: "v2", in: file("v2/Package.resolved"), want: []sbom.Package{
			pkg("github.com/Quick", "Nimble", "9.2.1", "swift:identity", "nimble", "swift:revision", "c93f16c25af5770f0d3e6af27c9634640946b068"),
			pkg("github.com/Quick", "Quick", "7.2.0", "swift:identity", "quick", "swift:revision", "494eff9ad74a37047782b0d5d8d84c7ff49a60e4"),
			pkg("github.com/ReactiveCocoa", "ReactiveSwift", "7.1.1", "swift:identity", "reactiveswift", "swift:revision", "40c465af19b993344e84355c00669ba2022ca3cd"),
			pkg("github.com/mattgallagher", "CwlCatchException", "2.1.2", "swift:identity", "cwlcatchexception", "swift:revision", "3b123999de19bf04905bc1dfdb76f817b0f2cc00"),
			pkg("github.com/mattgallagher", "CwlPreconditionTesting", "2.1.2", "swift:identity", "cwlpreconditiontesting", "swift:revision", "a23ded2c91df9156628a6996ab4f347526f17b6b"),
		}},
		{name: "v3: branch, scp URL, local path, registry", in: file("v3/Package.resolved"), want: []sbom.Package{
			pkg("", "localpkg", "1.0.0", "swift:identity", "localpkg", "swift:revision", "0123456789abcdef0123456789abcdef01234567"),
			pkg("github.com/apple", "swift-log", "e97a6fcb1ab07462881ac165fdbb37f067e205d5", "swift:identity", "swift-log", "swift:revision", "e97a6fcb1ab07462881ac165fdbb37f067e205d5", "swift:branch", "main"),
			pkg("github.com/apple", "swift-nio", "2.64.0", "swift:identity", "swift-nio", "swift:revision", "fc63f0cf4e55a4597407a9fc95b16a2bc44b4982"),
			pkg("mona", "linkedlist", "1.1.0", "swift:identity", "mona.linkedlist"),
		}},
		{name: "bad pin", in: `{"pins":[{"identity":"x","location":"https://h/o/x"},{"identity":"y","location":"https://gitlab.com:8443/g/sub/y/","state":{"version":"1.0.0"}},3],"version":2}`,
			want:    []sbom.Package{pkg("gitlab.com/g/sub", "y", "1.0.0", "swift:identity", "y")},
			wantErr: `swift: /app/Package.resolved: pin 0 ("x"): no location, version or revision`},
		{name: "no pins", in: `{"pins":[],"version":2}`},
		{name: "no version", in: `{"pins":[]}`, wantErr: "swift: /app/Package.resolved: not a Package.resolved: no version"},
		{name: "not json", in: `{`, wantErr: "swift: /app/Package.resolved: not a Package.resolved"},
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

func TestSplitLocation(t *testing.T) {
	for loc, want := range map[string][2]string{
		"https://github.com/apple/swift-nio.git":   {"github.com/apple", "swift-nio"},
		"https://github.com/apple/swift-nio":       {"github.com/apple", "swift-nio"},
		"ssh://git@github.com/apple/swift-nio.git": {"github.com/apple", "swift-nio"},
		"git@github.com:apple/swift-nio.git":       {"github.com/apple", "swift-nio"},
		"https://host:8443/a/b/c.git?x=1":          {"host/a/b", "c"},
		"/Users/me/pkg":                            {"", ""},
		"C:\\src\\pkg":                             {"", ""},
		"https://github.com/":                      {"", ""},
		"":                                         {"", ""},
	} {
		ns, name := splitLocation(loc)
		if got := [2]string{ns, name}; got != want {
			t.Errorf("splitLocation(%q) = %q, want %q", loc, got, want)
		}
	}
}

func TestPackageURL(t *testing.T) {
	got := sbom.PackageURL(pkg("github.com/apple", "swift-nio", "2.41.1"), nil)
	if want := "pkg:swift/github.com/apple/swift-nio@2.41.1"; got != want {
		t.Errorf("PackageURL = %q, want %q", got, want)
	}
}

func TestWants(t *testing.T) {
	for p, want := range map[string]bool{"/app/Package.resolved": true, "/a/App.xcworkspace/xcshareddata/swiftpm/Package.resolved": true, "/app/Package.swift": false} {
		if got := (&Lockfile{}).Wants(p); got != want {
			t.Errorf("Wants(%q) = %v, want %v", p, got, want)
		}
	}
}

func FuzzLockfile(f *testing.F) {
	for _, name := range []string{"v1/Package.resolved", "v2/Package.resolved", "v3/Package.resolved"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		pkgs, err := parse(context.Background(), b, "/x")
		if err != nil && !strings.HasPrefix(err.Error(), "swift: /x: ") {
			t.Errorf("error %q lacks the prefix", err)
		}
		for i, p := range pkgs {
			if p.Type != "swift" || p.Name == "" || p.Version == "" || len(p.Evidence) != 1 {
				t.Errorf("package %d insane: %+v", i, p)
			}
			if i > 0 && sbom.ComparePackages(pkgs[i-1], p) > 0 {
				t.Errorf("packages out of order at %d", i)
			}
		}
	})
}
