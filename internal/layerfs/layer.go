package layerfs

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
)

// Kind is what an entry is.
type Kind uint8

// The kinds of entry a layer holds.
const (
	File     Kind = iota + 1 // a regular file
	Dir                      // a directory
	Symlink                  // a symbolic link; Entry.Link is its target as written
	HardLink                 // a hard link to a file of a lower layer; Entry.Link is its rooted target
	Whiteout                 // a deletion of the path from the layers below
	Other                    // a device, FIFO or socket
)

// Entry is one path of a layer.
type Entry struct {
	Kind Kind
	// Opaque marks a directory whose lower-layer contents are hidden.
	Opaque bool
	// Implicit marks a directory the layer names only as a parent of
	// another entry.
	Implicit bool
	Mode     fs.FileMode // permission bits and the type bits of Kind
	Size     int64
	ModTime  time.Time
	// Link is a symbolic link's target as written, or a hard link's
	// target as a rooted, clean path.
	Link string
	// Data is the content of a wanted regular file; Loaded says whether
	// it was read (an empty file is loaded with nil Data).
	Data   []byte
	Loaded bool
}

// Problem is an entry that was skipped or left unread. The layer is still
// good.
type Problem struct {
	Path    string // rooted path, or the name as the tar wrote it
	Message string
}

// Layer is one layer's entries, keyed by rooted clean path. It is
// read-only after Read returns and safe for concurrent use.
type Layer struct {
	entries  map[string]*Entry
	children map[string][]string // directory -> base names, in tar order
	// Problems are the entries skipped or left unread, in tar order.
	Problems []Problem
	// Bytes is the number of uncompressed bytes read from the stream.
	Bytes int64
}

// Options bounds what Read takes in and says what to do with the files
// it does not keep. The zero value means no limits and no visits.
type Options struct {
	// MaxFileSize is the most bytes of one wanted or visited file read
	// into memory; a larger file is left unread and recorded as a
	// problem. 0 means no limit.
	MaxFileSize int64
	// Budget, when not nil, is shared by the layers of one image: Read
	// fails with ErrTooLarge once the stream has given more bytes than it
	// holds.
	Budget *Budget
	// Visits, when not nil, is asked about every regular file that want
	// does not keep; for those it accepts, Read reads the content and
	// calls Visit with it, then lets it go: a file that stands alone (a
	// jar, a binary) is handled while the layer streams, never held with
	// the others. Both must be safe for concurrent use when layers are
	// read in parallel; Visit must not keep data.
	Visits func(path string, mode fs.FileMode, size int64) bool
	Visit  func(path string, mode fs.FileMode, data []byte)
}

// ErrTooLarge is returned by Read when a layer stream exceeds the byte
// budget: the image, or a decompression bomb, is larger than allowed.
var ErrTooLarge = errors.New("layerfs: image exceeds the uncompressed size limit")

// Read reads one layer's uncompressed tar stream r to its end, recording
// every entry and loading the content of regular files for which want
// returns true (want gets the rooted clean path, and must be safe for
// concurrent use when layers are read in parallel). It reads r to EOF, past
// the tar's end-of-archive marker, so that a caller hashing the stream sees
// all of it. A malformed tar is an error; a hostile entry is a Problem.
func Read(ctx context.Context, r io.Reader, want func(string) bool, lim Options) (*Layer, error) {
	cr := &countingReader{r: r, budget: lim.Budget}
	l := newLayer()
	tr := tar.NewReader(cr)
	// end is where the last entry's data ends: archive/tar reports a
	// stream cut inside an entry it skips as a clean end.
	var end int64
	for n := 0; ; n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			if cr.n < end {
				return nil, fmt.Errorf("layerfs: tar entry %d: %w", n-1, io.ErrUnexpectedEOF)
			}
			break
		}
		if err != nil {
			return nil, fmt.Errorf("layerfs: tar entry %d: %w", n, err)
		}
		if hdr.Typeflag == tar.TypeReg || hdr.Typeflag == tar.TypeRegA {
			end = cr.n + (hdr.Size+511)&^511
		}
		if err := l.add(tr, hdr, want, &lim); err != nil {
			return nil, fmt.Errorf("layerfs: %s: %w", hdr.Name, err)
		}
	}
	if _, err := io.Copy(io.Discard, cr); err != nil {
		return nil, fmt.Errorf("layerfs: after the tar's end: %w", err)
	}
	l.Bytes = cr.n
	return l, nil
}

func newLayer() *Layer {
	return &Layer{entries: make(map[string]*Entry), children: make(map[string][]string)}
}

// add records one tar entry.
func (l *Layer) add(tr *tar.Reader, hdr *tar.Header, want func(string) bool, opts *Options) error {
	maxFile := opts.MaxFileSize
	p, ok := cleanName(hdr.Name)
	if !ok {
		l.problem(hdr.Name, "unsafe path in the layer (absolute or climbing out with \"..\"): skipped")
		return nil
	}
	if p == "/" {
		return nil
	}
	dir, base := path.Split(p)
	dir = path.Clean(dir)
	if name, ok := strings.CutPrefix(base, ".wh."); ok {
		switch {
		case name == ".wh..opq":
			l.dir(dir).Opaque = true
		case name == "" || name == "." || name == ".." || strings.HasPrefix(name, ".wh."):
			l.problem(p, "whiteout names no entry: skipped")
		default:
			// A whiteout applies to lower layers only: an entry this
			// layer already made stays, but a directory loses what lower
			// layers put in it.
			target := path.Join(dir, name)
			switch e := l.entries[target]; {
			case e == nil:
				l.put(target, &Entry{Kind: Whiteout, ModTime: hdr.ModTime})
			case e.Kind == Dir:
				e.Opaque = true
			}
		}
		return nil
	}
	e := &Entry{Mode: hdr.FileInfo().Mode(), Size: hdr.Size, ModTime: hdr.ModTime}
	switch hdr.Typeflag {
	case tar.TypeReg, tar.TypeRegA, tar.TypeGNUSparse:
		e.Kind = File
		if want(p) {
			if maxFile > 0 && hdr.Size > maxFile {
				l.problem(p, fmt.Sprintf("file is %d bytes, over the %d-byte limit: not read", hdr.Size, maxFile))
				break
			}
			data, err := io.ReadAll(tr)
			if err != nil {
				return err
			}
			if len(data) > 0 {
				e.Data = data
			}
			e.Loaded = true
		} else if opts.Visits != nil && opts.Visits(p, e.Mode, hdr.Size) {
			if maxFile > 0 && hdr.Size > maxFile {
				l.problem(p, fmt.Sprintf("file is %d bytes, over the %d-byte limit: not read", hdr.Size, maxFile))
				break
			}
			data, err := io.ReadAll(tr)
			if err != nil {
				return err
			}
			opts.Visit(p, e.Mode, data)
		}
	case tar.TypeDir:
		e.Kind = Dir
		if old := l.entries[p]; old != nil {
			// Whited out or made opaque earlier in this layer.
			e.Opaque = old.Opaque || old.Kind == Whiteout
		}
	case tar.TypeSymlink:
		e.Kind = Symlink
		e.Link = hdr.Linkname
	case tar.TypeLink:
		target, ok := cleanName(hdr.Linkname)
		if !ok || target == "/" {
			l.problem(p, fmt.Sprintf("hard link to unsafe path %q: skipped", hdr.Linkname))
			return nil
		}
		if t := l.entries[target]; t != nil && t.Kind == File {
			// Same layer: the link is the target's inode.
			*e = *t
			if !e.Loaded && want(p) {
				l.problem(p, fmt.Sprintf("hard link to %s, which was not read: content unknown", target))
			}
			break
		}
		e.Kind = HardLink
		e.Link = target
	default:
		e.Kind = Other
	}
	l.put(p, e)
	return nil
}

// put records e at p, replacing an earlier entry (a later tar entry wins),
// and lists p under its parent directories.
func (l *Layer) put(p string, e *Entry) {
	if _, ok := l.entries[p]; !ok {
		dir, base := path.Split(p)
		dir = path.Clean(dir)
		l.children[dir] = append(l.children[dir], base)
		if dir != "/" {
			l.dir(dir)
		}
	}
	l.entries[p] = e
}

// dir returns the directory entry at p, creating an implicit one.
func (l *Layer) dir(p string) *Entry {
	if e := l.entries[p]; e != nil && e.Kind == Dir {
		return e
	}
	if p == "/" {
		return &Entry{Kind: Dir}
	}
	e := &Entry{Kind: Dir, Implicit: true, Mode: fs.ModeDir | 0o755}
	l.put(p, e)
	return e
}

func (l *Layer) problem(p, msg string) {
	l.Problems = append(l.Problems, Problem{Path: p, Message: msg})
}

// Paths calls yield with every path of the layer that has loaded content,
// in no particular order.
func (l *Layer) Paths(yield func(string) bool) {
	for p, e := range l.entries {
		if e.Loaded && !yield(p) {
			return
		}
	}
}

// Entry returns the layer's own entry at the rooted clean path p.
func (l *Layer) Entry(p string) (*Entry, bool) {
	e, ok := l.entries[p]
	return e, ok
}

// Len returns the number of entries, implicit directories included.
func (l *Layer) Len() int { return len(l.entries) }

// cleanName turns a tar entry name into a rooted clean path. It refuses
// absolute names and names whose ".." would climb above the root; a
// leading "./" is the usual way of writing a relative name and is fine.
func cleanName(name string) (string, bool) {
	if strings.HasPrefix(name, "/") {
		return "", false
	}
	depth := 0
	for _, c := range strings.Split(name, "/") {
		switch c {
		case "", ".":
		case "..":
			if depth--; depth < 0 {
				return "", false
			}
		default:
			depth++
		}
	}
	return path.Clean("/" + name), true
}

// countingReader counts the bytes read and charges them to a budget.
type countingReader struct {
	r      io.Reader
	n      int64
	budget *Budget
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.budget != nil && !c.budget.take(int64(n)) {
		return n, ErrTooLarge
	}
	return n, err
}
