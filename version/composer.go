package version

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// composerScheme is Composer's version ordering and constraint language, as
// composer/semver 3 (VersionParser, Comparator, Semver::satisfies)
// implements it on top of PHP's version_compare.
//
// Versions: what VersionParser::normalize accepts, after trimming PHP's
// white space: an optional "v", one to four dot-separated numbers (the first
// at most five digits, padded with .0 to four), an optional stability
// suffix (stable, alpha/a, beta/b, RC, patch/pl/p, each with optional
// numbers, case-insensitive, separated by nothing or one of "._-") and an
// optional "-dev"; or a date-like number (2010.01.02, 20100102) with the
// same suffixes; or a branch: "dev-NAME" (any name), master, trunk or
// default (read as dev-master...), or "1.x-dev", "1.2.*-dev" (numbered
// branches, read as 1.9999999.9999999.9999999-dev). "+build" metadata, an
// "@stability" flag and an " as ALIAS" part are dropped. Anything else is
// an *InvalidVersionError. Numbers may have any length.
//
// Ordering: both versions are normalised ("1.0-b2" to 1.0.0.0-beta2,
// "1.0RC1" to 1.0.0.0-RC1) and then compared with PHP's version_compare,
// as Comparator::compare does: numbers numerically (saturating at
// 2^63-1 like C's strtol), and dev < alpha = a < beta = b < RC = rc <
// number < patch = pl = p for the words, so 1.0-dev < 1.0-alpha1 < 1.0 <
// 1.0-patch1. A dev-NAME branch sorts before every numbered version.
// Deliberate deviation: Composer gives two different dev-NAME branches no
// order (every comparison but != is false); Compare orders them bytewise,
// so that it stays a total order.
//
// Constraints: VersionParser::parseConstraints syntax: alternatives
// separated by "||" or "|", each a list of terms that must all hold,
// separated by commas or spaces; a term is "*" (anything), an operator
// (=, ==, !=, <>, <, <=, >, >=) and a version, a caret (^1.2: >= 1.2, <
// 2.0; ^0.3: < 0.4), a tilde (~1.2: >= 1.2, < 2.0; ~1.2.3: < 1.3), a
// wildcard (1.2.*, 1.x), a hyphen range (1.0 - 2.0: >= 1.0, < 2.1;
// 1.0 - 2.0.0: <= 2.0.0), each optionally followed by an @stability flag.
// Bounds are lowered to their -dev form as Composer does (>= 1.2 admits
// 1.2-alpha; < 2.0 excludes 2.0-beta), so Satisfies(v, ">= "+b) and
// Compare(v, b) >= 0 can differ on pre-releases. A term compares a dev-NAME
// branch only by == and !=. Like Semver::satisfies, no term excludes
// pre-releases by itself (minimum-stability is a Composer resolver
// setting, not part of the constraint).
type composerScheme struct{}

func (composerScheme) Compare(a, b string) (int, error) {
	na, err := composerNormalize(a)
	if err != nil {
		return 0, err
	}
	nb, err := composerNormalize(b)
	if err != nil {
		return 0, err
	}
	return composerCompareNormalized(na, nb), nil
}

// composerCompareNormalized orders normalised versions: two branches by
// name, anything else as PHP's version_compare.
func composerCompareNormalized(na, nb string) int {
	if strings.HasPrefix(na, "dev-") && strings.HasPrefix(nb, "dev-") {
		return strings.Compare(na, nb)
	}
	return composerPHPVersionCompare(na, nb)
}

func (composerScheme) Satisfies(v, constraint string) (bool, error) {
	alts, err := composerParseConstraints(constraint)
	if err != nil {
		return false, err
	}
	nv, err := composerNormalize(v)
	if err != nil {
		return false, err
	}
	for _, and := range alts {
		ok := true
		for _, t := range and {
			if !t.matches(nv) {
				ok = false
				break
			}
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}

// composerTerm is one Constraint of composer/semver: an operator and a
// normalised version, or match-all.
type composerTerm struct {
	all bool
	op  string // ==, !=, <, <=, >, >=
	ver string
}

// matches is Constraint::matchSpecific with a provider "== v", as
// Semver::satisfies builds it.
func (t composerTerm) matches(v string) bool {
	if t.all {
		return true
	}
	vb, cb := strings.HasPrefix(v, "dev-"), strings.HasPrefix(t.ver, "dev-")
	if vb || cb {
		switch {
		case t.op == "!=":
			return v != t.ver
		case t.op == "==" && vb && cb:
			return v == t.ver
		}
		return false
	}
	c := composerPHPVersionCompare(v, t.ver)
	switch t.op {
	case "==":
		return c == 0
	case "!=":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return false
}

// PHP's trim() characters and PCRE2's \s.
const (
	composerPHPTrimSet = " \t\n\r\x00\x0b"
	composerPCRESpace  = `[ \t\n\v\f\r]`
)

// composerModifier is VersionParser's $modifierRegex (possessive
// quantifiers dropped: nothing after them can start with a digit, so they
// never change a match).
const composerModifier = `[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*)?)?([.-]?dev)?`

// PCRE's $ (without D) also matches before a final newline.
const composerPCREEnd = `\n?\z`

var (
	composerAliasRe     = regexp.MustCompile(`^([^,\s\v]+) +as +([^,\s\v]+)` + composerPCREEnd)
	composerFlagRe      = regexp.MustCompile(`(?i)@(?:stable|RC|beta|alpha|dev)` + composerPCREEnd)
	composerBuildRe     = regexp.MustCompile(`^([^,\s\v+]+)\+[^\s\v]+` + composerPCREEnd)
	composerClassicalRe = regexp.MustCompile(`(?i)^v?(\d{1,5})(\.\d+)?(\.\d+)?(\.\d+)?` + composerModifier + composerPCREEnd)
	composerDateRe      = regexp.MustCompile(`(?i)^v?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?)` + composerModifier + composerPCREEnd)
	composerDevRe       = regexp.MustCompile(`(?i)(.*?)[.-]?dev` + composerPCREEnd)
	composerBranchRe    = regexp.MustCompile(`(?i)^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?` + composerPCREEnd)
	composerStabilityRe = regexp.MustCompile(`(?i)` + composerModifier + `(?:\+.*)?` + composerPCREEnd)
	composerNonDigitRe  = regexp.MustCompile(`\D`)
)

// composerMask runs find on s with every non-ASCII byte replaced by 0xff,
// so that Go's Unicode case folding (ſ is s, K is k) cannot match where
// PCRE, without its u flag, compares bytes. The indexes hold for s.
func composerMask(s string, find func(string) []int) []int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 0x80 {
					b[j] = 0xff
				}
			}
			return find(string(b))
		}
	}
	return find(s)
}

// composerMatch is re.FindStringSubmatch(s) (PHP's preg_match), with
// composerMask's byte semantics; unmatched groups are "".
func composerMatch(re *regexp.Regexp, s string) []string {
	loc := composerMask(s, func(s string) []int { return re.FindStringSubmatchIndex(s) })
	if loc == nil {
		return nil
	}
	m := make([]string, len(loc)/2)
	for i := range m {
		if loc[2*i] >= 0 {
			m[i] = s[loc[2*i]:loc[2*i+1]]
		}
	}
	return m
}

// composerNormalize is VersionParser::normalize.
func composerNormalize(input string) (string, error) {
	v := strings.Trim(input, composerPHPTrimSet)
	if n, ok := composerNormalizePlain(v); ok {
		return n, nil
	}
	return composerNormalizeRegexp(input, v)
}

// composerNormalizeRegexp is composerNormalize past the trimming, without
// the plain fast path (which the fuzz test checks against it).
func composerNormalizeRegexp(input, v string) (string, error) {
	if m := composerMatch(composerAliasRe, v); m != nil {
		v = m[1]
	}
	if loc := composerMask(v, composerFlagRe.FindStringIndex); loc != nil {
		v = v[:loc[0]]
	}
	switch v {
	case "master", "trunk", "default":
		v = "dev-" + v
	}
	if len(v) >= 4 && strings.EqualFold(v[:4], "dev-") {
		return "dev-" + v[4:], nil
	}
	if m := composerMatch(composerBuildRe, v); m != nil {
		v = m[1]
	}
	var m []string
	var index int
	if m = composerMatch(composerClassicalRe, v); m != nil {
		v = m[1]
		for _, p := range m[2:5] {
			if p == "" {
				p = ".0"
			}
			v += p
		}
		index = 5
	} else if m = composerMatch(composerDateRe, v); m != nil {
		v = composerNonDigitRe.ReplaceAllString(m[1], ".")
		index = 2
	}
	if m != nil {
		if m[index] != "" {
			if m[index] == "stable" {
				return v, nil
			}
			v += "-" + composerExpandStability(m[index]) + strings.TrimLeft(m[index+1], ".-")
		}
		if m[index+2] != "" {
			v += "-dev"
		}
		return v, nil
	}
	if m := composerMatch(composerDevRe, v); m != nil {
		if n, ok := composerNormalizeBranch(m[1]); ok {
			return n, nil
		}
	}
	return "", &InvalidVersionError{Ecosystem: Composer, Version: input, Reason: "not a Composer version"}
}

// composerNormalizePlain is the common case of composerNormalize, without
// regular expressions: one to four dot-separated numbers, the first of at
// most five digits, padded to four. ok is false for anything else.
func composerNormalizePlain(v string) (string, bool) {
	parts, start := 0, 0
	for i := 0; i <= len(v); i++ {
		if i < len(v) && v[i] >= '0' && v[i] <= '9' {
			continue
		}
		if i == start || (i < len(v) && v[i] != '.') || (parts == 0 && i > 5) {
			return "", false
		}
		parts++
		start = i + 1
	}
	if parts > 4 {
		return "", false
	}
	return v + strings.Repeat(".0", 4-parts), true
}

// composerNormalizeBranch is VersionParser::normalizeBranch for a numbered
// branch (1.x, 2.1.*); ok is false for a named one.
func composerNormalizeBranch(name string) (string, bool) {
	m := composerMatch(composerBranchRe, strings.Trim(name, composerPHPTrimSet))
	if m == nil {
		return "", false
	}
	v := m[1]
	for _, p := range m[2:5] {
		if p == "" {
			p = ".x"
		}
		v += strings.NewReplacer("*", "x", "X", "x").Replace(p)
	}
	return strings.ReplaceAll(v, "x", "9999999") + "-dev", true
}

func composerExpandStability(s string) string {
	switch s = strings.ToLower(s); s {
	case "a":
		return "alpha"
	case "b":
		return "beta"
	case "p", "pl":
		return "patch"
	case "rc":
		return "RC"
	}
	return s
}

// composerParseStability is VersionParser::parseStability on a normalised
// version.
func composerParseStability(v string) string {
	if i := strings.IndexByte(v, '#'); i >= 0 && i+1 < len(v) && v[i+1] != '\n' {
		v = v[:i]
	}
	if strings.HasPrefix(v, "dev-") || strings.HasSuffix(v, "-dev") {
		return "dev"
	}
	m := composerMatch(composerStabilityRe, strings.ToLower(v))
	switch {
	case m == nil:
	case m[3] != "":
		return "dev"
	case m[1] == "beta" || m[1] == "b":
		return "beta"
	case m[1] == "alpha" || m[1] == "a":
		return "alpha"
	case m[1] == "rc":
		return "RC"
	}
	return "stable"
}

var (
	composerOrSplitRe  = regexp.MustCompile(composerPCRESpace + `*\|\|?` + composerPCRESpace + `*`)
	composerFlagTermRe = regexp.MustCompile(`(?i)^([^,\s\v]*?)@(stable|RC|beta|alpha|dev)` + composerPCREEnd)
	composerRefRe      = regexp.MustCompile(`(?i)^(dev-[^,\s\v@]+?|[^,\s\v@]+?\.x-dev)#.+` + composerPCREEnd)
	composerAnyRe      = regexp.MustCompile(`(?i)^(v)?[xX*](\.[xX*])*` + composerPCREEnd)
	// composerVersionRe is parseConstraint's $versionRegex: groups 1-4
	// numbers, 5 stability, 6 its number, 7 dev, 8 .x-dev.
	composerVersionRe = `v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:` + composerModifier + `|\.([xX*][.-]?dev))(?:\+[^\s\v]+)?`
	composerTildeRe   = regexp.MustCompile(`(?i)^~>?` + composerVersionRe + composerPCREEnd)
	composerCaretRe   = regexp.MustCompile(`(?i)^\^` + composerVersionRe + composerPCREEnd)
	composerXRangeRe  = regexp.MustCompile(`^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.[xX*])+` + composerPCREEnd)
	composerHyphenRe  = regexp.MustCompile(`(?i)^(` + composerVersionRe + `) +- +(` + composerVersionRe + `)` + composerPCREEnd)
	composerBasicRe   = regexp.MustCompile(`^(<>|!=|>=?|<=?|==?)?` + composerPCRESpace + `*(.*)`)
	composerDevTailRe = regexp.MustCompile(`-` + composerModifier + composerPCREEnd)
	composerBranchish = regexp.MustCompile(`^[0-9a-zA-Z./-]+` + composerPCREEnd)
)

// composerParseConstraints is VersionParser::parseConstraints followed by
// MultiConstraint::create's merging of adjacent ranges.
func composerParseConstraints(constraint string) ([][]composerTerm, error) {
	var alts [][]composerTerm
	for _, or := range composerOrSplitRe.Split(strings.Trim(constraint, composerPHPTrimSet), -1) {
		var and []composerTerm
		for _, c := range composerAndSplit(or) {
			ts, err := composerParseConstraint(c)
			if err != nil {
				return nil, &InvalidConstraintError{Ecosystem: Composer, Constraint: constraint, Reason: err.Error()}
			}
			and = append(and, ts...)
		}
		alts = append(alts, and)
	}
	return composerMergeRanges(alts), nil
}

// composerMergeRanges is MultiConstraint::optimizeConstraints for a
// disjunction: ">= a, < b" || ">= b, < c" becomes ">= a, < c".
func composerMergeRanges(alts [][]composerTerm) [][]composerTerm {
	isRange := func(g []composerTerm) bool {
		return len(g) == 2 && !g[0].all && !g[1].all && g[0].op == ">=" && g[1].op == "<"
	}
	if len(alts) < 2 {
		return alts
	}
	left := alts[0]
	var merged [][]composerTerm
	for _, right := range alts[1:] {
		if isRange(left) && isRange(right) && left[1].ver == right[0].ver {
			left = []composerTerm{left[0], right[1]}
			continue
		}
		merged = append(merged, left)
		left = right
	}
	return append(merged, left)
}

// composerAndSplit is preg_split('{(?<!^|as|[=>< ,]) *(?<!-)[, ](?!-) *(?!,|as|$)}', s).
func composerAndSplit(s string) []string {
	var parts []string
	last := 0
	for p := 0; p < len(s); p++ {
		if p == 0 || strings.HasSuffix(s[:p], "as") || strings.IndexByte("=>< ,", s[p-1]) >= 0 {
			continue
		}
		if end, ok := composerAndSepAt(s, p); ok {
			parts = append(parts, s[last:p])
			last = end
			p = end - 1
		}
	}
	return append(parts, s[last:])
}

// composerAndSepAt matches " *(?<!-)[, ](?!-) *(?!,|as|$)" at p, with
// PCRE's backtracking, and returns the end of the match.
func composerAndSepAt(s string, p int) (int, bool) {
	spaces := func(i int) int {
		n := 0
		for i+n < len(s) && s[i+n] == ' ' {
			n++
		}
		return n
	}
	for n1 := spaces(p); n1 >= 0; n1-- {
		q := p + n1
		if q >= len(s) || (s[q] != ',' && s[q] != ' ') || (q > 0 && s[q-1] == '-') {
			continue
		}
		r := q + 1
		if r < len(s) && s[r] == '-' {
			continue
		}
		for n2 := spaces(r); n2 >= 0; n2-- {
			t := r + n2
			if t < len(s) && s[t] != ',' && !strings.HasPrefix(s[t:], "as") {
				return t, true
			}
		}
	}
	return 0, false
}

// composerParseConstraint is VersionParser::parseConstraint. Its errors
// are plain reasons, wrapped by the caller.
func composerParseConstraint(c string) ([]composerTerm, error) {
	bad := func(reason string) error {
		return &InvalidConstraintError{Ecosystem: Composer, Constraint: c, Reason: reason}
	}
	if m := composerMatch(composerAliasRe, c); m != nil {
		c = m[1]
	}
	var stabilityModifier string
	if m := composerMatch(composerFlagTermRe, c); m != nil {
		c = m[1]
		if c == "" {
			c = "*"
		}
		if m[2] != "stable" {
			stabilityModifier = m[2]
		}
	}
	if m := composerMatch(composerRefRe, c); m != nil {
		c = m[1]
	}
	if m := composerMatch(composerAnyRe, c); m != nil {
		if m[1] != "" || m[2] != "" {
			return []composerTerm{{op: ">=", ver: "0.0.0.0-dev"}}, nil
		}
		return []composerTerm{{all: true}}, nil
	}
	if m := composerMatch(composerTildeRe, c); m != nil {
		if strings.HasPrefix(c, "~>") {
			return nil, bad(`invalid operator "~>", Composer's is "~"`)
		}
		position := 1
		for i := 4; i > 1; i-- {
			if m[i] != "" {
				position = i
				break
			}
		}
		if m[8] != "" {
			position++
		}
		return composerRange(c, m, max(1, position-1))
	}
	if m := composerMatch(composerCaretRe, c); m != nil {
		position := 3
		switch {
		case m[1] != "0" || m[2] == "":
			position = 1
		case m[2] != "0" || m[3] == "":
			position = 2
		}
		return composerRange(c, m, position)
	}
	if m := composerMatch(composerXRangeRe, c); m != nil {
		position := 1
		if m[3] != "" {
			position = 3
		} else if m[2] != "" {
			position = 2
		}
		parts := []string{m[1], m[2], m[3], ""}
		low := composerManipulate(parts, position, false) + "-dev"
		high := composerManipulate(parts, position, true) + "-dev"
		if low == "0.0.0.0-dev" {
			return []composerTerm{{op: "<", ver: high}}, nil
		}
		return []composerTerm{{op: ">=", ver: low}, {op: "<", ver: high}}, nil
	}
	if m := composerMatch(composerHyphenRe, c); m != nil {
		// Groups: 1 from (2-5 numbers, 6 stability, 8 dev, 9 .x-dev),
		// 10 to (11-14 numbers, 15 stability, 17 dev, 18 .x-dev).
		low, err := composerNormalize(m[1])
		if err != nil {
			return nil, bad(err.Error())
		}
		if m[6] == "" && m[8] == "" && m[9] == "" {
			low += "-dev"
		}
		high, err := composerNormalize(m[10])
		if err != nil {
			return nil, bad(err.Error())
		}
		if m[12] != "" && m[13] != "" || m[15] != "" || m[17] != "" || m[18] != "" {
			return []composerTerm{{op: ">=", ver: low}, {op: "<=", ver: high}}, nil
		}
		position := 2
		if m[12] == "" {
			position = 1
		}
		return []composerTerm{{op: ">=", ver: low}, {op: "<", ver: composerManipulate(m[11:15], position, true) + "-dev"}}, nil
	}
	m := composerMatch(composerBasicRe, c)
	op, rest := m[1], m[2]
	v, err := composerNormalize(rest)
	if err != nil {
		if !strings.HasSuffix(rest, "-dev") || !(composerMatch(composerBranchish, rest) != nil) {
			return nil, bad(err.Error())
		}
		v, _ = composerNormalize("dev-" + rest[:len(rest)-4])
	}
	if op == "" {
		op = "="
	}
	if op != "==" && op != "=" && stabilityModifier != "" && composerParseStability(v) == "stable" {
		v += "-" + stabilityModifier
	} else if (op == "<" || op == ">=") && !(composerMatch(composerDevTailRe, strings.ToLower(rest)) != nil) && !strings.HasPrefix(rest, "dev-") {
		v += "-dev"
	}
	switch op {
	case "=":
		op = "=="
	case "<>":
		op = "!="
	}
	return []composerTerm{{op: op, ver: v}}, nil
}

// composerRange builds the ">= low, < high" pair of a tilde or caret
// constraint c whose versionRegex groups are m, with the upper bound
// incremented at position.
func composerRange(c string, m []string, position int) ([]composerTerm, error) {
	low := c[1:]
	if m[5] == "" && m[7] == "" && m[8] == "" {
		low += "-dev"
	}
	low, err := composerNormalize(low)
	if err != nil {
		return nil, &InvalidConstraintError{Ecosystem: Composer, Constraint: c, Reason: err.Error()}
	}
	return []composerTerm{{op: ">=", ver: low}, {op: "<", ver: composerManipulate(m[1:5], position, true) + "-dev"}}, nil
}

// composerManipulate is VersionParser::manipulateVersionString on the four
// numbers parts: parts after position become 0, the one at position is
// incremented if inc (with PHP's arithmetic: past 2^63-1 it becomes a
// float, printed with 14 digits).
func composerManipulate(parts []string, position int, inc bool) string {
	p := append([]string(nil), parts...)
	for i := 4; i > 0; i-- {
		if i > position {
			p[i-1] = "0"
		} else if i == position && inc {
			p[i-1] = composerPHPIncrement(p[i-1])
		}
	}
	return strings.Join(p, ".")
}

// composerPHPIncrement is PHP's $s + 1 for a string of decimal digits.
func composerPHPIncrement(s string) string {
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return "1"
	}
	n.Add(n, big.NewInt(1))
	if n.IsInt64() {
		return n.String()
	}
	f, _ := new(big.Float).SetInt(n).Float64()
	out := strconv.FormatFloat(f, 'G', 14, 64)
	if i := strings.IndexByte(out, 'E'); i >= 0 && !strings.Contains(out[:i], ".") {
		out = out[:i] + ".0" + out[i:]
	}
	return out
}

// composerPHPCanonicalize is php_canonicalize_version: "-", "_", "+" and other
// non-alphanumerics become ".", and a "." goes between a digit and a
// non-digit.
func composerPHPCanonicalize(v string) string {
	if v == "" {
		return ""
	}
	isDig := func(c byte) bool { return c >= '0' && c <= '9' }
	isAlnum := func(c byte) bool { return isDig(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	b := make([]byte, 0, 2*len(v))
	b = append(b, v[0])
	lp := v[0]
	for i := 1; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '-' || c == '_' || c == '+':
			if b[len(b)-1] != '.' {
				b = append(b, '.')
			}
		case (!isDig(lp) && lp != '.' && isDig(c)) || (isDig(lp) && !isDig(c) && c != '.'):
			if b[len(b)-1] != '.' {
				b = append(b, '.')
			}
			b = append(b, c)
		case !isAlnum(c):
			if b[len(b)-1] != '.' {
				b = append(b, '.')
			}
		default:
			b = append(b, c)
		}
		lp = c
	}
	return string(b)
}

// composerPHPSpecialForm orders the words of version_compare; unknown words are
// -1, below "dev".
func composerPHPSpecialForm(s string) int {
	for _, f := range []struct {
		name  string
		order int
	}{{"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2}, {"b", 2}, {"RC", 3}, {"rc", 3}, {"#", 4}, {"pl", 5}, {"p", 5}} {
		if strings.HasPrefix(s, f.name) {
			return f.order
		}
	}
	return -1
}

// composerPHPStrtol is C's strtol on a run of digits, saturating at 2^63-1.
func composerPHPStrtol(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 1<<63 - 1
	}
	return n
}

// composerPHPVersionCompare is PHP's version_compare($a, $b) (php_version_compare).
func composerPHPVersionCompare(a, b string) int {
	if a == "" || b == "" {
		switch {
		case a == "" && b == "":
			return 0
		case a == "":
			return -1
		}
		return 1
	}
	if a[0] != '#' {
		a = composerPHPCanonicalize(a)
	}
	if b[0] != '#' {
		b = composerPHPCanonicalize(b)
	}
	isDig := func(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }
	sign := func(x int) int {
		switch {
		case x < 0:
			return -1
		case x > 0:
			return 1
		}
		return 0
	}
	p1, p2 := a, b
	more1, more2 := true, true // n1, n2 != NULL
	compare := 0
	for p1 != "" && p2 != "" && more1 && more2 {
		var e1, e2 string
		e1, p1, more1 = strings.Cut(p1, ".")
		e2, p2, more2 = strings.Cut(p2, ".")
		switch {
		case isDig(e1) && isDig(e2):
			l1, l2 := composerPHPStrtol(composerPHPDigits(e1)), composerPHPStrtol(composerPHPDigits(e2))
			switch {
			case l1 < l2:
				compare = -1
			case l1 > l2:
				compare = 1
			}
		case !isDig(e1) && !isDig(e2):
			compare = sign(composerPHPSpecialForm(e1) - composerPHPSpecialForm(e2))
		case isDig(e1):
			compare = sign(composerPHPSpecialForm("#N#") - composerPHPSpecialForm(e2))
		default:
			compare = sign(composerPHPSpecialForm(e1) - composerPHPSpecialForm("#N#"))
		}
		if compare != 0 {
			return compare
		}
	}
	switch {
	case more1:
		if isDig(p1) {
			return 1
		}
		return composerPHPVersionCompare(p1, "#N#")
	case more2:
		if isDig(p2) {
			return -1
		}
		return composerPHPVersionCompare("#N#", p2)
	}
	return 0
}

// composerPHPDigits returns the leading digits of s.
func composerPHPDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}
