package rust_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/rust"
)

func ExampleLockfile() {
	lock := `version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["memchr"]

[[package]]
name = "memchr"
version = "2.7.4"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "78ca9ab1a0babb1e7d5695e3530886289c18cf2f87ec19a575a0abdce112e3a3"
`
	fsys := fstest.MapFS{"src/Cargo.lock": {Data: []byte(lock)}}
	pkgs, err := (&rust.Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/src/Cargo.lock", FS: fsys})
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(sbom.PackageURL(p, nil), p.Hashes[rust.HashSHA256], p.DependsOn)
	}
	// Output:
	// pkg:cargo/app@0.1.0  [pkg:cargo/memchr@2.7.4]
	// pkg:cargo/memchr@2.7.4 78ca9ab1a0babb1e7d5695e3530886289c18cf2f87ec19a575a0abdce112e3a3 []
}
