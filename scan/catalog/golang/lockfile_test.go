package golang

import (
	"context"
	"encoding/json"
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

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tree is a source tree holding a go.mod and, when sum is not "", a
// go.sum, both from testdata.
func tree(t testing.TB, mod, sum string) fstest.MapFS {
	fsys := fstest.MapFS{"src/go.mod": {Data: readTestdata(t, mod)}}
	if sum != "" {
		fsys["src/go.sum"] = &fstest.MapFile{Data: readTestdata(t, sum)}
	}
	return fsys
}

func catalogMod(t *testing.T, fsys fstest.MapFS) ([]sbom.Package, error) {
	t.Helper()
	return (&Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/src/go.mod", FS: fsys})
}

// TestLockfile checks the real go.mod and go.sum files of testdata
// package by package.
func TestLockfile(t *testing.T) {
	const mod, sum = "/src/go.mod", "/src/go.sum"
	main := sbom.Package{Type: "golang", Namespace: "github.com/org", Name: "repo", Evidence: []string{mod}, Metadata: map[string]string{MetaMain: "true"}}
	dep := func(path, version, h1 string, meta ...string) sbom.Package {
		p := pkg(path, version, h1, mod)
		if h1 != "" {
			p.Evidence = append(p.Evidence, sum)
		}
		for i := 0; i+1 < len(meta); i += 2 {
			p.Metadata = setMeta(p.Metadata, meta[i], meta[i+1])
		}
		return p
	}
	fromSum := func(path, version, h1 string) sbom.Package {
		p := pkg(path, version, h1, sum)
		p.Metadata = map[string]string{MetaIndirect: "true"}
		return p
	}
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want []sbom.Package
	}{{
		name: "normal with go.sum",
		fsys: tree(t, "normal-go.mod", "normal-go.sum"),
		want: []sbom.Package{
			dep("github.com/aquasecurity/go-version", "v0.0.0-20240603093900-cf8a8d29271d", "h1:4zour5Sh9chOg+IqIinIcJ3qtr3cIf8FdFY6aArlXBw="),
			dep("github.com/davecgh/go-spew", "v1.1.2-0.20180830191138-d8f796af33cc", "h1:U9qPSI2PIWSS1VwoXQT9A3Wy9MM3WgvqSxFWenqJduM=", MetaIndirect, "true"),
			main,
			dep("github.com/pmezard/go-difflib", "v1.0.1-0.20181226105442-5d4384ee4fb2", "h1:Jamvg5psRIccs7FGNTlIRMkT8wgtp5eCXdBlqhYGL6U=", MetaIndirect, "true"),
			dep("github.com/stretchr/testify", "v1.9.0", "h1:HtqpIVDClZ4nwg75+f6Lvsy/wHu+3BoSGCbBAcpTsTg=", MetaIndirect, "true"),
			dep("golang.org/x/xerrors", "v0.0.0-20231012003039-104605ab7028", "h1:+cNy6SZtPcJQH3LJVLOSmiC7MMxXNOb3PU/VUEz+EhU=", MetaIndirect, "true"),
		},
	}, {
		name: "normal without go.sum",
		fsys: tree(t, "normal-go.mod", ""),
		want: []sbom.Package{
			dep("github.com/aquasecurity/go-version", "v0.0.0-20240603093900-cf8a8d29271d", ""),
			dep("github.com/davecgh/go-spew", "v1.1.2-0.20180830191138-d8f796af33cc", "", MetaIndirect, "true"),
			main,
			dep("github.com/pmezard/go-difflib", "v1.0.1-0.20181226105442-5d4384ee4fb2", "", MetaIndirect, "true"),
			dep("github.com/stretchr/testify", "v1.9.0", "", MetaIndirect, "true"),
			dep("golang.org/x/xerrors", "v0.0.0-20231012003039-104605ab7028", "", MetaIndirect, "true"),
		},
	}, {
		name: "replaced",
		fsys: tree(t, "replaced-go.mod", ""),
		want: []sbom.Package{
			dep("github.com/aquasecurity/go-dep-parser", "v0.0.0-20220406074731-71021a481237", "",
				MetaReplaces, "github.com/aquasecurity/go-dep-parser v0.0.0-20211110174639-8257534ffed3"),
			main,
			dep("golang.org/x/xerrors", "v0.0.0-20200804184101-5ec99f83aff1", "", MetaIndirect, "true"),
		},
	}, {
		// Before Go 1.17, go.mod leaves indirect modules out; go.sum's
		// modules with a content hash stand in for them.
		name: "go 1.16 with go.sum",
		fsys: fstest.MapFS{
			"src/go.mod": {Data: []byte("module github.com/org/repo\n\ngo 1.16\n\nrequire github.com/urfave/cli v1.22.5\n")},
			"src/go.sum": {Data: readTestdata(t, "gomod_many.sum")},
		},
		want: []sbom.Package{
			fromSum("github.com/BurntSushi/toml", "v0.3.1", "h1:WXkYYl6Yr3qBf1K79EBnL4mak0OimBfB0XUf9Vl28OQ="),
			fromSum("github.com/cpuguy83/go-md2man/v2", "v2.0.0-20190314233015-f79a8a8ca69d", "h1:U+s90UTSYgptZMwQh2aRr3LuazLJIa+Pg3Kc1ylSYVY="),
			fromSum("github.com/davecgh/go-spew", "v1.1.0", "h1:ZDRjVQ15GmhC3fiQ8ni8+OwkZQO4DARzQgrnXU1Liz8="),
			main,
			fromSum("github.com/pmezard/go-difflib", "v1.0.0", "h1:4DBwDE0NGyQoBHbLQYPwSUPoCMWR5BEzIk/f1lZbAQM="),
			fromSum("github.com/russross/blackfriday/v2", "v2.0.1", "h1:lPqVAte+HuHNfhJ/0LC98ESWRz8afy9tM/0RK8m9o+Q="),
			fromSum("github.com/shurcooL/sanitized_anchor_name", "v1.0.0", "h1:PdmoCO6wvbs+7yrJyMORt4/BmY5IYyJwS/kOiWx8mHo="),
			fromSum("github.com/stretchr/objx", "v0.1.0", "h1:4G4v2dO3VZwixGIRoQ5Lfboy6nUhCyYzaqnIAPPhYs4="),
			fromSum("github.com/stretchr/testify", "v1.7.0", "h1:nwc3DEeHmmLAfoZucVR881uASk0Mfjw8xYJ99tb5CcY="),
			dep("github.com/urfave/cli", "v1.22.5", "h1:lNq9sAHXK2qfdI8W+GRItjCEkI+2oR4d+MEHy1CKXoU="),
			fromSum("golang.org/x/xerrors", "v0.0.0-20200804184101-5ec99f83aff1", "h1:go1bK/D/BFZV2I8cIQd1NKEZ+0owSTG1fDTci4IqFcE="),
			fromSum("gopkg.in/yaml.v3", "v3.0.0-20200313102051-9f266ea9e77c", "h1:dUUwHk2QECo/6vqA44rthZ8ie2QXMNeKRTHCNY2nXvo="),
		},
	}, {
		name: "local directory replacement, versioned replacement first",
		fsys: fstest.MapFS{"src/go.mod": {Data: []byte(`module example.com/app

go 1.22

require (
	example.com/a v1.0.0
	example.com/b v1.2.0
	example.com/b v1.1.0
)

replace example.com/a => ../a

replace example.com/b => example.com/fork v1.0.0

replace example.com/b v1.2.0 => example.com/fork v1.2.1
`)}},
		want: []sbom.Package{
			{Type: "golang", Namespace: "example.com", Name: "a", Evidence: []string{mod},
				Metadata: map[string]string{MetaReplaces: "example.com/a v1.0.0", MetaReplaceDir: "../a"}},
			{Type: "golang", Namespace: "example.com", Name: "app", Evidence: []string{mod}, Metadata: map[string]string{MetaMain: "true"}},
			{Type: "golang", Namespace: "example.com", Name: "fork", Version: "v1.2.1", Evidence: []string{mod},
				Metadata: map[string]string{MetaReplaces: "example.com/b v1.2.0"}},
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := catalogMod(t, tc.fsys)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLockfileOracle compares the requirements Catalog reads with those
// `go mod edit -json` (the go command's own parser) lists.
func TestLockfileOracle(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not installed")
	}
	for _, name := range []string{"normal-go.mod", "replaced-go.mod"} {
		t.Run(name, func(t *testing.T) {
			out, err := exec.Command("go", "mod", "edit", "-json", filepath.Join("testdata", name)).Output()
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Module  struct{ Path string }
				Require []struct {
					Path, Version string
					Indirect      bool
				}
			}
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			want := []string{"main " + doc.Module.Path}
			for _, r := range doc.Require {
				want = append(want, strings.TrimSpace(r.Path+" "+r.Version+map[bool]string{true: " indirect"}[r.Indirect]))
			}
			pkgs, err := catalogMod(t, tree(t, name, ""))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range pkgs {
				switch {
				case p.Metadata[MetaMain] == "true":
					got = append([]string{"main " + modulePath(p)}, got...)
				case p.Metadata[MetaReplaces] != "":
					got = append(got, p.Metadata[MetaReplaces]+map[bool]string{true: " indirect"}[p.Metadata[MetaIndirect] == "true"])
				default:
					got = append(got, modulePath(p)+" "+p.Version+map[bool]string{true: " indirect"}[p.Metadata[MetaIndirect] == "true"])
				}
			}
			if diff := cmp.Diff(want, got, cmpSorted); diff != "" {
				t.Errorf("requirements (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLockfileErrors: bad lines are named, the good ones still read; a
// go.sum is only go.mod's companion.
func TestLockfileErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"src/go.mod": {Data: []byte("module example.com/app\n\ngo 1.22\n\nrequire example.com/good v1.0.0\nrequire example.com/bad notaversion\nfrobnicate\n")},
		"src/go.sum": {Data: []byte("example.com/good v1.0.0 h1:abc=\nthis line is wrong\n")},
	}
	pkgs, err := catalogMod(t, fsys)
	var got []string
	for _, p := range pkgs {
		got = append(got, sbom.PackageURL(p, nil)+" "+p.Hashes[HashH1])
	}
	want := []string{"pkg:golang/example.com/app ", "pkg:golang/example.com/good@v1.0.0 h1:abc="}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("packages (-want +got):\n%s", diff)
	}
	for _, s := range []string{"/src/go.mod:6", "/src/go.mod:7", "/src/go.sum:2", `"this line is wrong"`} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("error %v does not name %s", err, s)
		}
	}
	pkgs, err = (&Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/src/go.sum", FS: fsys})
	if pkgs != nil || err != nil {
		t.Errorf("go.sum: %v, %v; want nil, nil", pkgs, err)
	}
	if _, err := catalogMod(t, fstest.MapFS{"src/go.mod": {Data: []byte("require (\n")}}); err == nil {
		t.Error("an unparsable go.mod gave no error")
	}
	for p, want := range map[string]bool{"/src/go.mod": true, "/go.sum": true, "/src/go.mod.bak": false, "/src/gomod": false} {
		if got := (&Lockfile{}).Wants(p); got != want {
			t.Errorf("Wants(%q) = %v", p, got)
		}
	}
}

var cmpSorted = cmp.Transformer("sorted", func(s []string) []string {
	s = append([]string(nil), s...)
	slices.Sort(s)
	return s
})

// FuzzLockfile: go.mod and go.sum of any content never panic, and every
// error names the file.
func FuzzLockfile(f *testing.F) {
	for _, pair := range [][2]string{{"normal-go.mod", "normal-go.sum"}, {"replaced-go.mod", "gomod_many.sum"}} {
		f.Add(readTestdata(f, pair[0]), readTestdata(f, pair[1]))
	}
	f.Fuzz(func(t *testing.T, mod, sum []byte) {
		fsys := fstest.MapFS{"src/go.mod": {Data: mod}, "src/go.sum": {Data: sum}}
		pkgs, err := (&Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/src/go.mod", FS: fsys})
		if err != nil && !strings.Contains(err.Error(), "/src/go.") {
			t.Errorf("error %q names no file", err)
		}
		for _, p := range pkgs {
			if p.Type != "golang" || p.Name == "" || len(p.Evidence) == 0 {
				t.Errorf("package %+v", p)
			}
		}
	})
}
