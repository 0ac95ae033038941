package spdx

import (
	"strings"

	"github.com/spdx/tools-golang/spdx/v2/v2_3/rdf/reader"
)

// licenseIDs returns the SPDX license and exception identifiers,
// lowercased (identifiers match case-insensitively), from the list that
// tools-golang carries.
func licenseIDs() map[string]bool {
	ids := map[string]bool{}
	for _, id := range reader.AllStandardLicenseIDS() {
		ids[strings.ToLower(id)] = true
	}
	return ids
}

// isExpression reports whether s is an SPDX license expression (SPDX 2.3
// annex D): license identifiers from the SPDX list (with an optional
// "+"), LicenseRef- and DocumentRef-...:LicenseRef- references, the
// upper-case operators AND, OR and WITH (followed by an exception from
// the list) and parentheses.
func isExpression(s string, ids map[string]bool) bool {
	toks := tokenize(s)
	if len(toks) == 0 {
		return false
	}
	e := exprParser{toks: toks, ids: ids}
	return e.or() && e.pos == len(toks)
}

func tokenize(s string) []string {
	var toks []string
	cur := strings.Builder{}
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch r {
		case ' ', '\t':
			flush()
		case '(', ')':
			flush()
			toks = append(toks, string(r))
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return toks
}

type exprParser struct {
	toks []string
	pos  int
	ids  map[string]bool
}

func (e *exprParser) peek() string {
	if e.pos < len(e.toks) {
		return e.toks[e.pos]
	}
	return ""
}

func (e *exprParser) or() bool {
	if !e.and() {
		return false
	}
	for e.peek() == "OR" {
		e.pos++
		if !e.and() {
			return false
		}
	}
	return true
}

func (e *exprParser) and() bool {
	if !e.with() {
		return false
	}
	for e.peek() == "AND" {
		e.pos++
		if !e.with() {
			return false
		}
	}
	return true
}

func (e *exprParser) with() bool {
	if !e.simple() {
		return false
	}
	if e.peek() == "WITH" {
		e.pos++
		t := e.peek()
		e.pos++
		return isException(t) && e.ids[strings.ToLower(t)]
	}
	return true
}

func (e *exprParser) simple() bool {
	t := e.peek()
	e.pos++
	switch {
	case t == "(":
		if !e.or() || e.peek() != ")" {
			return false
		}
		e.pos++
		return true
	case isRef(t):
		return true
	default:
		t = strings.TrimSuffix(t, "+")
		return e.ids[strings.ToLower(t)] && !isException(t)
	}
}

// isException reports whether a listed identifier is a license
// exception ("Classpath-exception-2.0", "Linux-syscall-note"): the list
// tools-golang carries mixes them with licenses.
func isException(id string) bool {
	id = strings.ToLower(id)
	return strings.Contains(id, "exception") || strings.HasSuffix(id, "-note")
}

// isRef reports whether t is LicenseRef-idstring or
// DocumentRef-idstring:LicenseRef-idstring.
func isRef(t string) bool {
	if doc, lic, ok := strings.Cut(t, ":"); ok {
		d, ok1 := strings.CutPrefix(doc, "DocumentRef-")
		l, ok2 := strings.CutPrefix(lic, "LicenseRef-")
		return ok1 && ok2 && isIDString(d) && isIDString(l)
	}
	l, ok := strings.CutPrefix(t, "LicenseRef-")
	return ok && isIDString(l)
}

// isIDString reports whether s is a non-empty run of letters, digits,
// "." and "-", the idstring of SPDX identifiers.
func isIDString(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !idChar(r) {
			return false
		}
	}
	return true
}

func idChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-'
}

// sanitizeID maps s to an idstring: characters outside letters, digits,
// "." and "-" become "-"; "" becomes "none".
func sanitizeID(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !idChar(rune(c)) {
			b[i] = '-'
		}
	}
	if len(b) == 0 {
		return "none"
	}
	return string(b)
}

// splitAnd splits a license expression at its top-level AND operators,
// dropping one pair of parentheses around each term when they enclose
// the whole term: the inverse of how Encode joins a package's licenses.
func splitAnd(expr string) []string {
	var terms []string
	depth, start := 0, 0
	for i := 0; i < len(expr); i++ {
		switch expr[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ' ':
			if depth == 0 && strings.HasPrefix(expr[i:], " AND ") {
				terms = append(terms, unparen(strings.TrimSpace(expr[start:i])))
				i += len(" AND ") - 1
				start = i + 1
			}
		}
	}
	return append(terms, unparen(strings.TrimSpace(expr[start:])))
}

// unparen drops the parentheses around t when they enclose all of it.
func unparen(t string) string {
	if len(t) < 2 || t[0] != '(' || t[len(t)-1] != ')' {
		return t
	}
	depth := 0
	for i := 0; i < len(t)-1; i++ {
		switch t[i] {
		case '(':
			depth++
		case ')':
			depth--
		}
		if depth == 0 {
			return t // the first group closes before the end
		}
	}
	return strings.TrimSpace(t[1 : len(t)-1])
}
