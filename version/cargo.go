package version

import "strings"

// cargoScheme is the Rust semver crate (1.0, what Cargo uses): Version and
// VersionReq.
//
// Versions: strict SemVer 2.0.0, MAJOR.MINOR.PATCH[-pre][+build], no
// leading "v", no white space, numbers without leading zeros and at most
// 2^64-1, pre-release identifiers of [0-9A-Za-z-] with numeric ones free
// of leading zeros, build identifiers of [0-9A-Za-z-] (leading zeros
// allowed).
//
// Ordering: the crate's Ord for Version, which is SemVer 2.0.0 precedence
// and then, unlike SemVer 2.0.0, build metadata: no build sorts first,
// then identifier by identifier, numeric identifiers by value (then the
// one with more leading zeros last) before alphanumeric ones by ASCII,
// a prefix before a longer list. So 1.0.0 < 1.0.0+build, as Cargo sorts.
//
// Constraints: VersionReq syntax: comparators separated by commas, all of
// which must hold (at most 32); each an operator (=, >, >=, <, <=, ~, ^,
// or none for ^), optional spaces, and a partial version MAJOR[.MINOR
// [.PATCH[-pre][+build]]] where MINOR and PATCH may be a wildcard (*, x,
// X) and a pre-release needs PATCH; "*" (or x, X) alone is any version.
// Only ASCII spaces are allowed around comparators and commas; the empty
// string is not a requirement. Pre-release rule: a version with a
// pre-release matches only if every comparator matches and some
// comparator has the same MAJOR.MINOR.PATCH and a pre-release.
type cargoScheme struct{}

var _ Scheme = cargoScheme{}

// cargoMaxU64 is the largest number a version may hold.
const cargoMaxU64 = "18446744073709551615"

func (cargoScheme) Compare(a, b string) (int, error) {
	return semverCompareBy(a, b, cargoParse, cargoCompare)
}

// cargoCompare orders parsed versions as Version's Ord does: SemVer
// precedence, then build metadata.
func cargoCompare(a, b *semverParts) int {
	if c := semverCompare(a, b); c != 0 {
		return c
	}
	return cargoCompareBuild(a.build, b.build)
}

func (cargoScheme) Satisfies(v, constraint string) (bool, error) {
	req, reason := cargoParseReq(constraint)
	if reason != "" {
		return false, &InvalidConstraintError{Ecosystem: Cargo, Constraint: constraint, Reason: reason}
	}
	pv, err := cargoParse(v)
	if err != nil {
		return false, err
	}
	for i := range req {
		if !req[i].matches(&pv) {
			return false, nil
		}
	}
	if pv.pre == "" {
		return true, nil
	}
	for i := range req {
		c := &req[i]
		if c.pre != "" && c.minor != "" && c.patch != "" && semverCompareMain(&c.semverParts, &pv) == 0 {
			return true, nil
		}
	}
	return false, nil
}

// cargoParse is Version::parse.
func cargoParse(s string) (semverParts, error) {
	var p semverParts
	reason := semverParse(&p, s, false)
	if reason == "" {
		reason = cargoCheckU64(&p)
	}
	if reason != "" {
		return p, &InvalidVersionError{Ecosystem: Cargo, Version: s, Reason: reason}
	}
	return p, nil
}

// cargoCheckU64 rejects numbers above 2^64-1; absent ones ("") pass.
func cargoCheckU64(p *semverParts) string {
	for _, n := range [3]string{p.major, p.minor, p.patch} {
		if len(n) > len(cargoMaxU64) || len(n) == len(cargoMaxU64) && n > cargoMaxU64 {
			return "number " + n + " is above 2^64-1"
		}
	}
	return ""
}

// cargoCompareBuild is the crate's Ord for BuildMetadata; "" sorts first.
func cargoCompareBuild(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return -1
	case b == "":
		return 1
	}
	return semverCompareIdents(a, b, func(x, y string) (int, bool) {
		if c := semverCompareNum(x, y); c != 0 {
			return c, false
		}
		switch { // equal values: more leading zeros sort last
		case len(x) < len(y):
			return -1, false
		case len(x) > len(y):
			return 1, false
		}
		return 0, false
	})
}

// cargoComparator is one comparator of a VersionReq. In its semverParts,
// minor and patch are "" when absent (or a wildcard).
type cargoComparator struct {
	op string // "=", ">", ">=", "<", "<=", "~", "^", or "*" for a bare wildcard minor or patch
	semverParts
}

// cargoParseReq is VersionReq::parse. It returns the comparators (none
// for "*"), or a reason why the crate rejects the requirement.
func cargoParseReq(s string) ([]cargoComparator, string) {
	s = strings.TrimLeft(s, " ")
	if s != "" && strings.ContainsRune("*xX", rune(s[0])) {
		rest := strings.TrimLeft(s[1:], " ")
		switch {
		case rest == "":
			return nil, ""
		case rest[0] == ',':
			return nil, "a wildcard must be the only comparator"
		}
		return nil, "unexpected text after the wildcard"
	}
	var req []cargoComparator
	for {
		c, rest, reason := cargoParseComparator(s)
		if reason != "" {
			return nil, reason
		}
		req = append(req, c)
		if rest == "" {
			return req, ""
		}
		if rest[0] != ',' {
			return nil, "expected a comma before " + quoteASCII(rest)
		}
		if len(req) == 32 {
			return nil, "more than 32 comparators"
		}
		s = strings.TrimLeft(rest[1:], " ")
	}
}

// cargoParseComparator parses one comparator off the front of s and the
// spaces after it.
func cargoParseComparator(s string) (cargoComparator, string, string) {
	var c cargoComparator
	c.op = "^"
	bare := true // no operator: caret, or wildcard with a * minor or patch
	for _, o := range [...]string{">=", "<=", "=", ">", "<", "~", "^"} {
		if strings.HasPrefix(s, o) {
			c.op, s, bare = o, s[len(o):], false
			break
		}
	}
	s = strings.TrimLeft(s, " ")
	var reason string
	if c.major, s, reason = semverParseNum(s, "major", true); reason != "" {
		return c, s, reason
	}
	wild := false
	for i := range 2 {
		if s == "" || s[0] != '.' {
			break
		}
		s = s[1:]
		if s != "" && strings.ContainsRune("*xX", rune(s[0])) {
			s, wild = s[1:], true
			if bare {
				c.op = "*"
			}
			continue
		}
		if wild {
			return c, s, "unexpected number after a wildcard"
		}
		var n string
		if n, s, reason = semverParseNum(s, [2]string{"minor", "patch"}[i], true); reason != "" {
			return c, s, reason
		}
		if i == 0 {
			c.minor = n
		} else {
			c.patch = n
		}
	}
	if reason = cargoCheckU64(&c.semverParts); reason != "" {
		return c, s, reason
	}
	if c.patch != "" {
		for _, sign := range [2]byte{'-', '+'} {
			if s == "" || s[0] != sign {
				continue
			}
			end := 1
			for end < len(s) && (semverIsIdentChar(s[end]) || s[end] == '.') {
				end++
			}
			what := "pre-release"
			if sign == '+' {
				what = "build"
			}
			if r := semverIdentsValid(s[1:end], what, sign == '-'); r != "" {
				return c, s, r
			}
			if sign == '-' {
				c.pre = s[1:end]
			}
			s = s[end:]
		}
	}
	return c, strings.TrimLeft(s, " "), ""
}

// matches is the crate's matches_impl for one comparator.
func (c *cargoComparator) matches(v *semverParts) bool {
	switch c.op {
	case "=", "*":
		return c.exact(v)
	case ">":
		return c.greater(v)
	case ">=":
		return c.exact(v) || c.greater(v)
	case "<":
		return c.less(v)
	case "<=":
		return c.exact(v) || c.less(v)
	case "~":
		return c.tilde(v)
	}
	return c.caret(v)
}

func (c *cargoComparator) exact(v *semverParts) bool {
	if semverCompareNum(v.major, c.major) != 0 ||
		c.minor != "" && semverCompareNum(v.minor, c.minor) != 0 ||
		c.patch != "" && semverCompareNum(v.patch, c.patch) != 0 {
		return false
	}
	return v.pre == c.pre
}

// order is the crate's matches_greater (sign 1) and matches_less
// (sign -1).
func (c *cargoComparator) order(v *semverParts, sign int) bool {
	for _, p := range [3][2]string{{v.major, c.major}, {v.minor, c.minor}, {v.patch, c.patch}} {
		if p[1] == "" {
			return false
		}
		if r := semverCompareNum(p[0], p[1]); r != 0 {
			return r == sign
		}
	}
	return semverComparePre(v.pre, c.pre, nil) == sign
}

func (c *cargoComparator) greater(v *semverParts) bool { return c.order(v, 1) }
func (c *cargoComparator) less(v *semverParts) bool    { return c.order(v, -1) }

func (c *cargoComparator) tilde(v *semverParts) bool {
	if semverCompareNum(v.major, c.major) != 0 ||
		c.minor != "" && semverCompareNum(v.minor, c.minor) != 0 {
		return false
	}
	if c.patch != "" {
		if r := semverCompareNum(v.patch, c.patch); r != 0 {
			return r > 0
		}
	}
	return semverComparePre(v.pre, c.pre, nil) >= 0
}

func (c *cargoComparator) caret(v *semverParts) bool {
	if semverCompareNum(v.major, c.major) != 0 {
		return false
	}
	if c.minor == "" {
		return true
	}
	minor := semverCompareNum(v.minor, c.minor)
	if c.patch == "" {
		if c.major != "0" {
			return minor >= 0
		}
		return minor == 0
	}
	patch := semverCompareNum(v.patch, c.patch)
	switch {
	case c.major != "0":
		if minor != 0 {
			return minor > 0
		}
		if patch != 0 {
			return patch > 0
		}
	case c.minor != "0":
		if minor != 0 {
			return false
		}
		if patch != 0 {
			return patch > 0
		}
	case minor != 0 || patch != 0:
		return false
	}
	return semverComparePre(v.pre, c.pre, nil) >= 0
}
