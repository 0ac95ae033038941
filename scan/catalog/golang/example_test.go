package golang_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/golang"
)

func ExampleLockfile() {
	fsys := fstest.MapFS{
		"src/go.mod": {Data: []byte(`module example.com/app

go 1.22

require (
	github.com/spf13/cobra v1.10.2
	github.com/spf13/pflag v1.0.10 // indirect
)

replace github.com/spf13/pflag => example.com/pflag v1.0.11
`)},
		"src/go.sum": {Data: []byte("github.com/spf13/cobra v1.10.2 h1:DMTTonx5m65Ic0GOoRY2c16WCbHxOOw6xxezuLaBpcU=\n")},
	}
	pkgs, err := (&golang.Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/src/go.mod", FS: fsys})
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(sbom.PackageURL(p, nil), p.Hashes[golang.HashH1], p.Metadata)
	}
	// Output:
	// pkg:golang/example.com/app  map[golang:main:true]
	// pkg:golang/example.com/pflag@v1.0.11  map[golang:indirect:true golang:replaces:github.com/spf13/pflag v1.0.10]
	// pkg:golang/github.com/spf13/cobra@v1.10.2 h1:DMTTonx5m65Ic0GOoRY2c16WCbHxOOw6xxezuLaBpcU= map[]
}
