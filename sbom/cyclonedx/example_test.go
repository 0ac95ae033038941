package cyclonedx_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/sbom/cyclonedx"
)

func Example() {
	distro := &sbom.Distro{ID: "debian", VersionID: "12", Codename: "bookworm"}
	pkg := sbom.Package{
		Type: "deb", Namespace: "debian", Name: "libssl3", Version: "3.0.11-1~deb12u2", Arch: "amd64",
		Origin:   &sbom.Origin{Name: "openssl"},
		Licenses: []string{"Apache-2.0"},
		Evidence: []string{"/var/lib/dpkg/status"},
		Layer:    "sha256:13fc6bf8c48f9238925eed3a211e1a840edf5f310b996347604c7660e636e358",
	}
	pkg.PURL = sbom.PackageURL(pkg, distro)
	inv := &sbom.Inventory{
		Source:   &sbom.Source{Kind: "registry", Name: "debian:12", Digest: "sha256:85d7f1fce09cd2a7ac47bbc5db9b8e23c55754ca9595a5016eb2f1f0de2b7b71"},
		Distro:   distro,
		Packages: []sbom.Package{pkg},
	}

	var doc bytes.Buffer
	err := cyclonedx.Encode(&doc, inv, cyclonedx.Options{Timestamp: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		log.Fatal(err)
	}
	for _, line := range strings.Split(doc.String(), "\n") {
		if strings.Contains(line, `"purl"`) || strings.Contains(line, `"serialNumber"`) {
			fmt.Println(strings.TrimSpace(line))
		}
	}

	back, err := cyclonedx.Decode(&doc)
	if err != nil {
		log.Fatal(err)
	}
	p := back.Packages[0]
	fmt.Println(back.Source.Kind, back.Source.Name, back.Distro.Codename)
	fmt.Println(p.Name, p.Version, p.Arch, p.Origin.Name, p.Licenses, p.Evidence)
	// Output:
	// "serialNumber": "urn:uuid:aa51a6be-ef99-84ba-acbd-3b431fbc7a34",
	// "purl": "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl",
	// sbom debian:12 bookworm
	// libssl3 3.0.11-1~deb12u2 amd64 openssl [Apache-2.0] [/var/lib/dpkg/status]
}
