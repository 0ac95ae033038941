package sbom_test

import (
	"fmt"

	"github.com/loadline/loadline/sbom"
)

func ExamplePackageURL() {
	p := sbom.Package{Type: "deb", Namespace: "debian", Name: "libssl3", Version: "3.0.11-1~deb12u2",
		Arch: "amd64", Origin: &sbom.Origin{Name: "openssl", Version: "3.0.11-1~deb12u2"}}
	fmt.Println(sbom.PackageURL(p, &sbom.Distro{ID: "debian", VersionID: "12"}))
	// Output:
	// pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl
}
