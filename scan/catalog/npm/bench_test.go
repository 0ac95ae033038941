package npm

import (
	"context"
	"fmt"
	"os"
	"testing"
	"testing/fstest"

	"github.com/loadline/loadline/scan/catalog"
)

// BenchmarkInstalled catalogs a node_modules tree of 1,200 packages (the
// real manifests of testdata, each under 100 names), as the scanner
// would: WantsFile, then Catalog with a one-file FS, for every manifest,
// plus a fixture manifest per package that WantsFile turns away.
func BenchmarkInstalled(b *testing.B) {
	var manifests [][]byte
	for _, p := range []string{"minipass", "yallist", "qrcode-terminal", "@npmcli/fs", "glob", "bootstrap"} {
		data, err := os.ReadFile("testdata/installed/app/node_modules/" + p + "/package.json")
		if err != nil {
			b.Fatal(err)
		}
		manifests = append(manifests, data)
	}
	type file struct {
		path string
		fs   fstest.MapFS
	}
	var files []file
	for i := range 1200 {
		for _, path := range []string{
			fmt.Sprintf("/app/node_modules/p%d/node_modules/%d/package.json", i/12, i),
			fmt.Sprintf("/app/node_modules/p%d/node_modules/%d/test/fixtures/package.json", i/12, i),
		} {
			files = append(files, file{path, fstest.MapFS{path[1:]: {Data: manifests[i%len(manifests)]}}})
		}
	}
	c, ctx := &Installed{}, context.Background()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, f := range files {
			if !c.WantsFile(f.path, 0o644, int64(len(f.fs[f.path[1:]].Data))) {
				continue
			}
			pkgs, err := c.Catalog(ctx, &catalog.Input{Path: f.path, FS: f.fs})
			if err != nil {
				b.Fatal(err)
			}
			n += len(pkgs)
		}
		if n != 1200 {
			b.Fatalf("%d packages, want 1200", n)
		}
	}
}

// BenchmarkLockfile reads the largest testdata lockfile of each kind.
func BenchmarkLockfile(b *testing.B) {
	for _, f := range []string{"package-lock_v2.json", "yarn_v2_happy.lock", "yarn_happy.lock", "pnpm-lock_v6_with_dev.yaml"} {
		data, err := os.ReadFile("testdata/" + f)
		if err != nil {
			b.Fatal(err)
		}
		fsys := fstest.MapFS{lockName(f): {Data: data}}
		b.Run(f, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (&Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: lockName(f), FS: fsys}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
