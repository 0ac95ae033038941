package sbomfile

import "bytes"

// window is the most bytes a watched member ("key": "value") may span.
const window = 128

// keyWatch finds a JSON member "key": "value" in a stream shown to it in
// pieces, without keeping more than window bytes of it. It is for the
// top-level members that Decode could not see in the prefix: neither
// SPDX nor CycloneDX uses the watched names anywhere else, and a string
// that contains them has them escaped (\"), which does not match.
type keyWatch struct {
	key    []byte // the quoted name
	trim   string // the prefix of the value that is not the version
	tail   []byte // the last bytes seen, up to window
	join   []byte // scratch: tail and the start of the next piece
	found  bool
	result string
}

func newKeyWatch(key, trim string) *keyWatch {
	return &keyWatch{
		key:  []byte(`"` + key + `"`),
		trim: trim,
		tail: make([]byte, 0, window),
		join: make([]byte, 0, 2*window),
	}
}

// version returns the value found, less the trimmed prefix.
func (w *keyWatch) version() string {
	v, _ := bytes.CutPrefix([]byte(w.result), []byte(w.trim))
	return string(v)
}

// prime shows w the end of what came before the stream.
func (w *keyWatch) prime(head []byte) {
	w.tail = append(w.tail[:0], head[max(0, len(head)-window):]...)
}

// see shows w the next piece of the stream.
func (w *keyWatch) see(p []byte) {
	if w.found {
		return
	}
	w.join = append(append(w.join[:0], w.tail...), p[:min(len(p), window)]...)
	if w.match(w.join) || w.match(p) {
		return
	}
	if len(p) >= window {
		w.tail = append(w.tail[:0], p[len(p)-window:]...)
		return
	}
	keep := w.join[max(0, len(w.tail)+len(p)-window) : len(w.tail)+len(p)]
	w.tail = append(w.tail[:0], keep...)
}

// match looks for a complete member in b.
func (w *keyWatch) match(b []byte) bool {
	for {
		i := bytes.Index(b, w.key)
		if i < 0 {
			return false
		}
		b = b[i+len(w.key):]
		rest := bytes.TrimLeft(b, " \t\r\n")
		rest, ok := bytes.CutPrefix(rest, []byte(":"))
		if !ok {
			continue
		}
		rest, ok = bytes.CutPrefix(bytes.TrimLeft(rest, " \t\r\n"), []byte(`"`))
		if !ok {
			continue
		}
		end := bytes.IndexAny(rest, "\"\\\n")
		if end < 0 || rest[end] != '"' {
			continue
		}
		w.found, w.result = true, string(rest[:end])
		return true
	}
}
