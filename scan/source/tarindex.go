package source

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// maxEntries bounds how many entries a tar may hold: image archives hold
// a few hundred at most, and each indexed entry costs memory.
const maxEntries = 1 << 18

// maxLinks bounds how many links lookup follows for one name.
const maxLinks = 16

// entry is one tar entry: where its data lies in the tar stream.
type entry struct {
	typ      byte
	linkname string
	offset   int64 // of the data, in the (uncompressed) tar stream
	size     int64
	sparse   bool
}

// tarIndex maps each cleaned entry name to its first entry, read in one
// pass over the tar headers.
type tarIndex struct {
	entries map[string]entry
}

// positioner reports how far into the tar stream a reader has got.
type positioner func() (int64, error)

// indexTar reads the tar headers of r once, seeking over the data where r
// can seek. pos tells the stream position after each header, which is
// where that entry's data starts. An entry with an absolute name or a ".."
// element is an error wrapping tar.ErrInsecurePath; where a name repeats,
// the first entry wins, as ggcr's tarball reader takes the first.
func indexTar(ctx context.Context, r io.Reader, pos positioner) (*tarIndex, error) {
	x := &tarIndex{entries: map[string]entry{}}
	tr := tar.NewReader(r)
	for n := 0; ; n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			return x, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read tar: %w", err)
		}
		if n >= maxEntries {
			return nil, fmt.Errorf("read tar: more than %d entries", maxEntries)
		}
		name, err := cleanName(hdr.Name)
		if err != nil {
			return nil, err
		}
		off, err := pos()
		if err != nil {
			return nil, fmt.Errorf("read tar: %w", err)
		}
		if _, dup := x.entries[name]; dup {
			continue
		}
		x.entries[name] = entry{
			typ:      hdr.Typeflag,
			linkname: hdr.Linkname,
			offset:   off,
			size:     hdr.Size,
			sparse:   isSparse(hdr),
		}
	}
}

// cleanName is a tar entry name in clean relative form, or an error
// wrapping tar.ErrInsecurePath.
func cleanName(name string) (string, error) {
	c := path.Clean(name)
	if path.IsAbs(name) || c == ".." || strings.HasPrefix(c, "../") || strings.Contains(name, "\x00") {
		return "", fmt.Errorf("tar entry %q: %w", name, tar.ErrInsecurePath)
	}
	return c, nil
}

func isSparse(hdr *tar.Header) bool {
	if hdr.Typeflag == tar.TypeGNUSparse {
		return true
	}
	for k := range hdr.PAXRecords {
		if strings.HasPrefix(k, "GNU.sparse.") {
			return true
		}
	}
	return false
}

// has reports whether the tar holds an entry called name.
func (x *tarIndex) has(name string) bool {
	_, ok := x.entries[name]
	return ok
}

// lookup finds the regular file called name, following hard links (named
// from the archive root) and symbolic links (relative to their directory)
// inside the archive. A missing name wraps fs.ErrNotExist.
func (x *tarIndex) lookup(name string) (entry, error) {
	orig := name
	for range maxLinks {
		e, ok := x.entries[name]
		if !ok {
			return entry{}, fmt.Errorf("%s: %w", orig, fs.ErrNotExist)
		}
		var next string
		switch e.typ {
		case tar.TypeReg:
			if e.sparse {
				return entry{}, fmt.Errorf("%s: sparse tar entries are not supported", orig)
			}
			return e, nil
		case tar.TypeLink:
			next = e.linkname
		case tar.TypeSymlink:
			if path.IsAbs(e.linkname) {
				return entry{}, fmt.Errorf("%s: link to %q: %w", orig, e.linkname, tar.ErrInsecurePath)
			}
			next = path.Join(path.Dir(name), e.linkname)
		default:
			return entry{}, fmt.Errorf("%s: not a regular file (tar type %q)", orig, e.typ)
		}
		c, err := cleanName(next)
		if err != nil {
			return entry{}, fmt.Errorf("%s: link: %w", orig, err)
		}
		name = c
	}
	return entry{}, fmt.Errorf("%s: more than %d links", orig, maxLinks)
}

// tarFile is a tar archive on disk, indexed once and read in place: each
// entry is an io.SectionReader of the file, or, for a gzip-compressed tar,
// a fresh decompression up to the entry (slower, but nothing is copied).
type tarFile struct {
	r    io.ReaderAt
	size int64
	gz   bool
	idx  *tarIndex
}

// indexTarFile indexes the tar in r (size bytes), gzip-compressed or not.
func indexTarFile(ctx context.Context, r io.ReaderAt, size int64) (*tarFile, error) {
	var magic [4]byte
	n, _ := r.ReadAt(magic[:], 0)
	t := &tarFile{r: r, size: size}
	switch {
	case n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		t.gz = true
		zr, err := gzip.NewReader(io.NewSectionReader(r, 0, size))
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		cr := &countingReader{r: zr}
		t.idx, err = indexTar(ctx, cr, func() (int64, error) { return cr.n, nil })
		if err != nil {
			return nil, err
		}
	case n == 4 && magic == [4]byte{0x28, 0xb5, 0x2f, 0xfd}:
		return nil, errors.New("zstd-compressed archives are not supported")
	default:
		sr := io.NewSectionReader(r, 0, size)
		idx, err := indexTar(ctx, sr, func() (int64, error) { return sr.Seek(0, io.SeekCurrent) })
		if err != nil {
			return nil, err
		}
		t.idx = idx
	}
	return t, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// open returns the content of the regular file called name (clean,
// relative) and its size.
func (t *tarFile) open(name string) (io.ReadCloser, int64, error) {
	e, err := t.idx.lookup(name)
	if err != nil {
		return nil, 0, err
	}
	if !t.gz {
		if e.offset+e.size > t.size || e.offset < 0 {
			return nil, 0, fmt.Errorf("%s: entry runs past the end of the archive", name)
		}
		return section{io.NewSectionReader(t.r, e.offset, e.size)}, e.size, nil
	}
	zr, err := gzip.NewReader(io.NewSectionReader(t.r, 0, t.size))
	if err != nil {
		return nil, 0, fmt.Errorf("gzip: %w", err)
	}
	if _, err := io.CopyN(io.Discard, zr, e.offset); err != nil {
		return nil, 0, fmt.Errorf("%s: gzip: %w", name, err)
	}
	return &gzipEntry{Reader: io.LimitReader(zr, e.size), zr: zr}, e.size, nil
}

// section is an entry of an uncompressed tar, read in place. Closing it
// does nothing: the archive stays open until Target.Close.
type section struct{ *io.SectionReader }

func (section) Close() error { return nil }

// opener reads the whole tar stream from its start, decompressed: a
// tarball.Opener.
func (t *tarFile) opener() (io.ReadCloser, error) {
	sr := io.NewSectionReader(t.r, 0, t.size)
	if !t.gz {
		return section{sr}, nil
	}
	zr, err := gzip.NewReader(sr)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return zr, nil
}

// stat returns the size of the regular file called name.
func (t *tarFile) stat(name string) (int64, error) {
	e, err := t.idx.lookup(name)
	return e.size, err
}

// gzipEntry is one entry of a gzip-compressed tar.
type gzipEntry struct {
	io.Reader
	zr *gzip.Reader
}

func (g *gzipEntry) Close() error { return g.zr.Close() }
