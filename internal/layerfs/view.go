package layerfs

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"
)

// ErrNotLoaded is the error for opening a file whose content was not read
// (it was not wanted, or it was over the size limit).
var ErrNotLoaded = errors.New("content not loaded: only wanted files are read")

var (
	errNotExist = fs.ErrNotExist
	errNotDir   = errors.New("not a directory")
)

const rootMode = fs.ModeDir | 0o755

// View is the file system as it stands after layers 0..Top of a stack.
// Names are fs.ValidPath names (no leading slash). It implements fs.FS,
// fs.ReadFileFS, fs.ReadDirFS, fs.StatFS and fs.ReadLinkFS, and is safe
// for concurrent use.
type View struct {
	s   *Stack
	top int
	// dirs caches the listings readDir made, by resolved path: a
	// cataloger may list one directory once per file in it (python lists
	// site-packages for each distribution's metadata), and the layers
	// under a View never change.
	dirs sync.Map
}

// View returns the file system after layers 0..top.
func (s *Stack) View(top int) *View { return &View{s: s, top: top} }

var (
	_ fs.ReadFileFS = (*View)(nil)
	_ fs.ReadDirFS  = (*View)(nil)
	_ fs.StatFS     = (*View)(nil)
	_ fs.ReadLinkFS = (*View)(nil)
)

func (v *View) resolve(op, name string, follow bool) (string, *Entry, error) {
	if !fs.ValidPath(name) {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	p, e, err := v.s.resolve("/"+name, v.top, follow)
	if err != nil {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return p, e, nil
}

// Open opens the named file or directory, following symbolic links.
func (v *View) Open(name string) (fs.File, error) {
	p, e, err := v.resolve("open", name, true)
	if err != nil {
		return nil, err
	}
	fi := &info{name: base(p), e: e}
	switch e.Kind {
	case Dir:
		ents, err := v.readDir(p)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &dirFile{info: fi, ents: ents}, nil
	case File:
		if !e.Loaded {
			return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotLoaded}
		}
		return &memFile{info: fi, r: bytes.NewReader(e.Data)}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
}

// ReadFile returns a copy of the content of the named file, following
// symbolic links.
func (v *View) ReadFile(name string) ([]byte, error) {
	_, e, err := v.resolve("readfile", name, true)
	if err != nil {
		return nil, err
	}
	switch {
	case e.Kind != File:
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	case !e.Loaded:
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: ErrNotLoaded}
	}
	return bytes.Clone(e.Data), nil
}

// Stat returns the named file's information, following symbolic links.
func (v *View) Stat(name string) (fs.FileInfo, error) {
	p, e, err := v.resolve("stat", name, true)
	if err != nil {
		return nil, err
	}
	return &info{name: base(p), e: e}, nil
}

// Lstat returns the named file's information without following a last
// symbolic link.
func (v *View) Lstat(name string) (fs.FileInfo, error) {
	p, e, err := v.resolve("lstat", name, false)
	if err != nil {
		return nil, err
	}
	return &info{name: base(p), e: e}, nil
}

// ReadLink returns the target of the named symbolic link as written.
func (v *View) ReadLink(name string) (string, error) {
	_, e, err := v.resolve("readlink", name, false)
	if err != nil {
		return "", err
	}
	if e.Kind != Symlink {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return e.Link, nil
}

// ReadDir lists the named directory, sorted by name.
func (v *View) ReadDir(name string) ([]fs.DirEntry, error) {
	p, e, err := v.resolve("readdir", name, true)
	if err != nil {
		return nil, err
	}
	if e.Kind != Dir {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errNotDir}
	}
	return v.readDir(p)
}

// readDir lists the resolved directory p: every name any layer up to top
// put in it that is still visible.
func (v *View) readDir(p string) ([]fs.DirEntry, error) {
	if cached, ok := v.dirs.Load(p); ok {
		return slices.Clone(cached.([]fs.DirEntry)), nil // callers may change the slice
	}
	var names []string
	for i := 0; i <= v.top; i++ {
		names = append(names, v.s.layers[i].children[p]...)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	out := make([]fs.DirEntry, 0, len(names))
	for _, n := range names {
		child := p + "/" + n
		if p == "/" {
			child = "/" + n
		}
		e, layer, ok := v.s.lookup(child, v.top)
		if !ok {
			continue
		}
		if t, err := v.s.deref(e, layer); err == nil {
			e = t
		}
		out = append(out, fs.FileInfoToDirEntry(&info{name: n, e: e}))
	}
	v.dirs.Store(p, out)
	return slices.Clone(out), nil
}

func base(p string) string {
	if p == "/" {
		return "."
	}
	return p[strings.LastIndexByte(p, '/')+1:]
}

// info is an entry's fs.FileInfo.
type info struct {
	name string
	e    *Entry
}

func (i *info) Name() string { return i.name }
func (i *info) Size() int64  { return i.e.Size }
func (i *info) Mode() fs.FileMode {
	m := i.e.Mode &^ fs.ModeType
	switch i.e.Kind {
	case Dir:
		m |= fs.ModeDir
	case Symlink:
		m |= fs.ModeSymlink
	case Other:
		m |= i.e.Mode & fs.ModeType
	}
	return m
}
func (i *info) ModTime() time.Time { return i.e.ModTime }
func (i *info) IsDir() bool        { return i.e.Kind == Dir }
func (i *info) Sys() any           { return nil }

type memFile struct {
	info *info
	r    *bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *memFile) ReadAt(p []byte, off int64) (int, error) {
	return f.r.ReadAt(p, off)
}
func (f *memFile) Seek(off int64, whence int) (int64, error) { return f.r.Seek(off, whence) }
func (f *memFile) Close() error                              { return nil }

type dirFile struct {
	info *info
	ents []fs.DirEntry
	off  int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: fs.ErrInvalid}
}
func (d *dirFile) Close() error { return nil }

func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.ents[d.off:]
	if n <= 0 {
		d.off = len(d.ents)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}
