package conan_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/conan"
)

func ExampleLockfile() {
	lock := `{
    "version": "0.5",
    "requires": ["openssl/3.0.3@bincrafters/stable#288ab73765e69844899535609ee0dfe4%1675278904.07"],
    "build_requires": ["cmake/3.27.0"],
    "python_requires": []
}`
	const path = "/src/app/conan.lock"
	in := &catalog.Input{Path: path, FS: fstest.MapFS{path[1:]: {Data: []byte(lock)}}}
	pkgs, err := (&conan.Lockfile{}).Catalog(context.Background(), in)
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(p.Name, p.Version, p.Metadata)
	}
	// Output:
	// cmake 3.27.0 map[conan:dev:true]
	// openssl 3.0.3 map[conan:channel:stable conan:rrev:288ab73765e69844899535609ee0dfe4 conan:user:bincrafters]
}
