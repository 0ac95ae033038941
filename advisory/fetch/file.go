package fetch

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// File is io.ReadCloser (as advisory.Feed's Fetch returns), io.ReaderAt
// and io.Seeker.
var (
	_ io.ReadCloser = (*File)(nil)
	_ io.ReaderAt   = (*File)(nil)
	_ io.Seeker     = (*File)(nil)
)

// File is a downloaded body held in a temporary file: read it as a stream
// (io.Reader), at random (io.ReaderAt, as archive/zip needs, with Size), or
// seek in it. Close closes and removes the file; every File must be closed.
// A File is not safe for concurrent use, except ReadAt, which is.
type File struct {
	f       *os.File
	size    int64
	digest  string
	removed bool // the file was unlinked at creation, so Close only closes it
}

// Read reads from the current offset, as os.File.Read.
func (f *File) Read(p []byte) (int, error) { return f.f.Read(p) }

// ReadAt reads at off, as os.File.ReadAt.
func (f *File) ReadAt(p []byte, off int64) (int, error) { return f.f.ReadAt(p, off) }

// Seek sets the offset of the next Read, as os.File.Seek.
func (f *File) Seek(offset int64, whence int) (int64, error) { return f.f.Seek(offset, whence) }

// Size returns the body's length in bytes.
func (f *File) Size() int64 { return f.size }

// Stat returns the temporary file's information (its size is the body's).
func (f *File) Stat() (fs.FileInfo, error) { return f.f.Stat() }

// SHA256 returns the SHA-256 of the body in lower-case hex.
func (f *File) SHA256() string { return f.digest }

// Close closes the file and removes it from disk.
func (f *File) Close() error {
	err := f.f.Close()
	if !f.removed {
		if rerr := os.Remove(f.f.Name()); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			err = errors.Join(err, rerr)
		}
		f.removed = true
	}
	if err != nil {
		return fmt.Errorf("fetch: close %s: %w", f.f.Name(), err)
	}
	return nil
}
