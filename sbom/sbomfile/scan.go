package sbomfile

import (
	"encoding/json"
	"fmt"
	"io"
)

// members calls visit with the name and the raw value of each member of
// the JSON object that starts t, in order, until visit returns false or
// the object ends. It checks only the structure it walks through (names,
// colons, commas, brackets and strings) and copies nothing, so that a
// large member costs no memory. It returns io.ErrUnexpectedEOF when t
// ends inside the object, or an error naming the byte where the
// structure is wrong.
func members(t []byte, visit func(key string, raw []byte) bool) error {
	s := &scanner{b: t, i: 1} // past the '{'
	for n := 0; ; n++ {
		s.space()
		if s.i >= len(t) {
			return io.ErrUnexpectedEOF
		}
		if t[s.i] == '}' {
			return nil
		}
		if n > 0 {
			if t[s.i] != ',' {
				return s.errorf("want , or } after a member")
			}
			s.i++
			s.space()
		}
		if s.i < len(t) && t[s.i] != '"' {
			return s.errorf("want a member name")
		}
		start := s.i
		if err := s.skip(); err != nil {
			return err
		}
		var key string
		if err := json.Unmarshal(t[start:s.i], &key); err != nil {
			return fmt.Errorf("member name at byte %d: %w", start, err)
		}
		s.space()
		if s.i >= len(t) {
			return io.ErrUnexpectedEOF
		}
		if t[s.i] != ':' {
			return s.errorf("want : after a member name")
		}
		s.i++
		s.space()
		start = s.i
		if err := s.skip(); err != nil {
			return err
		}
		if !visit(key, t[start:s.i]) {
			return nil
		}
	}
}

type scanner struct {
	b []byte
	i int
}

func (s *scanner) errorf(format string, args ...any) error {
	return fmt.Errorf("at byte %d: "+format, append([]any{s.i}, args...)...)
}

func (s *scanner) space() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\r' || s.b[s.i] == '\n') {
		s.i++
	}
}

// skip moves past one value: a string, an object or array (by its
// brackets and strings), or a scalar (to the next delimiter).
func (s *scanner) skip() error {
	if s.i >= len(s.b) {
		return io.ErrUnexpectedEOF
	}
	switch s.b[s.i] {
	case '"':
		for s.i++; s.i < len(s.b); s.i++ {
			switch s.b[s.i] {
			case '\\':
				s.i++
			case '"':
				s.i++
				return nil
			}
		}
		return io.ErrUnexpectedEOF
	case '{', '[':
		var stack []byte
		for s.i < len(s.b) {
			switch c := s.b[s.i]; c {
			case '"':
				if err := s.skip(); err != nil {
					return err
				}
				continue
			case '{', '[':
				stack = append(stack, c+2) // '}' is '{'+2, ']' is '['+2
			case '}', ']':
				if stack[len(stack)-1] != c {
					return s.errorf("unexpected %c", c)
				}
				stack = stack[:len(stack)-1]
			}
			s.i++
			if len(stack) == 0 {
				return nil
			}
		}
		return io.ErrUnexpectedEOF
	}
	start := s.i
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n', ',', '}', ']', ':':
			if s.i == start {
				return s.errorf("unexpected %q", s.b[s.i])
			}
			return nil
		}
		s.i++
	}
	return io.ErrUnexpectedEOF
}
