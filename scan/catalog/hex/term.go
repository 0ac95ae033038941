package hex

import (
	"fmt"
	"strconv"
	"strings"
)

// maxDepth bounds the nesting of terms; a mix.lock nests four deep.
const maxDepth = 32

type kind int

const (
	kString kind = iota + 1
	kAtom        // :name, :"name", or a bare word (true, nil)
	kTuple       // {a, b}
	kList        // [a, b]
	kMap         // %{k => v} or %{"k": v}: items are kPair
	kPair        // items[0] key, items[1] value; also a keyword element (key: value)
)

// term is one parsed Elixir term.
type term struct {
	kind  kind
	s     string // the text of a string or atom
	items []term
}

// parser reads Elixir terms from src.
type parser struct {
	src string
	pos int
}

func (p *parser) errorf(format string, a ...any) error {
	return fmt.Errorf("offset %d: %s", p.pos, fmt.Sprintf(format, a...))
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.pos++
		case c == '#': // a comment, to the end of the line
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
		default:
			return
		}
	}
}

// peek skips space and returns the next byte, 0 at the end.
func (p *parser) peek() byte {
	p.skipSpace()
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *parser) expect(s string) error {
	p.skipSpace()
	if !strings.HasPrefix(p.src[p.pos:], s) {
		return p.errorf("want %q", s)
	}
	p.pos += len(s)
	return nil
}

func isWord(c byte) bool {
	return c == '_' || c == '@' || c == '.' || c == '-' || c == '+' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// word reads a bare word (the name of an atom or a keyword key, a
// number, true, false, nil), with a trailing ? or ! as atoms allow.
func (p *parser) word() string {
	start := p.pos
	for p.pos < len(p.src) && isWord(p.src[p.pos]) {
		p.pos++
	}
	if p.pos > start && p.pos < len(p.src) && (p.src[p.pos] == '?' || p.src[p.pos] == '!') {
		p.pos++
	}
	return p.src[start:p.pos]
}

// str reads a double-quoted string at p.pos.
func (p *parser) str() (string, error) {
	start := p.pos
	p.pos++ // the opening quote
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case '\\':
			p.pos += 2
		case '"':
			p.pos++
			s, err := strconv.Unquote(p.src[start:p.pos])
			if err != nil {
				return p.src[start+1 : p.pos-1], nil // an Elixir escape Go lacks: keep the text as written
			}
			return s, nil
		case '#':
			if strings.HasPrefix(p.src[p.pos:], "#{") {
				return "", p.errorf("string interpolation")
			}
			p.pos++
		default:
			p.pos++
		}
	}
	p.pos = start
	return "", p.errorf("unterminated string")
}

// value parses one term.
func (p *parser) value(depth int) (term, error) {
	if depth > maxDepth {
		return term{}, p.errorf("nested deeper than %d", maxDepth)
	}
	switch c := p.peek(); {
	case c == '"':
		s, err := p.str()
		return term{kind: kString, s: s}, err
	case c == ':':
		p.pos++
		if p.pos < len(p.src) && p.src[p.pos] == '"' {
			s, err := p.str()
			return term{kind: kAtom, s: s}, err
		}
		w := p.word()
		if w == "" {
			return term{}, p.errorf("empty atom")
		}
		return term{kind: kAtom, s: w}, nil
	case c == '{':
		p.pos++
		items, err := p.seq('}', depth, false)
		return term{kind: kTuple, items: items}, err
	case c == '[':
		p.pos++
		items, err := p.seq(']', depth, true)
		return term{kind: kList, items: items}, err
	case c == '%':
		if err := p.expect("%{"); err != nil {
			return term{}, err
		}
		items, err := p.seq('}', depth, true)
		for _, it := range items {
			if it.kind != kPair {
				return term{}, p.errorf("map element is not key => value")
			}
		}
		return term{kind: kMap, items: items}, err
	case isWord(c):
		return term{kind: kAtom, s: p.word()}, nil
	case c == 0:
		return term{}, p.errorf("unexpected end")
	default:
		return term{}, p.errorf("unexpected %q", c)
	}
}

// seq parses comma-separated elements up to the closing byte; with pairs,
// elements may be "key: value", "\"key\": value" or "key => value".
func (p *parser) seq(closing byte, depth int, pairs bool) ([]term, error) {
	var items []term
	for {
		if p.peek() == closing {
			p.pos++
			return items, nil
		}
		it, err := p.element(depth+1, pairs)
		if err != nil {
			return items, err
		}
		items = append(items, it)
		switch p.peek() {
		case ',':
			p.pos++
		case closing:
		default:
			return items, p.errorf("want ',' or %q", closing)
		}
	}
}

func (p *parser) element(depth int, pairs bool) (term, error) {
	start := p.pos
	if pairs {
		p.skipSpace()
		if p.pos < len(p.src) && isWord(p.src[p.pos]) { // keyword: key: value
			w := p.word()
			if strings.HasPrefix(p.src[p.pos:], ": ") || strings.HasPrefix(p.src[p.pos:], ":\n") {
				p.pos++
				v, err := p.value(depth)
				return term{kind: kPair, items: []term{{kind: kAtom, s: w}, v}}, err
			}
			p.pos = start
		}
	}
	k, err := p.value(depth)
	if err != nil || !pairs {
		return k, err
	}
	if k.kind == kString && strings.HasPrefix(p.src[p.pos:], ":") { // "key": value
		p.pos++
		k.kind = kAtom
		v, err := p.value(depth)
		return term{kind: kPair, items: []term{k, v}}, err
	}
	if p.peek() == '=' {
		if err := p.expect("=>"); err != nil {
			return term{}, err
		}
		v, err := p.value(depth)
		return term{kind: kPair, items: []term{k, v}}, err
	}
	return k, nil
}
