package cyclonedx

import (
	_ "embed"
	"encoding/json"
	"strings"
	"sync"
)

// spdxSchema is the CycloneDX specification's list of SPDX license and
// exception identifiers (schema/spdx.schema.json; see
// testdata/PROVENANCE.md). license.id must be one of them.
//
//go:embed spdx.schema.json
var spdxSchema []byte

// spdxIDs returns the set of identifiers in spdxSchema, read once.
var spdxIDs = sync.OnceValue(func() map[string]bool {
	var s struct{ Enum []string }
	if err := json.Unmarshal(spdxSchema, &s); err != nil {
		panic("cyclonedx: embedded spdx.schema.json: " + err.Error()) // a build defect, never input
	}
	ids := make(map[string]bool, len(s.Enum))
	for _, id := range s.Enum {
		ids[id] = true
	}
	return ids
})

// licenseKind says how a license string is written.
type licenseKind int

const (
	licenseName       licenseKind = iota // license.name: free text
	licenseID                            // license.id: one SPDX identifier
	licenseExpression                    // expression: a compound SPDX expression
)

// classifyLicense says whether s is one known SPDX identifier, a valid
// SPDX license expression made of known identifiers (or LicenseRef-s), or
// anything else, which is kept as a name.
func classifyLicense(s string) licenseKind {
	if spdxIDs()[s] {
		return licenseID
	}
	toks := spdxTokens(s)
	if len(toks) == 0 {
		return licenseName
	}
	p := exprParser{toks: toks}
	if p.or() && p.i == len(toks) {
		return licenseExpression
	}
	return licenseName
}

// spdxTokens splits an expression into parentheses and words; nil when s
// holds anything but the expression alphabet.
func spdxTokens(s string) []string {
	var toks []string
	for f := range strings.FieldsSeq(s) {
		for f != "" {
			switch i := strings.IndexAny(f, "()"); {
			case i < 0:
				toks, f = append(toks, f), ""
			case i > 0:
				toks, f = append(toks, f[:i]), f[i:]
			default:
				toks, f = append(toks, f[:1]), f[1:]
			}
		}
	}
	for _, t := range toks {
		for _, c := range t {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune("-.+:()", c)) {
				return nil
			}
		}
	}
	return toks
}

// exprParser is a recursive-descent parser of the SPDX license expression
// grammar (SPDX 2.3 annex D), with operators in upper case.
type exprParser struct {
	toks []string
	i    int
}

func (p *exprParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *exprParser) or() bool {
	if !p.and() {
		return false
	}
	for p.peek() == "OR" {
		p.i++
		if !p.and() {
			return false
		}
	}
	return true
}

func (p *exprParser) and() bool {
	if !p.with() {
		return false
	}
	for p.peek() == "AND" {
		p.i++
		if !p.with() {
			return false
		}
	}
	return true
}

func (p *exprParser) with() bool {
	if p.peek() == "(" {
		p.i++
		if !p.or() || p.peek() != ")" {
			return false
		}
		p.i++
		return true
	}
	if !p.simple() {
		return false
	}
	if p.peek() == "WITH" {
		p.i++
		t := p.peek()
		if !spdxIDs()[t] {
			return false
		}
		p.i++
	}
	return true
}

// simple accepts a known identifier, optionally followed by "+", or a
// LicenseRef-, or DocumentRef-...:LicenseRef-.
func (p *exprParser) simple() bool {
	t := p.peek()
	switch {
	case t == "" || t == "AND" || t == "OR" || t == "WITH" || t == "(" || t == ")":
		return false
	case strings.HasPrefix(t, "DocumentRef-"):
		_, ref, ok := strings.Cut(t, ":")
		if !ok || !validRef(ref) {
			return false
		}
	case strings.HasPrefix(t, "LicenseRef-"):
		if !validRef(t) {
			return false
		}
	default:
		if !spdxIDs()[t] && !spdxIDs()[strings.TrimSuffix(t, "+")] {
			return false
		}
	}
	p.i++
	return true
}

func validRef(t string) bool {
	rest, ok := strings.CutPrefix(t, "LicenseRef-")
	return ok && rest != "" && !strings.ContainsAny(rest, ":+")
}
