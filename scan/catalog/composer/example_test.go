package composer_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/composer"
)

func ExampleInstalled() {
	installed := `{
  "packages": [
    {"name": "monolog/monolog", "version": "2.9.1", "license": ["MIT"], "require": {"php": ">=7.2", "psr/log": "^1.0 || ^2.0 || ^3.0"}},
    {"name": "psr/log", "version": "3.0.0", "license": ["MIT"]},
    {"name": "phpunit/phpunit", "version": "10.3.2", "license": ["BSD-3-Clause"]}
  ],
  "dev": true,
  "dev-package-names": ["phpunit/phpunit"]
}`
	const path = "/var/www/vendor/composer/installed.json"
	in := &catalog.Input{Path: path, FS: fstest.MapFS{path[1:]: {Data: []byte(installed)}}}
	pkgs, err := (&composer.Installed{}).Catalog(context.Background(), in)
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(p.Namespace, p.Name, p.Version, p.Licenses, p.Metadata, p.DependsOn)
	}
	// Output:
	// monolog monolog 2.9.1 [MIT] map[] [pkg:composer/psr/log@3.0.0]
	// phpunit phpunit 10.3.2 [BSD-3-Clause] map[composer:dev:true] []
	// psr log 3.0.0 [MIT] map[] []
}
