package swift_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/swift"
)

func ExampleLockfile() {
	resolved := `{
  "pins" : [
    {
      "identity" : "swift-nio",
      "kind" : "remoteSourceControl",
      "location" : "https://github.com/apple/swift-nio.git",
      "state" : { "revision" : "a5e5ed5cde8fbbd7fe9bad3a8fe03c4bbbc3f7a4", "version" : "2.41.1" }
    }
  ],
  "version" : 2
}`
	const path = "/src/app/Package.resolved"
	in := &catalog.Input{Path: path, FS: fstest.MapFS{path[1:]: {Data: []byte(resolved)}}}
	pkgs, err := (&swift.Lockfile{}).Catalog(context.Background(), in)
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(sbom.PackageURL(p, nil))
	}
	// Output:
	// pkg:swift/github.com/apple/swift-nio@2.41.1
}
