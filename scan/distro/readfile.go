package distro

import (
	"errors"
	"io/fs"
	"strings"
)

// maxLinks caps the symbolic links followed while resolving one path, as
// Linux's own limit does.
const maxLinks = 40

var errTooManyLinks = errors.New("too many levels of symbolic links")

// readFile reads name from fsys, at most maxFileSize bytes, following
// symbolic links inside fsys only (see resolve).
func readFile(fsys fs.FS, name string) ([]byte, error) {
	if lfs, ok := fsys.(fs.ReadLinkFS); ok {
		var err error
		if name, err = resolve(lfs, name); err != nil {
			return nil, err
		}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readCapped(f)
}

// resolve returns name with every symbolic link along it replaced by its
// target, component by component: an absolute target starts again from
// the root of fsys, and ".." never climbs above the root, so the result
// names a file inside fsys. The last component is resolved too.
func resolve(fsys fs.ReadLinkFS, name string) (string, error) {
	todo := strings.Split(name, "/")
	var done []string
	links := 0
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(done) > 0 {
				done = done[:len(done)-1]
			}
			continue
		}
		p := strings.Join(append(done[:len(done):len(done)], c), "/")
		fi, err := fsys.Lstat(p)
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			done = append(done, c)
			continue
		}
		if links++; links > maxLinks {
			return "", &fs.PathError{Op: "readlink", Path: name, Err: errTooManyLinks}
		}
		target, err := fsys.ReadLink(p)
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(target, "/") {
			done = done[:0]
		}
		todo = append(strings.Split(target, "/"), todo...)
	}
	if len(done) == 0 {
		return ".", nil
	}
	return strings.Join(done, "/"), nil
}
