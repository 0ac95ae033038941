package dpkg_test

import (
	"context"
	"fmt"
	"strings"
	"testing/fstest"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/dpkg"
)

func Example() {
	fsys := fstest.MapFS{
		"var/lib/dpkg/status": {Data: []byte(`Package: libzstd1
Status: install ok installed
Architecture: amd64
Source: libzstd
Version: 1.5.4+dfsg2-5

Package: bash
Status: install ok installed
Architecture: amd64
Source: bash (5.2.15-2)
Version: 5.2.15-2+b8

Package: git
Status: deinstall ok config-files
Architecture: amd64
Version: 1:2.39.5-0+deb12u2
`)},
		"var/lib/dpkg/info/libzstd1:amd64.list": {Data: []byte("/.\n/usr\n/usr/lib/x86_64-linux-gnu/libzstd.so.1\n")},
	}
	c := &dpkg.Cataloger{}
	pkgs, err := c.Catalog(context.Background(), &catalog.Input{
		Path:   "/var/lib/dpkg/status",
		FS:     fsys,
		Distro: &sbom.Distro{ID: "debian", VersionID: "12"},
	})
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(p.Namespace, p.Name, p.Version, p.Arch, *p.Origin, p.Files)
	}
	// Output:
	// debian bash 5.2.15-2+b8 amd64 {bash 5.2.15-2} []
	// debian libzstd1 1.5.4+dfsg2-5 amd64 {libzstd } [/usr /usr/lib/x86_64-linux-gnu/libzstd.so.1]
}

func ExampleParse() {
	status := "Package: x\r\nStatus: install ok installed\r\nVersion: 1.0\r\n\r\nVersion: 2.0\r\n"
	pkgs, err := dpkg.Parse(context.Background(), strings.NewReader(status), "/var/lib/dpkg/status")
	for _, p := range pkgs {
		fmt.Println(p.Type, p.Name, p.Version, p.Evidence)
	}
	fmt.Println(err)
	// Output:
	// deb x 1.0 [/var/lib/dpkg/status]
	// dpkg: /var/lib/dpkg/status: paragraph at line 5: no Package field
}
