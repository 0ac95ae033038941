package python_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/python"
)

// Installed reads a distribution's metadata in site-packages; a second
// metadata folder of the same distribution adds evidence, not a package.
func ExampleInstalled() {
	const site = "usr/lib/python3/dist-packages/"
	fsys := fstest.MapFS{
		site + "Jinja2-3.1.2.dist-info/METADATA": {Data: []byte("Metadata-Version: 2.1\nName: Jinja2\nVersion: 3.1.2\nLicense: BSD-3-Clause\n")},
		site + "Jinja2-3.1.2.egg-info/PKG-INFO":  {Data: []byte("Metadata-Version: 1.2\nName: Jinja2\nVersion: 3.1.2\n")},
		site + "Jinja2-3.1.2.dist-info/RECORD":   {Data: []byte("jinja2/__init__.py,sha256=x,1\n")},
		"src/tests/six-1.0.dist-info/METADATA":   {Data: []byte("Name: six\nVersion: 1.0\n")},
	}
	c := &python.Installed{}
	for _, p := range []string{
		"/" + site + "Jinja2-3.1.2.dist-info/METADATA",
		"/" + site + "Jinja2-3.1.2.egg-info/PKG-INFO",
		"/src/tests/six-1.0.dist-info/METADATA",
	} {
		if !c.Wants(p) {
			fmt.Println("not wanted:", p)
			continue
		}
		pkgs, err := c.Catalog(context.Background(), &catalog.Input{Path: p, FS: fsys})
		if err != nil {
			fmt.Println(err)
		}
		for _, pkg := range pkgs {
			fmt.Println(pkg.Name, pkg.Version, pkg.Licenses, pkg.Metadata["pypi:name"])
			fmt.Println(pkg.Evidence)
			fmt.Println(pkg.Files)
		}
	}
	// Output:
	// jinja2 3.1.2 [BSD-3-Clause] Jinja2
	// [/usr/lib/python3/dist-packages/Jinja2-3.1.2.dist-info/METADATA /usr/lib/python3/dist-packages/Jinja2-3.1.2.egg-info/PKG-INFO /usr/lib/python3/dist-packages/Jinja2-3.1.2.dist-info/RECORD]
	// [/usr/lib/python3/dist-packages/jinja2/__init__.py]
	// not wanted: /src/tests/six-1.0.dist-info/METADATA
}

// Lockfile reads the exact pins of a requirements file; ranges are not
// pins.
func ExampleLockfile() {
	fsys := fstest.MapFS{"app/requirements.txt": {Data: []byte(
		"Django==4.2.7 --hash=sha256:8e0f1c2c2786b5c0e39fe1afce24c926040fad47c8ea8ad30aaf1188df29fc41\n" +
			"requests>=2.31\n" +
			"pytest==8.0.0 ; python_version >= '3.8'  # tests\n")}}
	pkgs, err := (&python.Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/app/requirements.txt", FS: fsys})
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(p.Name, p.Version, p.Hashes)
	}
	// Output:
	// django 4.2.7 map[SHA-256:8e0f1c2c2786b5c0e39fe1afce24c926040fad47c8ea8ad30aaf1188df29fc41]
	// pytest 8.0.0 map[]
}
