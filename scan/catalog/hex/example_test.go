package hex_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/hex"
)

func ExampleLockfile() {
	lock := `%{
  "jason": {:hex, :jason, "1.4.1", "af1504e35f629ddcdd6addb3513c3853991f694921b1b9368b0bd32beb9f1b63", [:mix], [{:decimal, "~> 1.0 or ~> 2.0", [hex: :decimal, repo: "hexpm", optional: true]}], "hexpm", "fbb01ecdfd565b56261302f7e1fcc27c4fb8f32d56eab74db621fc154604a7a1"},
  "esaml": {:git, "https://github.com/firezone/esaml.git", "4294a3ac5262582144e117c10a1537287b6c1fe8", []},
}`
	const path = "/src/app/mix.lock"
	in := &catalog.Input{Path: path, FS: fstest.MapFS{path[1:]: {Data: []byte(lock)}}}
	pkgs, err := (&hex.Lockfile{}).Catalog(context.Background(), in)
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Printf("%s %q %s %s\n", p.Name, p.Version, p.Hashes["SHA-256"], p.Metadata["hex:ref"])
	}
	// Output:
	// esaml ""  4294a3ac5262582144e117c10a1537287b6c1fe8
	// jason "1.4.1" fbb01ecdfd565b56261302f7e1fcc27c4fb8f32d56eab74db621fc154604a7a1
}
