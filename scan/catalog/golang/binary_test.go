package golang

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// goEnv is the environment of an offline go build: the module cache
// only, no VCS stamping, no cgo.
func goEnv() []string {
	return append(os.Environ(), "GOPROXY=off", "GOSUMDB=off", "GOWORK=off", "CGO_ENABLED=0",
		"GOFLAGS=-mod=mod -buildvcs=false")
}

// goBuild builds pkg in dir into a temporary file with the extra
// environment and flags, and returns its path; it skips the test when go is absent.
func goBuild(t *testing.T, dir, pkg string, env []string, flags ...string) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not installed")
	}
	out := filepath.Join(t.TempDir(), "bin")
	cmd := exec.Command("go", append(append([]string{"build", "-o", out}, flags...), pkg)...)
	cmd.Dir, cmd.Env = dir, append(goEnv(), env...)
	if b, err := cmd.CombinedOutput(); err != nil {
		if bytes.Contains(b, []byte("GOPROXY=off")) {
			t.Skipf("go build %s: a module is not in the module cache, and this test is offline:\n%s", pkg, b)
		}
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	return out
}

// goVersionM returns what `go version -m` says of the binary: the
// toolchain, and one row per mod or dep line, its => line joined.
func goVersionM(t *testing.T, bin string) (toolchain string, rows []string) {
	t.Helper()
	out, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	for i, line := range strings.Split(string(out), "\n") {
		if i == 0 {
			_, toolchain, _ = strings.Cut(line, ": ")
			continue
		}
		f := strings.Split(strings.TrimPrefix(line, "\t"), "\t")
		switch f[0] {
		case "mod", "dep":
			rows = append(rows, strings.TrimRight(strings.Join(f, " "), " "))
		case "=>":
			rows[len(rows)-1] += " " + strings.TrimRight(strings.Join(f, " "), " ")
		}
	}
	return toolchain, rows
}

// rows turns packages back into `go version -m` rows, and returns the
// stdlib version apart.
func rows(t *testing.T, pkgs []sbom.Package, evidence string) (stdlib string, got []string) {
	t.Helper()
	for _, p := range pkgs {
		if p.Type != "golang" || !cmp.Equal(p.Evidence, []string{evidence}) {
			t.Errorf("%s: type %q, evidence %q", p.Name, p.Type, p.Evidence)
		}
		if p.Name == "stdlib" && p.Namespace == "" {
			stdlib = p.Version
			continue
		}
		path, version := modulePath(p), p.Version
		kind := "dep"
		if p.Metadata[MetaMain] == "true" {
			kind = "mod"
			if version == "" {
				version = "(devel)"
			}
		}
		sum := p.Hashes[HashH1]
		row := strings.TrimRight(strings.Join([]string{kind, path, version, sum}, " "), " ")
		if orig, ok := p.Metadata[MetaReplaces]; ok {
			row = kind + " " + orig + " =>"
			if dir, ok := p.Metadata[MetaReplaceDir]; ok {
				row += " " + dir + " (devel)"
			} else {
				row += strings.TrimRight(" "+path+" "+version+" "+sum, " ")
			}
		}
		got = append(got, row)
	}
	return stdlib, got
}

// replaceModule writes a module that requires one module replaced by
// another version of it and one replaced by a local directory. It
// builds offline: go-cmp v0.7.0, the replacement, is in the module cache
// of whoever compiles these tests, and the required v0.6.0 is never
// fetched, since a replacement for all versions stands in for it.
func replaceModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": `module example.com/app

go 1.22

require (
	example.com/local v0.0.0
	github.com/google/go-cmp v0.6.0
)

replace github.com/google/go-cmp => github.com/google/go-cmp v0.7.0

replace example.com/local => ./local
`,
		"local/go.mod":   "module example.com/local\n\ngo 1.22\n",
		"local/local.go": "package local\n\nfunc X() int { return 1 }\n",
		"main.go": `package main

import (
	"fmt"

	"example.com/local"
	"github.com/google/go-cmp/cmp"
)

func main() { fmt.Println(cmp.Equal(1, local.X())) }
`,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// moduleRoot returns the directory of this repository's go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Skipf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// TestBinaryOracle builds real binaries and compares Catalog with
// `go version -m` on each: every module path, version and h1: sum,
// every replacement, and the toolchain.
func TestBinaryOracle(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not installed")
	}
	type build struct {
		name, pkg string
		flags     []string
		env       []string
		short     bool // cheap enough for -short: no new build of the standard library
	}
	readonly := []string{"GOFLAGS=-mod=readonly -buildvcs=false"} // never touch this repository's go.mod
	builds := []build{
		{name: "replace", pkg: ".", short: true},
		{name: "replace-stripped", pkg: ".", flags: []string{"-ldflags=-s -w"}, short: true},
		{name: "replace-trimpath", pkg: ".", flags: []string{"-trimpath"}},
		{name: "replace-windows-pe", pkg: ".", env: []string{"GOOS=windows", "GOARCH=amd64"}},
		{name: "replace-darwin-macho", pkg: ".", env: []string{"GOOS=darwin", "GOARCH=arm64"}},
		{name: "loadline", pkg: "./examples/loadline", env: readonly},
		{name: "loadline-stripped", pkg: "./examples/loadline", env: readonly, flags: []string{"-ldflags=-s -w"}},
	}
	for _, b := range builds {
		t.Run(b.name, func(t *testing.T) {
			if testing.Short() && !b.short {
				t.Skip("builds the example program")
			}
			dir := moduleRoot(t)
			if b.pkg == "." {
				dir = replaceModule(t)
			}
			bin := goBuild(t, dir, b.pkg, b.env, b.flags...)
			data, err := os.ReadFile(bin)
			if err != nil {
				t.Fatal(err)
			}
			const at = "/usr/local/bin/app"
			pkgs, err := (&Binary{}).Catalog(context.Background(), &catalog.Input{Path: at, FS: fstest.MapFS{at[1:]: {Data: data, Mode: 0o755}}})
			if err != nil {
				t.Fatal(err)
			}
			toolchain, want := goVersionM(t, bin)
			stdlib, got := rows(t, pkgs, at)
			slices.Sort(want)
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("modules (-want +got):\n%s", diff)
			}
			if "go"+stdlib != toolchain {
				t.Errorf("stdlib %q, toolchain %q", stdlib, toolchain)
			}
			if len(want) < 2 {
				t.Errorf("the oracle lists %d modules", len(want))
			}
		})
	}
}

// readerOnly hides a file's io.ReaderAt, so that Catalog reads it whole.
type readerOnly struct{ fs.FS }

type plainFile struct{ fs.File }

func (r readerOnly) Open(name string) (fs.File, error) {
	f, err := r.FS.Open(name)
	return plainFile{f}, err
}

func TestBinaryNotGo(t *testing.T) {
	elfHeader := append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 57)...)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"shell script", []byte("#!/bin/sh\necho hello world, this is no binary\n")},
		{"empty", nil},
		{"elf header only", elfHeader},
		{"truncated elf", []byte("\x7fELF")},
		{"pe stub", append([]byte("MZ"), make([]byte, 62)...)},
		{"java class", append([]byte("\xca\xfe\xba\xbe"), make([]byte, 60)...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"bin/x": {Data: tc.data, Mode: 0o755}}
			for _, f := range []fs.FS{fsys, readerOnly{fsys}} {
				pkgs, err := (&Binary{}).Catalog(context.Background(), &catalog.Input{Path: "/bin/x", FS: f})
				if pkgs != nil || err != nil {
					t.Errorf("got %v, %v; want nil, nil", pkgs, err)
				}
			}
		})
	}
	if _, err := (&Binary{}).Catalog(context.Background(), &catalog.Input{Path: "/bin/y", FS: fstest.MapFS{}}); err == nil || !strings.HasPrefix(err.Error(), "golang: ") {
		t.Errorf("a missing file: error %v", err)
	}
}

// TestBinaryReadWhole reads a real binary through an FS whose files are
// no io.ReaderAt.
func TestBinaryReadWhole(t *testing.T) {
	bin := goBuild(t, replaceModule(t), ".", nil)
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"app": {Data: data, Mode: 0o755}}
	want, err := (&Binary{}).Catalog(context.Background(), &catalog.Input{Path: "/app", FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	got, err := (&Binary{}).Catalog(context.Background(), &catalog.Input{Path: "/app", FS: readerOnly{fsys}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" || len(got) != 4 {
		t.Errorf("%d packages (-ReaderAt +read whole):\n%s", len(got), diff)
	}
	var purls []string
	for _, p := range got {
		purls = append(purls, sbom.PackageURL(p, nil))
	}
	wantPURLs := []string{
		"pkg:golang/stdlib@" + strings.TrimPrefix(goVersion(t), "go"),
		"pkg:golang/example.com/app",
		"pkg:golang/example.com/local",
		"pkg:golang/github.com/google/go-cmp@v0.7.0",
	}
	if diff := cmp.Diff(wantPURLs, purls); diff != "" {
		t.Errorf("PURLs (-want +got):\n%s", diff)
	}
}

func goVersion(t *testing.T) string {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSpace(out))
}

func TestWantsFile(t *testing.T) {
	for _, tc := range []struct {
		path string
		mode fs.FileMode
		size int64
		want bool
	}{
		{"/usr/bin/app", 0o755, 1 << 20, true},
		{"/usr/bin/app", 0o700, 1 << 20, true},
		{"/usr/bin/app", 0o644, 1 << 20, false},
		{"/app/tool.EXE", 0o644, 1 << 20, true},
		{"/usr/bin/app", 0o755, MaxBinarySize + 1, false},
		{"/usr/bin/app", 0o755, 8, false},
		{"/usr/bin/app", fs.ModeSymlink | 0o777, 1 << 20, false},
		{"/usr/bin/", fs.ModeDir | 0o755, 1 << 20, false},
	} {
		if got := (&Binary{}).WantsFile(tc.path, tc.mode, tc.size); got != tc.want {
			t.Errorf("WantsFile(%q, %v, %d) = %v, want %v", tc.path, tc.mode, tc.size, got, tc.want)
		}
	}
}

// FuzzBinary feeds Catalog executable headers, truncated and mutated:
// it must never panic, and must name the file in any error.
func FuzzBinary(f *testing.F) {
	f.Add([]byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00\x01\x00\x00\x00"))
	f.Add([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"))
	f.Add([]byte("\xcf\xfa\xed\xfe\x07\x00\x00\x01\x03\x00\x00\x00\x02\x00\x00\x00"))
	f.Add([]byte("\x00asm\x01\x00\x00\x00"))
	f.Add([]byte("\x7fELF\x02\x01\x01\x00\xff Go buildinf:\x08\x02"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pkgs, err := (&Binary{}).Catalog(context.Background(), &catalog.Input{Path: "/x", FS: fstest.MapFS{"x": {Data: data}}})
		if err != nil && !strings.HasPrefix(err.Error(), "golang: /x: ") {
			t.Errorf("error %q does not name the file", err)
		}
		for _, p := range pkgs {
			if p.Type != "golang" || p.Name == "" {
				t.Errorf("package %+v", p)
			}
		}
	})
}

// TestFromBuildInfo covers build info that no build here makes: a
// development toolchain, a GOEXPERIMENT toolchain, a main module
// installed at a version, a GOPATH build with no modules.
func TestFromBuildInfo(t *testing.T) {
	for _, tc := range []struct {
		name, info string
		want       []string // PURL and metadata
	}{{
		name: "go install at a version, experiment toolchain",
		info: "go\tgo1.22.5 X:boringcrypto\npath\tgolang.org/x/vuln/cmd/govulncheck\nmod\tgolang.org/x/vuln\tv1.1.3\th1:abc=\ndep\tgolang.org/x/mod\tv0.19.0\th1:def=\n",
		want: []string{
			"pkg:golang/stdlib@1.22.5 map[]",
			"pkg:golang/golang.org/x/mod@v0.19.0 map[]",
			"pkg:golang/golang.org/x/vuln@v1.1.3 map[golang:main:true]",
		},
	}, {
		name: "development toolchain",
		info: "go\tdevel go1.23-8a1b2c3 Tue Jun 4 12:00:00 2024 +0000\npath\texample.com/app\nmod\texample.com/app\t(devel)\t\n",
		want: []string{"pkg:golang/example.com/app map[golang:main:true]"},
	}, {
		name: "GOPATH build",
		info: "go\tgo1.12.17\n",
		want: []string{"pkg:golang/stdlib@1.12.17 map[]"},
	}, {
		name: "replaced by an absolute directory and by a fork",
		info: "go\tgo1.21.0\npath\texample.com/app\nmod\texample.com/app\tv0.0.0-20240101000000-abcdefabcdef+dirty\t\ndep\texample.com/a\tv1.0.0\n=>\t/abs/a\t\t\n" +
			"dep\texample.com/difflib\tv1.0.0\n=>\tgithub.com/pmezard/go-difflib\tv1.0.0\th1:4DBwDE0NGyQoBHbLQYPwSUPoCMWR5BEzIk/f1lZbAQM=\n",
		want: []string{
			"pkg:golang/stdlib@1.21.0 map[]",
			"pkg:golang/example.com/a map[golang:replaceDir:/abs/a golang:replaces:example.com/a v1.0.0]",
			"pkg:golang/example.com/app@v0.0.0-20240101000000-abcdefabcdef%2Bdirty map[golang:main:true]",
			"pkg:golang/github.com/pmezard/go-difflib@v1.0.0 map[golang:replaces:example.com/difflib v1.0.0]",
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			goVersion, rest, _ := strings.Cut(tc.info, "\n")
			bi, err := debug.ParseBuildInfo(rest)
			if err != nil {
				t.Fatal(err)
			}
			bi.GoVersion = strings.TrimPrefix(goVersion, "go\t")
			var got []string
			for _, p := range fromBuildInfo(bi, "/app") {
				got = append(got, fmt.Sprint(sbom.PackageURL(p, nil), " ", p.Metadata))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
		})
	}
}
