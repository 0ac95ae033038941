package spdx_test

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/sbom/spdx"
)

func ExampleEncode() {
	inv := &sbom.Inventory{
		Source: &sbom.Source{Name: "example.com/app:1", Digest: "sha256:85d7f1fce09cd2a7ac47bbc5db9b8e23c55754ca9595a5016eb2f1f0de2b7b71"},
		Distro: &sbom.Distro{ID: "debian", VersionID: "12"},
		Packages: []sbom.Package{{
			Type: "deb", Namespace: "debian", Name: "libssl3", Version: "3.0.11-1~deb12u2", Arch: "amd64",
			Origin:   &sbom.Origin{Name: "openssl", Version: "3.0.11-1~deb12u2"},
			Licenses: []string{"Apache-2.0"},
			PURL:     "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl",
		}},
	}
	opts := spdx.Options{
		Format:    spdx.TagValue,
		Created:   time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC),
		Namespace: "https://example.com/spdx/app-1",
	}
	var buf bytes.Buffer
	if err := spdx.Encode(&buf, inv, opts); err != nil {
		log.Fatal(err)
	}
	// The package sections and relationships:
	for _, line := range strings.Split(buf.String(), "\n") {
		if strings.HasPrefix(line, "SPDXID:") || strings.HasPrefix(line, "Relationship:") ||
			strings.HasPrefix(line, "PackageLicenseDeclared:") || strings.HasPrefix(line, "ExternalRef:") {
			fmt.Println(line)
		}
	}

	back, err := spdx.Decode(&buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.Packages[0].Name, back.Packages[0].Origin.Name, back.Packages[0].Arch)
	// Output:
	// SPDXID: SPDXRef-DOCUMENT
	// SPDXID: SPDXRef-Image
	// SPDXID: SPDXRef-OperatingSystem
	// SPDXID: SPDXRef-Package-deb-libssl3-bec3fc7c
	// PackageLicenseDeclared: Apache-2.0
	// ExternalRef: PACKAGE-MANAGER purl pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl
	// SPDXID: SPDXRef-Source-deb-openssl-f552e170
	// Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-Image
	// Relationship: SPDXRef-Image CONTAINS SPDXRef-OperatingSystem
	// Relationship: SPDXRef-Image CONTAINS SPDXRef-Package-deb-libssl3-bec3fc7c
	// Relationship: SPDXRef-Package-deb-libssl3-bec3fc7c GENERATED_FROM SPDXRef-Source-deb-openssl-f552e170
	// libssl3 openssl amd64
}

func ExampleDecode() {
	f, err := os.Open("testdata/real/trivy-centos-7.spdx.tv")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	inv, err := spdx.Decode(f)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(inv.Distro.ID, inv.Distro.VersionID)
	for _, p := range inv.Packages {
		fmt.Println(p.Name, p.Version, p.PURL)
	}
	// Output:
	// centos 7.6.1810
	// bash 4.2.46-31.el7 pkg:rpm/centos/bash@4.2.46-31.el7?arch=x86_64&distro=centos-7.6.1810
	// openssl-libs 1:1.0.2k-16.el7 pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810
}
