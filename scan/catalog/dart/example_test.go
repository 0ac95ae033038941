package dart_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/dart"
)

func ExampleLockfile() {
	lock := `packages:
  http:
    dependency: "direct main"
    description:
      name: http
      url: "https://pub.dev"
    source: hosted
    version: "1.1.0"
  test:
    dependency: "direct dev"
    description:
      name: test
      url: "https://pub.dev"
    source: hosted
    version: "1.24.6"
  flutter:
    dependency: "direct main"
    description: flutter
    source: sdk
    version: "0.0.0"
`
	const path = "/src/app/pubspec.lock"
	in := &catalog.Input{Path: path, FS: fstest.MapFS{path[1:]: {Data: []byte(lock)}}}
	pkgs, err := (&dart.Lockfile{}).Catalog(context.Background(), in)
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(p.Type, p.Name, p.Version, p.Metadata)
	}
	// Output:
	// pub http 1.1.0 map[pub:source:hosted]
	// pub test 1.24.6 map[pub:dev:true pub:source:hosted]
}
