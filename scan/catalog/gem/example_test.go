package gem_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/gem"
)

func ExampleInstalled() {
	spec := `# -*- encoding: utf-8 -*-
# stub: nokogiri 1.15.4 x86_64-linux lib

Gem::Specification.new do |s|
  s.name = "nokogiri".freeze
  s.version = "1.15.4"
  s.platform = "x86_64-linux".freeze
  s.licenses = ["MIT".freeze]
end
`
	const path = "/usr/local/bundle/specifications/nokogiri-1.15.4-x86_64-linux.gemspec"
	c := &gem.Installed{}
	fmt.Println(c.Wants(path), c.Wants("/usr/local/bundle/gems/nokogiri-1.15.4-x86_64-linux/nokogiri.gemspec"))
	in := &catalog.Input{Path: path, FS: fstest.MapFS{path[1:]: {Data: []byte(spec)}}}
	pkgs, err := c.Catalog(context.Background(), in)
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(p.Type, p.Name, p.Version, p.Arch, p.Licenses)
	}
	// Output:
	// true false
	// gem nokogiri 1.15.4 x86_64-linux [MIT]
}

func ExampleLockfile() {
	lock := `GEM
  remote: https://rubygems.org/
  specs:
    nokogiri (1.15.4-x86_64-linux)
      racc (~> 1.4)
    racc (1.7.3)

PLATFORMS
  x86_64-linux

DEPENDENCIES
  nokogiri

BUNDLED WITH
   2.5.3
`
	const path = "/src/app/Gemfile.lock"
	in := &catalog.Input{Path: path, FS: fstest.MapFS{path[1:]: {Data: []byte(lock)}}}
	pkgs, err := (&gem.Lockfile{}).Catalog(context.Background(), in)
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(p.Name, p.Version, p.Arch, p.DependsOn)
	}
	// Output:
	// nokogiri 1.15.4 x86_64-linux [pkg:gem/racc@1.7.3]
	// racc 1.7.3  []
}
