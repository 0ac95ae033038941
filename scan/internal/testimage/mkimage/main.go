// Command mkimage writes loadline's shipped test image (see package
// testimage) as a docker save tarball and an OCI image layout:
//
//	go run ./scan/internal/testimage/mkimage
//
// run from the repository root; it reads scan/testdata and writes
// testdata/debian-12.tar, testdata/debian-12-oci and testdata/alpine-3.19.tar.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/loadline/loadline/scan/internal/testimage"
)

func main() {
	if err := run("scan/testdata", "testdata"); err != nil {
		fmt.Fprintln(os.Stderr, "mkimage:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	img, err := testimage.Debian(in)
	if err != nil {
		return err
	}
	tag, err := name.NewTag(testimage.Tag)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := tarball.WriteToFile(filepath.Join(out, "debian-12.tar"), tag, img); err != nil {
		return err
	}
	alpine, err := testimage.Alpine(in)
	if err != nil {
		return err
	}
	atag, err := name.NewTag(testimage.AlpineTag)
	if err != nil {
		return err
	}
	if err := tarball.WriteToFile(filepath.Join(out, "alpine-3.19.tar"), atag, alpine); err != nil {
		return err
	}
	dir := filepath.Join(out, "debian-12-oci")
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	return p.AppendImage(img, layout.WithAnnotations(map[string]string{
		"org.opencontainers.image.ref.name": "12",
	}))
}
