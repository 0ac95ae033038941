package layerfs

import (
	"errors"
	"path"
	"strings"
)

// Stack is an image's layers, base first. It is read-only and safe for
// concurrent use.
type Stack struct {
	layers []*Layer
}

// NewStack stacks layers, base first.
func NewStack(layers ...*Layer) *Stack {
	return &Stack{layers: layers}
}

// Len returns the number of layers.
func (s *Stack) Len() int { return len(s.layers) }

// Layer returns layer i.
func (s *Stack) Layer(i int) *Layer { return s.layers[i] }

// lookup returns the entry visible at the rooted clean path p once layers
// 0..top are applied, without resolving links, and the index of the layer
// holding it. A whiteout, an opaque directory or a non-directory above p
// in a higher layer hides what lower layers hold.
func (s *Stack) lookup(p string, top int) (*Entry, int, bool) {
	for i := top; i >= 0; i-- {
		l := s.layers[i]
		if e, ok := l.entries[p]; ok {
			if e.Kind == Whiteout {
				return nil, i, false
			}
			return e, i, true
		}
		if l.hides(p) {
			return nil, i, false
		}
	}
	return nil, -1, false
}

// hides reports whether the layer hides p of the layers below it: an
// ancestor of p is whited out, opaque, or not a directory in this layer.
func (l *Layer) hides(p string) bool {
	for a := path.Dir(p); a != "/"; a = path.Dir(a) {
		if e, ok := l.entries[a]; ok && (e.Kind != Dir || e.Opaque) {
			return true
		}
	}
	return false
}

// State is the state of one path after one layer.
type State struct {
	Layer   int  // the layer that changed the path
	Present bool // whether the path exists after it
}

// History returns the states of the rooted clean path p across layers
// 0..top, one for each layer that adds, replaces or removes p (or hides
// it by changing a parent), in layer order, starting with the first layer
// that has p. It looks at p itself, not at the links along it.
func (s *Stack) History(p string, top int) []State {
	var out []State
	for i := 0; i <= top; i++ {
		l := s.layers[i]
		if _, ok := l.entries[p]; !ok && !l.hides(p) {
			continue
		}
		_, _, present := s.lookup(p, i)
		if len(out) == 0 && !present {
			continue
		}
		if n := len(out); n > 0 && !present && !out[n-1].Present {
			continue
		}
		out = append(out, State{Layer: i, Present: present})
	}
	return out
}

// maxLinks caps the links followed while resolving one path, as Linux's
// own limit does.
const maxLinks = 40

var errLoop = errors.New("too many levels of symbolic links")

// resolve returns the entry at the rooted path p as seen after layers
// 0..top, following symbolic links in every component (the last one too
// when follow is set) inside the root only, and hard links to lower
// layers. It also returns the resolved path.
func (s *Stack) resolve(p string, top int, follow bool) (string, *Entry, error) {
	// Fast path: a clean path that names a file or directory directly (no
	// layer above it replaced a parent with a link, or lookup would not
	// find it).
	if e, layer, ok := s.lookup(p, top); ok && e.Kind != Symlink && path.Clean(p) == p {
		e, err := s.deref(e, layer)
		return p, e, err
	}
	todo := strings.Split(p, "/")
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
		cur := "/" + strings.Join(append(done[:len(done):len(done)], c), "/")
		e, _, ok := s.lookup(cur, top)
		if !ok {
			return cur, nil, errNotExist
		}
		last := !moreComponents(todo)
		if e.Kind == Symlink && (!last || follow) {
			if links++; links > maxLinks {
				return cur, nil, errLoop
			}
			if strings.HasPrefix(e.Link, "/") {
				done = done[:0]
			}
			todo = append(strings.Split(e.Link, "/"), todo...)
			continue
		}
		if !last && e.Kind != Dir {
			return cur, nil, errNotDir
		}
		done = append(done, c)
	}
	cur := "/" + strings.Join(done, "/")
	if len(done) == 0 {
		return "/", &Entry{Kind: Dir, Mode: rootMode}, nil
	}
	e, layer, _ := s.lookup(cur, top)
	e, err := s.deref(e, layer)
	return cur, e, err
}

// deref follows a hard link found in layer to the file it shares.
func (s *Stack) deref(e *Entry, layer int) (*Entry, error) {
	for n := 0; e.Kind == HardLink; n++ {
		if n == maxLinks {
			return nil, errLoop
		}
		t, l, ok := s.lookup(e.Link, layer)
		if !ok || (t.Kind != File && t.Kind != HardLink) {
			return nil, errors.New("hard link to " + e.Link + ", which is not a file")
		}
		e, layer = t, l
	}
	return e, nil
}

// moreComponents reports whether todo still names a component.
func moreComponents(todo []string) bool {
	for _, c := range todo {
		if c != "" && c != "." {
			return true
		}
	}
	return false
}
