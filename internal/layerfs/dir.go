package layerfs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// FromDir reads the root filesystem in the directory root as one layer:
// every entry as metadata, and the content of the regular files want
// names (rooted paths), each under lim.MaxFileSize, and visiting those
// lim.Visits accepts, as Read does. Files are opened
// through an os.Root, so no symbolic link can lead a read out of root;
// names like ".wh.x" are ordinary files here. An entry that cannot be
// read is a Problem; an error means root itself could not be read.
func FromDir(ctx context.Context, root string, want func(string) bool, lim Options) (*Layer, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, fmt.Errorf("layerfs: %w", err)
	}
	defer r.Close()
	l := newLayer()
	err = fs.WalkDir(r.FS(), ".", func(name string, d fs.DirEntry, err error) error {
		p := "/" + name
		if err != nil {
			if name == "." {
				return err
			}
			l.problem(p, err.Error())
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if name == "." {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			l.problem(p, err.Error())
			return nil
		}
		e := &Entry{Mode: fi.Mode(), Size: fi.Size(), ModTime: fi.ModTime()}
		switch t := fi.Mode().Type(); {
		case t == fs.ModeSymlink:
			e.Kind = Symlink
			if e.Link, err = r.Readlink(name); err != nil {
				l.problem(p, err.Error())
				return nil
			}
		case t == fs.ModeDir:
			e.Kind = Dir
		case t.IsRegular():
			e.Kind = File
			if want(p) {
				if err := l.load(r, name, e, lim); errors.Is(err, ErrTooLarge) {
					return err
				} else if err != nil {
					l.problem(p, err.Error())
				}
			} else if lim.Visits != nil && lim.Visits(p, e.Mode, e.Size) {
				v := *e
				if err := l.load(r, name, &v, lim); errors.Is(err, ErrTooLarge) {
					return err
				} else if err != nil {
					l.problem(p, err.Error())
				} else {
					lim.Visit(p, e.Mode, v.Data)
				}
			}
		default:
			e.Kind = Other
		}
		l.put(p, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("layerfs: %s: %w", root, err)
	}
	return l, nil
}

// load reads the file name of r into e, within the limits.
func (l *Layer) load(r *os.Root, name string, e *Entry, lim Options) error {
	if lim.MaxFileSize > 0 && e.Size > lim.MaxFileSize {
		return fmt.Errorf("file is %d bytes, over the %d-byte limit: not read", e.Size, lim.MaxFileSize)
	}
	f, err := r.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	max := e.Size + 1
	if lim.MaxFileSize > 0 {
		max = lim.MaxFileSize + 1
	}
	data, err := io.ReadAll(io.LimitReader(f, max))
	if err != nil {
		return err
	}
	if lim.MaxFileSize > 0 && int64(len(data)) > lim.MaxFileSize {
		return fmt.Errorf("file grew over the %d-byte limit while read: not read", lim.MaxFileSize)
	}
	if !lim.Budget.take(int64(len(data))) {
		return ErrTooLarge
	}
	if len(data) > 0 {
		e.Data = data
	}
	e.Size = int64(len(data))
	e.Loaded = true
	l.Bytes += int64(len(data))
	return nil
}
