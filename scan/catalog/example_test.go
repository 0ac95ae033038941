package catalog_test

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing/fstest"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// versionFile is a cataloger an embedder might write: it reports the
// application whose version an image records in /opt/app/VERSION.
type versionFile struct{}

var _ catalog.Cataloger = versionFile{}

func (versionFile) Name() string { return "app-version" }

func (versionFile) Wants(path string) bool { return path == "/opt/app/VERSION" }

func (versionFile) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	b, err := fs.ReadFile(in.FS, strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return nil, fmt.Errorf("app-version: %w", err)
	}
	return []sbom.Package{{
		Type: "generic", Name: "app", Version: strings.TrimSpace(string(b)),
		Evidence: []string{in.Path},
	}}, nil
}

func Example() {
	fsys := fstest.MapFS{"opt/app/VERSION": {Data: []byte("2.4.1\n")}}
	var c catalog.Cataloger = versionFile{}
	for _, path := range []string{"/etc/passwd", "/opt/app/VERSION"} {
		if !c.Wants(path) {
			continue
		}
		pkgs, err := c.Catalog(context.Background(), &catalog.Input{Path: path, FS: fsys})
		if err != nil {
			panic(err)
		}
		for _, p := range pkgs {
			fmt.Println(p.Name, p.Version, p.Evidence)
		}
	}
	// Output:
	// app 2.4.1 [/opt/app/VERSION]
}
