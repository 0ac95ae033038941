package version

import (
	"strconv"
	"strings"
)

// gemScheme is RubyGems' ordering and requirement language, as
// Gem::Version and Gem::Requirement of RubyGems 3.3 define them.
//
// Versions: after optional leading and trailing white space (space, \t, \n,
// \v, \f, \r), either nothing (read as "0") or a string matching
// [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?, exactly
// Gem::Version.correct?. Anything else ("1.0 beta", "v1", "1..0", "1.0+b",
// "1.0-") is an *InvalidVersionError.
//
// Ordering: every "-" reads as ".pre."; the version splits into segments,
// each a run of digits (a number, of any length: "01" equals "1") or a
// run of letters (a string). The segments before the first string lose
// their trailing zeros, and so do the segments from the first string on
// ("1.0.a.0" is 1, a). Segments then compare in turn, a missing one being
// 0: numbers numerically, strings bytewise (case-sensitive, "B" < "a"),
// and a string sorts before any number. So a version with a letter is a
// pre-release of its numeric prefix: 1.0.a < 1.0 < 1.0.1, 1.0.0-rc.1 <
// 1.0.0, and 1.2.b1 equals 1.2.b.1.
//
// Constraints: one or more comma-separated requirements that must all
// hold, each an optional operator (=, !=, >, <, >=, <=, ~>; none means =)
// and a version, with optional white space around either, as
// Gem::Requirement.parse reads each element of its list (the comma is
// loadline's spelling of that list). "~> V" means >= V and, for the
// release of the version (its segments before the first string), < the
// bump of V: V's segments before the first string, less the last one (if
// more than one), with the last remaining one incremented; so ~> 1.2.3 is
// >= 1.2.3, < 1.3 and ~> 1.2 is >= 1.2, < 2. Like satisfied_by?, no
// operator excludes pre-releases as such: 2.0.a meets "< 2.0" and
// ">= 1.9". But ~> compares the release, so it rejects the pre-releases of
// its upper bound: ~> 1.9 rejects 2.0.a (release 2.0 is not < 2), and
// ~> 1.2.3 rejects 1.3.a, while admitting 1.2.4.a.
type gemScheme struct{}

// gemSegment is one segment of a RubyGems version: a number (digits
// without leading zeros, "" for zero) or a string of letters.
type gemSegment struct {
	s     string
	isStr bool
}

func (gemScheme) Compare(a, b string) (int, error) {
	sa, err := gemCanonical(a)
	if err != nil {
		return 0, err
	}
	sb, err := gemCanonical(b)
	if err != nil {
		return 0, err
	}
	return gemCompareSegments(sa, sb), nil
}

func gemIsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func gemIsAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// gemTrim strips what Gem::Version strips (Ruby's \s).
func gemTrim(s string) string {
	for len(s) > 0 && gemIsSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && gemIsSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// gemCheck reports why s (already trimmed, not empty) does not match
// Gem::Version's pattern, or "" if it does.
func gemCheck(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return "does not start with a digit"
	}
	// The release part: ".alnum+" pieces up to the first "-".
	for i < len(s) && s[i] == '.' {
		j := i + 1
		for j < len(s) && gemIsAlnum(s[j]) {
			j++
		}
		if j == i+1 {
			return "empty segment"
		}
		i = j
	}
	if i == len(s) {
		return ""
	}
	if s[i] != '-' {
		return "unexpected character " + strconv.Quote(s[i:i+1])
	}
	// The pre-release part: [alnum-]+ pieces separated by dots.
	for _, p := range strings.Split(s[i+1:], ".") {
		if p == "" {
			return "empty pre-release segment"
		}
		for k := 0; k < len(p); k++ {
			if !gemIsAlnum(p[k]) && p[k] != '-' {
				return "unexpected character " + strconv.Quote(p[k:k+1])
			}
		}
	}
	return ""
}

// gemSegments validates v and returns its segments, as Gem::Version#segments.
func gemSegments(v string) ([]gemSegment, error) {
	s := gemTrim(v)
	if s == "" {
		return []gemSegment{{}}, nil
	}
	if r := gemCheck(s); r != "" {
		return nil, &InvalidVersionError{Ecosystem: Gem, Version: v, Reason: r}
	}
	var segs []gemSegment
	for i := 0; i < len(s); {
		c := s[i]
		j := i + 1
		switch {
		case c >= '0' && c <= '9':
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			segs = append(segs, gemSegment{s: strings.TrimLeft(s[i:j], "0")})
		case c == '-': // "-" reads as ".pre."
			segs = append(segs, gemSegment{s: "pre", isStr: true})
		case c == '.':
		default:
			for j < len(s) && gemIsAlnum(s[j]) && (s[j] < '0' || s[j] > '9') {
				j++
			}
			segs = append(segs, gemSegment{s: s[i:j], isStr: true})
		}
		i = j
	}
	return segs, nil
}

// gemCanonical returns Gem::Version#canonical_segments: trailing zeros
// dropped from the numeric prefix and from the rest.
func gemCanonical(v string) ([]gemSegment, error) {
	segs, err := gemSegments(v)
	if err != nil {
		return nil, err
	}
	first := gemFirstString(segs)
	num := gemDropZeros(segs[:first])
	rest := gemDropZeros(segs[first:])
	if len(rest) == 0 {
		return num, nil
	}
	return append(num[:len(num):len(num)], rest...), nil
}

func gemFirstString(segs []gemSegment) int {
	for i, s := range segs {
		if s.isStr {
			return i
		}
	}
	return len(segs)
}

func gemDropZeros(segs []gemSegment) []gemSegment {
	for len(segs) > 0 && !segs[len(segs)-1].isStr && segs[len(segs)-1].s == "" {
		segs = segs[:len(segs)-1]
	}
	return segs
}

// gemCompareSegments is Gem::Version#<=> on canonical segments.
func gemCompareSegments(a, b []gemSegment) int {
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y gemSegment // a missing segment is the number 0
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		switch {
		case x.isStr && !y.isStr:
			return -1
		case !x.isStr && y.isStr:
			return 1
		case x.isStr:
			if c := strings.Compare(x.s, y.s); c != 0 {
				return c
			}
		default:
			if c := gemCompareDigits(x.s, y.s); c != 0 {
				return c
			}
		}
	}
	return 0
}

// gemCompareDigits compares two decimal numbers without leading zeros.
func gemCompareDigits(x, y string) int {
	if len(x) != len(y) {
		if len(x) < len(y) {
			return -1
		}
		return 1
	}
	return strings.Compare(x, y)
}

// gemIncDigits adds one to a decimal number without leading zeros ("" is 0).
func gemIncDigits(x string) string {
	b := []byte(x)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] != '9' {
			b[i]++
			return string(b)
		}
		b[i] = '0'
	}
	return "1" + string(b)
}

// gemRequirement is one "op version" element of a Gem::Requirement.
type gemRequirement struct {
	op  string
	ver []gemSegment // canonical segments
	raw []gemSegment // segments, for ~>
}

var gemOps = []string{">=", "<=", "!=", "~>", "=", ">", "<"}

func gemParseRequirements(constraint string) ([]gemRequirement, error) {
	bad := func(reason string) error {
		return &InvalidConstraintError{Ecosystem: Gem, Constraint: constraint, Reason: reason}
	}
	var reqs []gemRequirement
	for part := range strings.SplitSeq(constraint, ",") {
		s := gemTrim(part)
		op := "="
		for _, o := range gemOps {
			if strings.HasPrefix(s, o) {
				op, s = o, gemTrim(s[len(o):])
				break
			}
		}
		if s == "" {
			return nil, bad("requirement " + strconv.Quote(part) + " has no version")
		}
		if r := gemCheck(s); r != "" {
			return nil, bad("requirement " + strconv.Quote(part) + ": " + r)
		}
		raw, _ := gemSegments(s)
		ver, _ := gemCanonical(s)
		reqs = append(reqs, gemRequirement{op: op, ver: ver, raw: raw})
	}
	return reqs, nil
}

func (gemScheme) Satisfies(v, constraint string) (bool, error) {
	reqs, err := gemParseRequirements(constraint)
	if err != nil {
		return false, err
	}
	raw, err := gemSegments(v)
	if err != nil {
		return false, err
	}
	ver, _ := gemCanonical(v)
	for _, r := range reqs {
		c := gemCompareSegments(ver, r.ver)
		var ok bool
		switch r.op {
		case "=":
			ok = c == 0
		case "!=":
			ok = c != 0
		case ">":
			ok = c > 0
		case "<":
			ok = c < 0
		case ">=":
			ok = c >= 0
		case "<=":
			ok = c <= 0
		case "~>":
			release := gemDropZeros(raw[:gemFirstString(raw)])
			ok = c >= 0 && gemCompareSegments(release, gemBump(r.raw)) < 0
		}
		if !ok {
			return false, nil
		}
	}
	return true, nil
}

// gemBump is Gem::Version#bump on segments: the segments before the first
// string, less the last one if more than one, the last one incremented.
func gemBump(raw []gemSegment) []gemSegment {
	segs := raw[:gemFirstString(raw)]
	if len(segs) > 1 {
		segs = segs[:len(segs)-1]
	}
	out := append([]gemSegment(nil), segs...)
	out[len(out)-1].s = gemIncDigits(out[len(out)-1].s)
	return out
}
