package version

import (
	"regexp"
	"strconv"
	"strings"
)

// npmScheme is node-semver 7.x (checked against semver@7.8.6), with
// node-semver's default options: satisfies(v, range) and compare(a, b)
// with no options object.
//
// Versions: strict SemVer 2.0.0, MAJOR.MINOR.PATCH[-pre][+build], numbers
// and numeric pre-release identifiers without leading zeros, an optional
// leading "v" (not "V", not "="), surrounding JavaScript white space
// trimmed, at most 256 UTF-16 code units before trimming, and each of
// MAJOR, MINOR and PATCH at most 2^53-1 (Number.MAX_SAFE_INTEGER).
//
// Ordering: SemVer 2.0.0 precedence, build metadata ignored. As in
// node-semver, numeric pre-release identifiers are compared as JavaScript
// numbers: two identifiers of 16 digits or more that round to the same
// double end the comparison as equal.
//
// Constraints: node-semver's range grammar, evaluated by a port of its
// own rewriting (classes/range.js): "||" alternatives of white-space
// separated comparators (<, <=, >, >=, = or none), hyphen ranges
// ("1.2 - 2.3.4"), X-ranges ("1.x", "1.2.*", "*", "" for any), tilde
// ("~1.2.3", "~1.2", "~1", "~>1.2") and caret ("^1.2.3", "^0.2.3",
// "^0.0.3", "^1.2.x") ranges, build metadata ignored. Pre-release rule: a
// version with a pre-release satisfies a comparator set only if some
// comparator in that set has a pre-release on the same MAJOR.MINOR.PATCH.
//
// Errors: where node-semver's satisfies returns false for a range it
// cannot parse (new Range throws), Satisfies returns an
// *InvalidConstraintError; where it returns false for an invalid version,
// Satisfies returns an *InvalidVersionError. Compare returns an
// *InvalidVersionError where semver.compare throws.
//
// Implementation notes: the operator-space trimming is node-semver 7.7's
// COMPARATORTRIM expression, which 7.8 replaced by a scanner written to
// behave the same; node-semver's parsed-range cache is not kept, so each
// Satisfies parses its range again.
type npmScheme struct{}

var _ Scheme = npmScheme{}

// npmMaxLength is node-semver's MAX_LENGTH, in UTF-16 code units.
const npmMaxLength = 256

// npmMaxSafe is Number.MAX_SAFE_INTEGER, node-semver's bound on MAJOR,
// MINOR and PATCH.
const npmMaxSafe = "9007199254740991"

func (npmScheme) Compare(a, b string) (int, error) {
	var pa, pb semverParts
	if reason := npmParseInto(&pa, a, false); reason != "" {
		return 0, &InvalidVersionError{Ecosystem: NPM, Version: a, Reason: reason}
	}
	if reason := npmParseInto(&pb, b, false); reason != "" {
		return 0, &InvalidVersionError{Ecosystem: NPM, Version: b, Reason: reason}
	}
	return npmCompare(&pa, &pb), nil
}

func (npmScheme) Satisfies(v, constraint string) (bool, error) {
	return npmSatisfies(v, constraint, npmOptions{})
}

// npmOptions are node-semver's options; the zero value is its default.
type npmOptions struct {
	loose, includePrerelease bool
}

// npmCompare is SemVer.prototype.compare.
func npmCompare(a, b *semverParts) int {
	if c := semverCompareMain(a, b); c != 0 {
		return c
	}
	return semverComparePre(a.pre, b.pre, npmCompareNumIdent)
}

// npmCompareNumIdent orders two numeric pre-release identifiers as
// node-semver's compareIdentifiers does: as JavaScript numbers (doubles).
// Two different identifiers that round to the same double stop the
// comparison with 0, as comparePre returns compareIdentifiers' 0.
func npmCompareNumIdent(a, b string) (int, bool) {
	a, b = semverTrimZeros(a), semverTrimZeros(b)
	if len(a) < 16 && len(b) < 16 {
		return semverCompareNum(a, b), false
	}
	fa, _ := strconv.ParseFloat(a, 64)
	fb, _ := strconv.ParseFloat(b, 64)
	switch {
	case fa < fb:
		return -1, false
	case fa > fb:
		return 1, false
	}
	return 0, true
}

// npmIsSpace reports whether r is white space to JavaScript (\s and
// String.prototype.trim).
func npmIsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// npmTrim is String.prototype.trim.
func npmTrim(s string) string {
	if s != "" && s[0] > ' ' && s[0] < 0x80 && s[len(s)-1] > ' ' && s[len(s)-1] < 0x80 {
		return s // the common case: nothing to trim
	}
	return strings.TrimFunc(s, npmIsSpace)
}

// npmLen is the length of s in UTF-16 code units, as JavaScript counts.
func npmLen(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// npmParse is new SemVer(s, {loose}).
func npmParse(s string, loose bool) (semverParts, error) {
	var p semverParts
	if reason := npmParseInto(&p, s, loose); reason != "" {
		return semverParts{}, &InvalidVersionError{Ecosystem: NPM, Version: s, Reason: reason}
	}
	return p, nil
}

// npmParseInto parses s into p and returns why it is invalid, or "". The
// strict path allocates nothing on valid input.
func npmParseInto(p *semverParts, s string, loose bool) string {
	if len(s) > npmMaxLength && npmLen(s) > npmMaxLength {
		return "longer than 256 characters"
	}
	t := npmTrim(s)
	var reason string
	if loose {
		m := npmRe.loose.FindStringSubmatch(t)
		if m == nil {
			return "not a version, even loosely"
		}
		*p = semverParts{major: semverTrimZeros(m[1]), minor: semverTrimZeros(m[2]), patch: semverTrimZeros(m[3]), pre: m[4], build: m[5]}
	} else {
		if t != "" && t[0] == 'v' {
			t = t[1:]
		}
		if reason = semverParse(p, t, false); reason != "" {
			return reason
		}
	}
	if npmAboveSafe(p.major) || npmAboveSafe(p.minor) || npmAboveSafe(p.patch) {
		return "a number is above 2^53-1"
	}
	return ""
}

// npmAboveSafe reports whether digits n (no leading zeros) exceed
// Number.MAX_SAFE_INTEGER.
func npmAboveSafe(n string) bool {
	return len(n) > len(npmMaxSafe) || len(n) == len(npmMaxSafe) && n > npmMaxSafe
}

// npmFormat is SemVer.prototype.format: the version without build
// metadata, numbers as JavaScript prints them.
func npmFormat(p *semverParts) string {
	s := p.major + "." + p.minor + "." + p.patch
	if p.pre == "" {
		return s
	}
	var b strings.Builder
	b.WriteString(s)
	b.WriteByte('-')
	for i, id := range strings.Split(p.pre, ".") {
		if i > 0 {
			b.WriteByte('.')
		}
		if semverIsDigits(id) {
			if t := semverTrimZeros(id); len(t) < len(npmMaxSafe) || len(t) == len(npmMaxSafe) && t < npmMaxSafe {
				id = t // a number below MAX_SAFE_INTEGER
			}
		}
		b.WriteString(id)
	}
	return b.String()
}

// npmComparator is one comparator of a parsed range; any is the empty
// comparator (semver.ANY) that every version meets.
type npmComparator struct {
	op    string // "", "<", "<=", ">", ">="
	any   bool
	v     semverParts
	value string // op + formatted version, "" for any
}

func (c *npmComparator) test(v *semverParts) bool {
	if c.any {
		return true
	}
	r := npmCompare(v, &c.v)
	switch c.op {
	case "<":
		return r < 0
	case "<=":
		return r <= 0
	case ">":
		return r > 0
	case ">=":
		return r >= 0
	}
	return r == 0
}

// npmSatisfies is satisfies(v, constraint, options), with errors where
// node-semver returns false for invalid input.
func npmSatisfies(v, constraint string, o npmOptions) (bool, error) {
	set, reason := npmParseRange(constraint, o)
	if reason != "" {
		return false, &InvalidConstraintError{Ecosystem: NPM, Constraint: constraint, Reason: reason}
	}
	pv, err := npmParse(v, o.loose)
	if err != nil {
		return false, err
	}
	for _, comps := range set {
		if npmTestSet(comps, &pv, o) {
			return true, nil
		}
	}
	return false, nil
}

// npmTestSet is range.js testSet, with its pre-release rule.
func npmTestSet(comps []npmComparator, v *semverParts, o npmOptions) bool {
	for i := range comps {
		if !comps[i].test(v) {
			return false
		}
	}
	if v.pre == "" || o.includePrerelease {
		return true
	}
	for i := range comps {
		c := &comps[i]
		if !c.any && c.v.pre != "" && semverCompareMain(&c.v, v) == 0 {
			return true
		}
	}
	return false
}

// npmRegexps are node-semver's internal/re.js safeRe expressions that the
// range rewriting needs, translated to RE2: JavaScript's \s becomes its
// full Unicode class, and the "safe" bounds (\s* -> \s{0,1}, \d* ->
// \d{0,256}, [a-zA-Z0-9-]* -> {0,250}) are kept.
type npmRegexps struct {
	loose, build                             *npmRx
	hyphen, hyphenLoose                      *npmRx
	comparatorTrim, tildeTrim, caretTrim     *npmRx
	tilde, tildeLoose, caret, caretLoose     *npmRx
	xrange, xrangeLoose, star, gte0, gte0Pre *npmRx
	comparator, comparatorLoose              *npmRx
	jsSpaceSplit                             *regexp.Regexp
}

// npmRx is one node-semver expression compiled twice: safe with the
// bounded repetitions of safeRe, fast with \d and [a-zA-Z0-9-]
// unbounded. The two agree on any text without a run of 250 or more
// [a-zA-Z0-9-] characters, and the fast one is many times quicker.
type npmRx struct {
	safe, fast *regexp.Regexp
}

// pick returns the expression to run on s.
func (r *npmRx) pick(s string) *regexp.Regexp {
	run := 0
	for i := 0; i < len(s); i++ {
		if !semverIsIdentChar(s[i]) {
			run = 0
		} else if run++; run >= 250 {
			return r.safe
		}
	}
	return r.fast
}

func (r *npmRx) FindStringSubmatch(s string) []string { return r.pick(s).FindStringSubmatch(s) }
func (r *npmRx) MatchString(s string) bool            { return r.pick(s).MatchString(s) }
func (r *npmRx) ReplaceAllString(s, repl string) string {
	return r.pick(s).ReplaceAllString(s, repl)
}
func (r *npmRx) ReplaceAllLiteralString(s, repl string) string {
	return r.pick(s).ReplaceAllLiteralString(s, repl)
}

var npmRe = npmCompile()

func npmCompile() *npmRegexps {
	const ws = `\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`
	safe := func(s string, all bool) string {
		for _, r := range []struct{ tok, max string }{{`\s`, "1"}, {`\d`, "256"}, {`[a-zA-Z0-9-]`, "250"}} {
			if !all && r.tok != `\s` {
				continue
			}
			s = strings.ReplaceAll(s, r.tok+"*", r.tok+"{0,"+r.max+"}")
			s = strings.ReplaceAll(s, r.tok+"+", r.tok+"{1,"+r.max+"}")
		}
		s = strings.ReplaceAll(s, `[v=\s]`, `[v=`+ws+`]`)
		return strings.ReplaceAll(s, `\s`, `[`+ws+`]`)
	}
	const (
		num        = `0|[1-9]\d*`
		numLoose   = `\d+`
		nonNum     = `\d*[a-zA-Z-][a-zA-Z0-9-]*`
		main       = `(` + num + `)\.(` + num + `)\.(` + num + `)`
		mainLoose  = `(` + numLoose + `)\.(` + numLoose + `)\.(` + numLoose + `)`
		preID      = `(?:` + nonNum + `|` + num + `)`
		preIDLoose = `(?:` + nonNum + `|` + numLoose + `)`
		pre        = `(?:-(` + preID + `(?:\.` + preID + `)*))`
		preLoose   = `(?:-?(` + preIDLoose + `(?:\.` + preIDLoose + `)*))`
		buildID    = `[a-zA-Z0-9-]+`
		build      = `(?:\+(` + buildID + `(?:\.` + buildID + `)*))`
		fullPlain  = `v?` + main + pre + `?` + build + `?`
		loosePlain = `[v=\s]*` + mainLoose + preLoose + `?` + build + `?`
		gtlt       = `((?:<|>)?=?)`
		xid        = num + `|x|X|\*`
		xidLoose   = numLoose + `|x|X|\*`
		xPlain     = `[v=\s]*(` + xid + `)(?:\.(` + xid + `)(?:\.(` + xid + `)(?:` + pre + `)?` + build + `?)?)?`
		xPlainL    = `[v=\s]*(` + xidLoose + `)(?:\.(` + xidLoose + `)(?:\.(` + xidLoose + `)(?:` + preLoose + `)?` + build + `?)?)?`
	)
	c := func(s string) *npmRx {
		return &npmRx{safe: regexp.MustCompile(safe(s, true)), fast: regexp.MustCompile(safe(s, false))}
	}
	return &npmRegexps{
		loose:           c(`^` + loosePlain + `$`),
		build:           c(build),
		hyphen:          c(`^\s*(` + xPlain + `)\s+-\s+(` + xPlain + `)\s*$`),
		hyphenLoose:     c(`^\s*(` + xPlainL + `)\s+-\s+(` + xPlainL + `)\s*$`),
		comparatorTrim:  c(`(\s*)` + gtlt + `\s*(` + loosePlain + `|` + xPlain + `)`),
		tildeTrim:       c(`(\s*)(?:~>?)\s+`),
		caretTrim:       c(`(\s*)(?:\^)\s+`),
		tilde:           c(`^(?:~>?)` + xPlain + `$`),
		tildeLoose:      c(`^(?:~>?)` + xPlainL + `$`),
		caret:           c(`^(?:\^)` + xPlain + `$`),
		caretLoose:      c(`^(?:\^)` + xPlainL + `$`),
		xrange:          c(`^` + gtlt + `\s*` + xPlain + `$`),
		xrangeLoose:     c(`^` + gtlt + `\s*` + xPlainL + `$`),
		star:            c(`(<|>)?=?\s*\*`),
		gte0:            c(`^\s*>=\s*0\.0\.0\s*$`),
		gte0Pre:         c(`^\s*>=\s*0\.0\.0-0\s*$`),
		comparator:      c(`^` + gtlt + `\s*(` + fullPlain + `)$|^$`),
		comparatorLoose: c(`^` + gtlt + `\s*(` + loosePlain + `)$|^$`),
		jsSpaceSplit:    regexp.MustCompile(`[` + ws + `]+`),
	}
}

// npmGroups returns the submatches of the first match of re in s, with
// JavaScript's distinction between an unmatched group (ok false) and an
// empty one, and the match's bounds; nil if re does not match.
type npmGroups struct {
	s   string
	idx []int
}

func npmMatch(re *npmRx, s string) *npmGroups {
	idx := re.pick(s).FindStringSubmatchIndex(s)
	if idx == nil {
		return nil
	}
	return &npmGroups{s: s, idx: idx}
}

// g returns group i, "" when it did not take part.
func (m *npmGroups) g(i int) string {
	if m.idx[2*i] < 0 {
		return ""
	}
	return m.s[m.idx[2*i]:m.idx[2*i+1]]
}

// replace replaces the match with r.
func (m *npmGroups) replace(r string) string {
	return m.s[:m.idx[0]] + r + m.s[m.idx[1]:]
}

// npmReplaceFirst is String.prototype.replace with a non-global regexp
// and a replacement function.
func npmReplaceFirst(re *npmRx, s string, f func(m *npmGroups) string) string {
	m := npmMatch(re, s)
	if m == nil {
		return s
	}
	return m.replace(f(m))
}

// npmSplitSpace is s.split(/\s+/), keeping empty leading and trailing
// fields as JavaScript does.
func npmSplitSpace(s string) []string {
	return npmRe.jsSpaceSplit.Split(s, -1)
}

// npmMapSplit is s.split(/\s+/).map(f).join(' ').
func npmMapSplit(s string, f func(string) string) string {
	parts := npmSplitSpace(s)
	for i, p := range parts {
		parts[i] = f(p)
	}
	return strings.Join(parts, " ")
}

// npmIsX is range.js isX.
func npmIsX(id string) bool {
	return id == "" || id == "x" || id == "X" || id == "*"
}

// npmInc is `${+s + 1}`: s as a JavaScript number plus one, printed as
// JavaScript prints numbers.
func npmInc(s string) string {
	f, _ := strconv.ParseFloat(s, 64)
	return npmNumber(f + 1)
}

// npmNumber is Number.prototype.toString for a non-negative number.
func npmNumber(f float64) string {
	switch {
	case f > 1.7976931348623157e308:
		return "Infinity"
	case f >= 1e21:
		return strconv.FormatFloat(f, 'e', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// npmParseRange is new Range(constraint, options): it returns the
// comparator sets, or a reason why node-semver would throw.
func npmParseRange(constraint string, o npmOptions) ([][]npmComparator, string) {
	raw := npmRe.jsSpaceSplit.ReplaceAllLiteralString(npmTrim(constraint), " ")
	var set [][]npmComparator
	for part := range strings.SplitSeq(raw, "||") {
		comps, reason := npmParseComparators(npmTrim(part), o)
		if reason != "" {
			return nil, reason
		}
		if len(comps) > 0 {
			set = append(set, comps)
		}
	}
	if len(set) == 0 {
		return nil, "no comparator sets"
	}
	if len(set) > 1 {
		first := set[0]
		kept := set[:0:0]
		for _, c := range set {
			if c[0].value != "<0.0.0-0" {
				kept = append(kept, c)
			}
		}
		set = kept
		if len(set) == 0 {
			set = [][]npmComparator{first}
		} else if len(set) > 1 {
			for _, c := range set {
				if len(c) == 1 && c[0].any {
					set = [][]npmComparator{c}
					break
				}
			}
		}
	}
	return set, ""
}

// npmParseComparators is Range.prototype.parseRange.
func npmParseComparators(r string, o npmOptions) ([]npmComparator, string) {
	r = npmRe.build.ReplaceAllLiteralString(r, "")
	hr := npmRe.hyphen
	if o.loose {
		hr = npmRe.hyphenLoose
	}
	r = npmReplaceFirst(hr, r, func(m *npmGroups) string { return npmHyphen(m, o.includePrerelease) })
	r = npmRe.comparatorTrim.ReplaceAllString(r, "$1$2$3")
	r = npmRe.tildeTrim.ReplaceAllString(r, "$1~")
	r = npmRe.caretTrim.ReplaceAllString(r, "$1^")
	parts := strings.Split(r, " ")
	for i, p := range parts {
		parts[i] = npmParseComparator(p, o)
	}
	list := npmSplitSpace(strings.Join(parts, " "))
	gte0 := npmRe.gte0
	if o.includePrerelease {
		gte0 = npmRe.gte0Pre
	}
	var all []npmComparator // every comparator is built (and may throw) first
	for _, s := range list {
		s = npmReplaceFirst(gte0, npmTrim(s), func(*npmGroups) string { return "" })
		if o.loose && !npmRe.comparatorLoose.MatchString(s) {
			continue
		}
		c, reason := npmNewComparator(s, o.loose)
		if reason != "" {
			return nil, reason
		}
		all = append(all, c)
	}
	var comps []npmComparator
	index := map[string]int{}
	for _, c := range all {
		if c.value == "<0.0.0-0" {
			return []npmComparator{c}, ""
		}
		if i, ok := index[c.value]; ok {
			comps[i] = c
			continue
		}
		index[c.value] = len(comps)
		comps = append(comps, c)
	}
	if _, ok := index[""]; ok && len(comps) > 1 {
		i := index[""]
		comps = append(comps[:i:i], comps[i+1:]...)
	}
	return comps, ""
}

// npmNewComparator is new Comparator(s, {loose}).
func npmNewComparator(s string, loose bool) (npmComparator, string) {
	s = strings.Join(npmSplitSpace(npmTrim(s)), " ")
	re := npmRe.comparator
	if loose {
		re = npmRe.comparatorLoose
	}
	m := npmMatch(re, s)
	if m == nil {
		return npmComparator{}, "invalid comparator " + quoteASCII(s)
	}
	c := npmComparator{op: m.g(1)}
	if c.op == "=" {
		c.op = ""
	}
	if m.g(2) == "" {
		c.any = true
		return c, ""
	}
	v, err := npmParse(m.g(2), loose)
	if err != nil {
		return npmComparator{}, "comparator " + quoteASCII(s) + ": " + err.(*InvalidVersionError).Reason
	}
	c.v = v
	c.value = c.op + npmFormat(&v)
	return c, ""
}

// npmParseComparator is range.js parseComparator: it rewrites carets,
// tildes, X-ranges and stars into plain comparators.
func npmParseComparator(comp string, o npmOptions) string {
	comp = npmReplaceFirst(npmRe.build, comp, func(*npmGroups) string { return "" })
	comp = npmMapSplit(npmTrim(comp), func(c string) string { return npmCaret(c, o) })
	comp = npmMapSplit(npmTrim(comp), func(c string) string { return npmTilde(c, o) })
	comp = npmMapSplit(comp, func(c string) string { return npmXRange(c, o) })
	return npmReplaceFirst(npmRe.star, npmTrim(comp), func(*npmGroups) string { return "" })
}

// npmTilde is range.js replaceTilde.
func npmTilde(comp string, o npmOptions) string {
	re := npmRe.tilde
	if o.loose {
		re = npmRe.tildeLoose
	}
	return npmReplacePartial(re, comp, o, func(M, mi, p, pr, z string) string {
		switch {
		case npmIsX(p):
			return ">=" + M + "." + mi + ".0" + z + " <" + M + "." + npmInc(mi) + ".0-0"
		case pr != "":
			return ">=" + M + "." + mi + "." + p + "-" + pr + " <" + M + "." + npmInc(mi) + ".0-0"
		}
		return ">=" + M + "." + mi + "." + p + " <" + M + "." + npmInc(mi) + ".0-0"
	})
}

// npmCaret is range.js replaceCaret.
func npmCaret(comp string, o npmOptions) string {
	re := npmRe.caret
	if o.loose {
		re = npmRe.caretLoose
	}
	return npmReplacePartial(re, comp, o, func(M, mi, p, pr, z string) string {
		if npmIsX(p) {
			if M == "0" {
				return ">=" + M + "." + mi + ".0" + z + " <" + M + "." + npmInc(mi) + ".0-0"
			}
			return ">=" + M + "." + mi + ".0" + z + " <" + npmInc(M) + ".0.0-0"
		}
		from := ">=" + M + "." + mi + "." + p
		if pr != "" {
			from += "-" + pr
		}
		switch {
		case M == "0" && mi == "0":
			return from + " <" + M + "." + mi + "." + npmInc(p) + "-0"
		case M == "0":
			return from + " <" + M + "." + npmInc(mi) + ".0-0"
		}
		return from + " <" + npmInc(M) + ".0.0-0"
	})
}

// npmReplacePartial is the part replaceTilde and replaceCaret share: a
// match of re (groups major, minor, patch, pre-release) with an X major
// becomes "", with an X minor the range of its major; otherwise rest
// rewrites it. z is "-0" with includePrerelease.
func npmReplacePartial(re *npmRx, comp string, o npmOptions, rest func(M, mi, p, pr, z string) string) string {
	z := ""
	if o.includePrerelease {
		z = "-0"
	}
	return npmReplaceFirst(re, comp, func(m *npmGroups) string {
		M, mi := m.g(1), m.g(2)
		switch {
		case npmIsX(M):
			return ""
		case npmIsX(mi):
			return ">=" + M + ".0.0" + z + " <" + npmInc(M) + ".0.0-0"
		}
		return rest(M, mi, m.g(3), m.g(4), z)
	})
}

// npmXRange is range.js replaceXRange.
func npmXRange(comp string, o npmOptions) string {
	comp = npmTrim(comp)
	re := npmRe.xrange
	if o.loose {
		re = npmRe.xrangeLoose
	}
	return npmReplaceFirst(re, comp, func(mt *npmGroups) string {
		gtlt, M, m, p := mt.g(1), mt.g(2), mt.g(3), mt.g(4)
		if npmIsX(M) && !npmIsX(m) || npmIsX(m) && p != "" && !npmIsX(p) {
			return comp
		}
		xM := npmIsX(M)
		xm := xM || npmIsX(m)
		xp := xm || npmIsX(p)
		if gtlt == "=" && xp {
			gtlt = ""
		}
		pr := ""
		if o.includePrerelease {
			pr = "-0"
		}
		switch {
		case xM:
			if gtlt == ">" || gtlt == "<" {
				return "<0.0.0-0"
			}
			return "*"
		case gtlt != "" && xp:
			if xm {
				m = "0"
			}
			p = "0"
			switch gtlt {
			case ">":
				gtlt = ">="
				if xm {
					M, m = npmInc(M), "0"
				} else {
					m = npmInc(m)
				}
			case "<=":
				gtlt = "<"
				if xm {
					M = npmInc(M)
				} else {
					m = npmInc(m)
				}
			}
			if gtlt == "<" {
				pr = "-0"
			}
			return gtlt + M + "." + m + "." + p + pr
		case xm:
			return ">=" + M + ".0.0" + pr + " <" + npmInc(M) + ".0.0-0"
		case xp:
			return ">=" + M + "." + m + ".0" + pr + " <" + M + "." + npmInc(m) + ".0-0"
		}
		return mt.g(0)
	})
}

// npmHyphen is range.js hyphenReplace.
func npmHyphen(m *npmGroups, incPr bool) string {
	from, fM, fm, fp, fpr := m.g(1), m.g(2), m.g(3), m.g(4), m.g(5)
	to, tM, tm, tp, tpr := m.g(7), m.g(8), m.g(9), m.g(10), m.g(11)
	z := ""
	if incPr {
		z = "-0"
	}
	switch {
	case npmIsX(fM):
		from = ""
	case npmIsX(fm):
		from = ">=" + fM + ".0.0" + z
	case npmIsX(fp):
		from = ">=" + fM + "." + fm + ".0" + z
	case fpr != "":
		from = ">=" + from
	default:
		from = ">=" + from + z
	}
	switch {
	case npmIsX(tM):
		to = ""
	case npmIsX(tm):
		to = "<" + npmInc(tM) + ".0.0-0"
	case npmIsX(tp):
		to = "<" + tM + "." + npmInc(tm) + ".0-0"
	case tpr != "":
		to = "<=" + tM + "." + tm + "." + tp + "-" + tpr
	case incPr:
		to = "<" + tM + "." + tm + "." + npmInc(tp) + "-0"
	default:
		to = "<=" + to
	}
	return npmTrim(from + " " + to)
}
