package sbomfile_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/loadline/loadline/sbom/sbomfile"
)

// Decode reads an SBOM without being told its format; Encode writes the
// inventory in another, here converting CycloneDX to SPDX tag-value.
func Example() {
	const doc = `{
  "bomFormat": "CycloneDX",
  "specVersion": "1.5",
  "components": [
    {"type": "library", "name": "zlib", "version": "1.2.13-r0",
     "purl": "pkg:apk/alpine/zlib@1.2.13-r0?arch=x86_64&distro=3.17.2"}
  ]
}`
	inv, format, err := sbomfile.Decode(context.Background(), strings.NewReader(doc))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(format)
	for _, p := range inv.Packages {
		fmt.Println(p.Type, p.Namespace, p.Name, p.Version, p.Arch)
	}

	var out strings.Builder
	opts := sbomfile.Options{Created: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	if err := sbomfile.Encode(&out, inv, sbomfile.SPDXTagValue, opts); err != nil {
		log.Fatal(err)
	}
	for line := range strings.Lines(out.String()) {
		if strings.HasPrefix(line, "SPDXVersion:") || strings.HasPrefix(line, "PackageName:") {
			fmt.Print(line)
		}
	}
	// Output:
	// cyclonedx-json 1.5
	// apk alpine zlib 1.2.13-r0 x86_64
	// SPDXVersion: SPDX-2.3
	// PackageName: NOASSERTION
	// PackageName: zlib
}

// A document that is not an SBOM is rejected with what it looks like.
func ExampleDecode_notAnSBOM() {
	_, _, err := sbomfile.Decode(context.Background(), strings.NewReader(`{"document": {"category": "csaf_vex", "csaf_version": "2.0"}}`))
	fmt.Println(err)
	fmt.Println(errors.Is(err, sbomfile.ErrNotSBOM))
	// Output:
	// sbomfile: not an SBOM: a CSAF document (csaf_version 2.0)
	// true
}

// ParseKind turns a format name, as a command line takes it, into a Kind.
func ExampleParseKind() {
	k, err := sbomfile.ParseKind("cyclonedx-xml")
	fmt.Println(k == sbomfile.CycloneDXXML, err)
	_, err = sbomfile.ParseKind("yaml")
	fmt.Println(err)
	// Output:
	// true <nil>
	// sbomfile: unknown format "yaml" (want cyclonedx-json, cyclonedx-xml, spdx-json or spdx-tag-value)
}
