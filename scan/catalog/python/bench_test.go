package python

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/loadline/loadline/internal/layerfs"
	"github.com/loadline/loadline/scan/catalog"
)

// BenchmarkSitePackages catalogs a site-packages directory of 2,000
// distributions (synthetic METADATA files, read through the scanner's
// layer file system): each Catalog call lists the directory for the
// distribution's other metadata folders, so the cost grows with the
// square of the count. ns/op is the whole directory.
//
//	go test ./scan/catalog/python -run '^$' -bench SitePackages -benchtime 5x
func BenchmarkSitePackages(b *testing.B) {
	const n = 2000
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	var paths []string
	for i := range n {
		meta := fmt.Sprintf("Metadata-Version: 2.1\nName: pkg%d\nVersion: 1.%d\n\n", i, i)
		p := fmt.Sprintf("usr/lib/python3/site-packages/pkg%d-1.%d.dist-info/METADATA", i, i)
		tw.WriteHeader(&tar.Header{Name: p, Mode: 0o644, Size: int64(len(meta)), Typeflag: tar.TypeReg})
		tw.Write([]byte(meta))
		paths = append(paths, "/"+p)
	}
	tw.Close()
	l, err := layerfs.Read(context.Background(), &buf, func(string) bool { return true }, layerfs.Options{})
	if err != nil {
		b.Fatal(err)
	}
	c := &Installed{}
	for b.Loop() {
		view := layerfs.NewStack(l).View(0) // a scan's view: its listings not yet made
		for _, p := range paths {
			pkgs, err := c.Catalog(context.Background(), &catalog.Input{Path: p, FS: view})
			if err != nil || len(pkgs) != 1 {
				b.Fatalf("%s: %v, %v", p, pkgs, err)
			}
		}
	}
}
