package rpm_test

import (
	"context"
	"fmt"
	"os"
	"testing/fstest"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/rpm"
)

func Example() {
	db, err := os.ReadFile("testdata/libuuid-bdb/Packages") // a RHEL 8 BerkeleyDB database
	if err != nil {
		fmt.Println(err)
		return
	}
	c := &rpm.Cataloger{}
	fmt.Println(c.Wants("/var/lib/rpm/Packages"), c.Wants("/var/lib/rpm/Name"))
	pkgs, err := c.Catalog(context.Background(), &catalog.Input{
		Path:   "/var/lib/rpm/Packages",
		FS:     fstest.MapFS{"var/lib/rpm/Packages": {Data: db}},
		Distro: &sbom.Distro{ID: "rhel", VersionID: "8.8"},
	})
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(p.Namespace, p.Name, p.Version, p.Arch, *p.Origin, p.Licenses, p.Vendor)
		fmt.Println(len(p.Files), p.Files[2])
		fmt.Println(sbom.PackageURL(p, &sbom.Distro{ID: "rhel", VersionID: "8.8"}))
	}
	// Output:
	// true false
	// redhat libuuid 2.32.1-42.el8_8 x86_64 {util-linux 2.32.1-42.el8_8} [BSD] Red Hat, Inc.
	// 7 /usr/lib64/libuuid.so.1
	// pkg:rpm/redhat/libuuid@2.32.1-42.el8_8?arch=x86_64&distro=rhel-8.8&upstream=util-linux
}
