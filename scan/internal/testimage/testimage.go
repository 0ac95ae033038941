// Package testimage builds loadline's shipped test images from real
// package databases, written by the mkimage command to the repository's
// testdata directory, so that the README's first command and the golden
// tests run fully offline.
//
// Debian is a small Debian 12 image of three layers (a docker save tarball
// and an OCI layout):
//
//  0. the Debian 12 minbase root filesystem subset made by mmdebstrap from
//     Debian's archive (os-release, debian_version, the dpkg database,
//     the copyright files);
//  1. the dpkg database of a real Debian 12 build host, as if apt-get had
//     installed a toolchain: packages added, some upgraded, a few removed;
//  2. a whiteout deleting apt's copyright file.
//
// Alpine is an Alpine 3.19.4 image of two layers (a docker save tarball):
//
//  0. the official alpine:3.19.4 layer, subset (every entry, but of the
//     regular files only those under etc/ and lib/apk/: os-release and the
//     apk database);
//  1. a Node.js application: /app with semver 7.5.1 and its two
//     dependencies as `npm install` left them (node_modules and
//     package-lock.json).
//
// The data and its provenance are in scan/testdata.
package testimage

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// Tag is the Debian image's tag in the docker archive, and its ref name
// in the OCI layout; AlpineTag the Alpine image's tag.
const (
	Tag       = "loadline.test/debian:12"
	AlpineTag = "loadline.test/alpine-node:3.19"
)

// created is the image's fixed creation time, so that builds repeat.
var created = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// Debian builds the test image from the files in dir (scan/testdata).
func Debian(dir string) (v1.Image, error) {
	base, err := os.ReadFile(filepath.Join(dir, "debian-12-minbase.tar.gz"))
	if err != nil {
		return nil, err
	}
	status, err := gunzip(filepath.Join(dir, "debian-12-buildhost.status.gz"))
	if err != nil {
		return nil, err
	}
	install, err := layerOf(file{"var/lib/dpkg/status", status})
	if err != nil {
		return nil, err
	}
	remove, err := layerOf(file{"usr/share/doc/apt/.wh.copyright", nil})
	if err != nil {
		return nil, err
	}
	return build([]layer{
		{base, "ADD rootfs.tar.gz / # mmdebstrap --variant=minbase bookworm"},
		{install, "RUN apt-get install -y build-essential # the dpkg database of a Debian 12 build host"},
		{remove, "RUN rm /usr/share/doc/apt/copyright"},
	}, "bash")
}

// Alpine builds the Alpine test image from the files in dir (scan/testdata).
func Alpine(dir string) (v1.Image, error) {
	base, err := os.ReadFile(filepath.Join(dir, "alpine-3.19.4-rootfs-subset.tar.gz"))
	if err != nil {
		return nil, err
	}
	app, err := os.ReadFile(filepath.Join(dir, "app-npm-semver-7.5.1.tar.gz"))
	if err != nil {
		return nil, err
	}
	return build([]layer{
		{base, "ADD alpine-minirootfs-3.19.4-x86_64.tar.gz /"},
		{app, "RUN cd /app && npm install # semver 7.5.1"},
	}, "/bin/sh")
}

// layer is one layer's compressed tar and the history line that made it.
type layer struct {
	blob []byte
	by   string
}

// build stacks layers into a linux/amd64 image whose command is cmd.
func build(layers []layer, cmd string) (v1.Image, error) {
	img := empty.Image
	for _, add := range layers {
		l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(add.blob)), nil
		})
		if err != nil {
			return nil, err
		}
		img, err = mutate.Append(img, mutate.Addendum{
			Layer:   l,
			History: v1.History{CreatedBy: add.by, Created: v1.Time{Time: created}},
		})
		if err != nil {
			return nil, err
		}
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture, cfg.Created = "linux", "amd64", v1.Time{Time: created}
	cfg.Config.Cmd = []string{cmd}
	return mutate.ConfigFile(img, cfg)
}

type file struct {
	name string
	body []byte
}

// layerOf writes files as a gzip-compressed tar with fixed times.
func layerOf(files ...file) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, f := range files {
		hdr := &tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.body)), ModTime: created, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if _, err := tw.Write(f.body); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func gunzip(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
