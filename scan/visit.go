package scan

import (
	"bytes"
	"context"
	"io/fs"
	"strings"
	"time"

	"github.com/loadline/loadline/internal/layerfs"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// visited is what the Standalone catalogers found in one file of a layer.
type visited struct {
	path string
	pkgs []sbom.Package
	err  error
}

// options returns the layer-reading options for one layer: the limits,
// and visits of the files Standalone catalogers want, whose findings are
// appended to found (one layer is read by one goroutine).
func (s *Scanner) options(ctx context.Context, cats []catalog.Cataloger, budget *layerfs.Budget, found *[]visited) layerfs.Options {
	opts := layerfs.Options{MaxFileSize: s.maxFileSize(), Budget: budget}
	var alone []catalog.Standalone
	for _, c := range cats {
		if sc, ok := c.(catalog.Standalone); ok {
			alone = append(alone, sc)
		}
	}
	if len(alone) == 0 {
		return opts
	}
	opts.Visits = func(p string, mode fs.FileMode, size int64) bool {
		for _, c := range alone {
			if c.WantsFile(p, mode, size) {
				return true
			}
		}
		return false
	}
	opts.Visit = func(p string, mode fs.FileMode, data []byte) {
		f := &oneFile{name: strings.TrimPrefix(p, "/"), mode: mode, data: data}
		for _, c := range alone {
			if !c.WantsFile(p, mode, int64(len(data))) {
				continue
			}
			pkgs, err := c.Catalog(ctx, &catalog.Input{Path: p, FS: f})
			if len(pkgs) > 0 || err != nil {
				*found = append(*found, visited{path: p, pkgs: pkgs, err: err})
			}
		}
	}
	return opts
}

// oneFile is a file system holding one file, for a Standalone cataloger.
type oneFile struct {
	name string
	mode fs.FileMode
	data []byte
}

func (f *oneFile) Open(name string) (fs.File, error) {
	if name != f.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &openFile{Reader: bytes.NewReader(f.data), f: f}, nil
}

// ReadFile returns a copy of the file's content.
func (f *oneFile) ReadFile(name string) ([]byte, error) {
	if name != f.name {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrNotExist}
	}
	return bytes.Clone(f.data), nil
}

// openFile is oneFile opened; it is an io.ReaderAt and io.Seeker too.
type openFile struct {
	*bytes.Reader
	f *oneFile
}

func (o *openFile) Stat() (fs.FileInfo, error) { return o.f, nil }
func (o *openFile) Close() error               { return nil }

func (f *oneFile) Name() string {
	return f.name[strings.LastIndexByte(f.name, '/')+1:]
}
func (f *oneFile) Size() int64        { return int64(len(f.data)) }
func (f *oneFile) Mode() fs.FileMode  { return f.mode }
func (f *oneFile) ModTime() time.Time { return time.Time{} }
func (f *oneFile) IsDir() bool        { return false }
func (f *oneFile) Sys() any           { return nil }
