package gem

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file reads the Ruby literals that RubyGems writes into installed
// specifications (Gem::Specification#to_ruby): strings in double or
// single quotes or %q/%Q/% form, %w/%W word lists, arrays of those, nil,
// Gem::Version.new(...) and Gem::Platform.new(...), each maybe followed
// by .freeze. It never evaluates Ruby: anything else is an error.

// maxDepth bounds nested arrays.
const maxDepth = 8

// value is a literal: a string, or a list of strings when list is set.
type value struct {
	str  string
	list []string
	isNil,
	isList bool
}

type lexer struct {
	s     string
	i     int
	words bool // in a %w or %W body: an escaped blank is no separator
}

func (l *lexer) peek() byte {
	if l.i < len(l.s) {
		return l.s[l.i]
	}
	return 0
}

// space skips blanks; newlines too when nl is set (inside brackets).
func (l *lexer) space(nl bool) {
	for l.i < len(l.s) {
		switch l.s[l.i] {
		case ' ', '\t', '\r':
		case '\n':
			if !nl {
				return
			}
		default:
			return
		}
		l.i++
	}
}

func (l *lexer) eat(prefix string) bool {
	if strings.HasPrefix(l.s[l.i:], prefix) {
		l.i += len(prefix)
		return true
	}
	return false
}

var errUnsupported = errors.New("not a literal that RubyGems writes")

// value reads one literal and any .freeze after it.
func (l *lexer) value(depth int) (value, error) {
	if depth > maxDepth {
		return value{}, errors.New("arrays nested too deep")
	}
	l.space(false)
	var (
		v   value
		err error
	)
	switch c := l.peek(); {
	case c == '"':
		l.i++
		v.str, err = l.quoted('"', 0, true)
	case c == '\'':
		l.i++
		v.str, err = l.quoted('\'', 0, false)
	case c == '%':
		v, err = l.percent()
	case c == '[':
		l.i++
		v, err = l.array(']', depth)
	case l.eat("nil"):
		v.isNil = true
	case l.eat("Gem::Version.new("):
		v, err = l.call(depth)
	case l.eat("Gem::Platform.new("):
		v, err = l.call(depth)
		if err == nil && v.isList { // Gem::Platform#to_s: the parts joined by "-"
			v = value{str: strings.Join(v.list, "-")}
		}
	default:
		rest, _, _ := strings.Cut(l.s[l.i:], "\n")
		return value{}, fmt.Errorf("at %.20q: %w", rest, errUnsupported)
	}
	if err != nil {
		return value{}, err
	}
	for l.eat(".freeze") {
	}
	return v, nil
}

// call reads the one argument of a constructor and its ")".
func (l *lexer) call(depth int) (value, error) {
	v, err := l.value(depth + 1)
	if err != nil {
		return value{}, err
	}
	l.space(true)
	if !l.eat(")") {
		return value{}, errors.New("constructor call not closed")
	}
	return v, nil
}

// array reads the elements of an array up to close; nil elements are
// dropped, nested arrays flattened.
func (l *lexer) array(close byte, depth int) (value, error) {
	v := value{isList: true}
	for {
		l.space(true)
		if l.peek() == close {
			l.i++
			return v, nil
		}
		e, err := l.value(depth + 1)
		if err != nil {
			return value{}, err
		}
		switch {
		case e.isList:
			v.list = append(v.list, e.list...)
		case !e.isNil:
			v.list = append(v.list, e.str)
		}
		l.space(true)
		switch l.peek() {
		case ',':
			l.i++
		case close:
		default:
			return value{}, errors.New("array not closed")
		}
	}
}

// closing returns the delimiter that closes open in a % literal, and
// whether it nests.
func closing(open byte) (byte, bool) {
	switch open {
	case '(':
		return ')', true
	case '[':
		return ']', true
	case '{':
		return '}', true
	case '<':
		return '>', true
	}
	return open, false
}

// percent reads a %q, %Q, %, %w or %W literal.
func (l *lexer) percent() (value, error) {
	l.i++ // %
	kind := byte('Q')
	switch c := l.peek(); c {
	case 'q', 'Q', 'w', 'W':
		kind = c
		l.i++
	}
	open := l.peek()
	if open == 0 || open == ' ' || open == '\n' || ('a' <= open && open <= 'z') || ('A' <= open && open <= 'Z') || ('0' <= open && open <= '9') {
		return value{}, fmt.Errorf("%%%c literal: %w", kind, errUnsupported)
	}
	l.i++
	close, nests := closing(open)
	if !nests {
		open = 0
	}
	l.words = kind == 'w' || kind == 'W'
	s, err := l.quoted(close, open, kind == 'Q' || kind == 'W')
	l.words = false
	if err != nil {
		return value{}, err
	}
	if kind == 'q' || kind == 'Q' {
		return value{str: s}, nil
	}
	return value{isList: true, list: words(s)}, nil
}

// words splits a %w body at blanks; quoted marks escaped blanks with
// \x00 first, which words turns back.
func words(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		out = append(out, strings.ReplaceAll(w, "\x00", " "))
	}
	return out
}

// quoted reads a string body up to close (nesting open, when not 0),
// with Ruby's double-quote escapes when dq is set, else the single-quote
// ones (\\ and \close only).
func (l *lexer) quoted(close, open byte, dq bool) (string, error) {
	var b strings.Builder
	level := 0
	for l.i < len(l.s) {
		c := l.s[l.i]
		l.i++
		switch {
		case c == '\\':
			if l.i >= len(l.s) {
				return "", errors.New("string not closed")
			}
			if dq {
				if err := l.escape(&b); err != nil {
					return "", err
				}
				continue
			}
			n := l.s[l.i]
			switch {
			case n == '\\' || n == close || (open != 0 && n == open):
				b.WriteByte(n)
				l.i++
			case l.words && (n == ' ' || n == '\t' || n == '\n'):
				b.WriteByte(0) // an escaped blank: not a separator
				l.i++
			default:
				b.WriteByte('\\')
			}
		case c == '#' && dq && l.i < len(l.s) && strings.IndexByte("{$@", l.s[l.i]) >= 0:
			return "", fmt.Errorf("string interpolation: %w", errUnsupported)
		case open != 0 && c == open:
			level++
			b.WriteByte(c)
		case c == close:
			if level == 0 {
				return b.String(), nil
			}
			level--
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return "", errors.New("string not closed")
}

// escape reads a double-quote escape after its backslash.
func (l *lexer) escape(b *strings.Builder) error {
	c := l.s[l.i]
	l.i++
	if r, ok := simpleEscapes[c]; ok {
		b.WriteByte(r)
		return nil
	}
	switch {
	case c == 'u':
		if l.eat("{") {
			end := strings.IndexByte(l.s[l.i:], '}')
			if end < 0 {
				return errors.New(`\u{ not closed`)
			}
			for _, h := range strings.Fields(l.s[l.i : l.i+end]) {
				if err := writeRune(b, h); err != nil {
					return err
				}
			}
			l.i += end + 1
			return nil
		}
		if l.i+4 > len(l.s) {
			return errors.New(`short \u escape`)
		}
		l.i += 4
		return writeRune(b, l.s[l.i-4:l.i])
	case c == 'x':
		n := hexLen(l.s[l.i:], 2)
		if n == 0 {
			return errors.New(`bad \x escape`)
		}
		v, _ := strconv.ParseUint(l.s[l.i:l.i+n], 16, 8)
		b.WriteByte(byte(v))
		l.i += n
	case '0' <= c && c <= '7':
		start, n := l.i-1, 1
		for n < 3 && start+n < len(l.s) && '0' <= l.s[start+n] && l.s[start+n] <= '7' {
			n++
		}
		v, _ := strconv.ParseUint(l.s[start:start+n], 8, 16)
		b.WriteByte(byte(v))
		l.i = start + n
	case c == '\n': // a line continuation
	case l.words && (c == ' ' || c == '\t'):
		b.WriteByte(0) // an escaped blank: not a separator
	default: // \" \\ \# and any other character stand for themselves
		b.WriteByte(c)
	}
	return nil
}

var simpleEscapes = map[byte]byte{'n': '\n', 't': '\t', 'r': '\r', 'f': '\f', 'v': '\v', 'a': '\a', 'b': '\b', 'e': 0x1b, 's': ' '}

func hexLen(s string, max int) int {
	n := 0
	for n < max && n < len(s) && strings.IndexByte("0123456789abcdefABCDEF", s[n]) >= 0 {
		n++
	}
	return n
}

func writeRune(b *strings.Builder, h string) error {
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil || hexLen(h, 6) != len(h) || !utf8.ValidRune(rune(v)) {
		return fmt.Errorf(`bad \u escape %q`, h)
	}
	b.WriteRune(rune(v))
	return nil
}
