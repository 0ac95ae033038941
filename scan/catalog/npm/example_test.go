package npm_test

import (
	"context"
	"fmt"
	"io/fs"
	"testing/fstest"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/npm"
)

func ExampleInstalled() {
	fsys := fstest.MapFS{
		"app/node_modules/@babel/core/package.json":     {Data: []byte(`{"name": "@babel/core", "version": "7.24.0", "license": "MIT"}`)},
		"app/node_modules/x/test/fixtures/package.json": {Data: []byte(`{"name": "fixture", "version": "0.0.0"}`)},
	}
	c := &npm.Installed{}
	for _, path := range []string{"/app/node_modules/@babel/core/package.json", "/app/node_modules/x/test/fixtures/package.json"} {
		if !c.WantsFile(path, 0o644, 100) {
			fmt.Println("not wanted:", path)
			continue
		}
		pkgs, err := c.Catalog(context.Background(), &catalog.Input{Path: path, FS: fsys})
		if err != nil {
			fmt.Println(err)
		}
		for _, p := range pkgs {
			fmt.Println(sbom.PackageURL(p, nil), p.Licenses)
		}
	}
	// Output:
	// pkg:npm/%40babel/core@7.24.0 [MIT]
	// not wanted: /app/node_modules/x/test/fixtures/package.json
}

func ExampleLockfile() {
	lock := `# yarn lockfile v1

debug@^4.3.4:
  version "4.3.4"
  integrity sha1-5QNHYR1+aQlDIIu9r+vLwvuGbUY=
  dependencies:
    ms "2.1.2"

ms@2.1.2:
  version "2.1.2"
`
	fsys := fstest.MapFS{"src/yarn.lock": {Data: []byte(lock), Mode: fs.ModePerm}}
	pkgs, err := (&npm.Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/src/yarn.lock", FS: fsys})
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(p.Name, p.Version, p.Hashes, p.DependsOn)
	}
	// Output:
	// debug 4.3.4 map[SHA-1:e50347611d7e690943208bbdafebcbc2fb866d46] [pkg:npm/ms@2.1.2]
	// ms 2.1.2 map[] []
}
