package version

import (
	"cmp"
	"strings"
	"unicode/utf8"
)

// pep440Scheme orders Python package versions and evaluates PEP 440
// specifier sets exactly as pypa/packaging does (oracle: packaging 23.0,
// packaging.version.Version and packaging.specifiers.SpecifierSet).
//
// Versions: the grammar of packaging.version.VERSION_PATTERN, matched
// case-insensitively after trimming leading and trailing white space (the
// characters Python's str.isspace accepts, Unicode included): an optional
// "v"; an optional epoch "N!"; a release "N(.N)*" of any length; an optional
// pre-release ([-_.]? a|alpha|b|beta|c|rc|pre|preview [-_.]? N?, the number
// 0 when absent); an optional post-release ("-N", or [-_.]? post|rev|r [-_.]?
// N?); an optional dev release ([-_.]? dev [-_.]? N?); an optional local
// label "+" [a-z0-9]+ ([-_.][a-z0-9]+)*. Numbers are decimal digits of any
// length (no overflow; leading zeros ignored). Anything else, including
// legacy (non-PEP 440) versions, is an *InvalidVersionError, as packaging
// >= 22 raises InvalidVersion.
//
// Ordering is packaging's _cmpkey: epoch; then the release with trailing
// zeros dropped (1.0 == 1.0.0); then the pre-release (a < b < rc; a version
// with only a dev segment sorts before every pre-release of its release, a
// final release after them); then the post-release (none first); then the
// dev release (none last); then the local label (none first; segments
// compare numerically when all digits, else as lower-case strings, and a
// string segment sorts before a numeric one; a shorter label sorts first
// when it is a prefix of the longer).
//
// Constraints are specifier sets as SpecifierSet parses them: specifiers
// separated by commas, all of which must hold; each is an operator (~=, ==,
// !=, <=, >=, <, >, ===) and a version, with optional white space between.
// "==" and "!=" accept a local label or a trailing ".*" (prefix match, local
// label of the candidate ignored); "~=" needs at least two release numbers;
// the other operators take no local label and no wildcard. "===" compares
// the candidate's normalised form with the specifier's text, ignoring case.
// ">V" excludes post-releases and local versions of V unless V is itself a
// post-release; "<V" excludes pre-releases of V unless V is itself a
// pre-release. A version's local label is ignored by "<=", ">=" and by "=="
// and "!=" when the specifier has none.
//
// Pre-releases (a version with a pre or dev segment) are excluded unless a
// specifier of the set, with one of the operators ==, >=, <=, ~= or ===,
// names a pre-release itself (SpecifierSet.contains with prereleases=None).
// A constraint with no specifiers (empty, or only commas and white space)
// matches every final release and no pre-release, as packaging's empty
// SpecifierSet does.
//
// Deliberate deviations from packaging 23.0:
//   - Only ASCII letters match the letters of the grammar. packaging 23.0's
//     case-insensitive Unicode matching also accepts U+0130, U+0131, U+017F
//     and U+212A where the grammar says a-z (so "1.0+\u0130" is a version);
//     later packaging fixed this for local labels (pypa/packaging#469), and
//     we reject these characters everywhere, including in the labels
//     "preview" and "post" where packaging would make strange, distinct
//     labels of them.
//   - A "===" specifier whose text is not a valid version makes packaging
//     raise InvalidVersion while it works out whether the set admits
//     pre-releases (always alone, or depending on Python's set iteration
//     order next to other specifiers). Satisfies reports it as an
//     *InvalidConstraintError, whatever the other specifiers.
type pep440Scheme struct{}

// pep440Version is a parsed PEP 440 version. Numbers are kept as decimal
// strings without leading zeros ("0" for zero), so any length compares.
type pep440Version struct {
	epoch   string
	release []string
	pre     byte // 0 none, else 'a', 'b' or 'c' (rc), which sort in that order
	preN    string
	hasPost bool
	post    string
	hasDev  bool
	dev     string
	local   []string // lower case; nil when there is no local label
}

func (pep440Scheme) Compare(a, b string) (int, error) {
	// Stack buffers for the release numbers: parsing then usually
	// allocates nothing.
	var ba, bb [6]string
	va, reason := pep440ParseBuf(pep440Trim(a), true, ba[:0])
	if reason != "" {
		return 0, &InvalidVersionError{Ecosystem: PyPI, Version: a, Reason: reason}
	}
	vb, reason := pep440ParseBuf(pep440Trim(b), true, bb[:0])
	if reason != "" {
		return 0, &InvalidVersionError{Ecosystem: PyPI, Version: b, Reason: reason}
	}
	return pep440Cmp(&va, &vb), nil
}

// pep440IsSpace reports whether r is white space to Python's str.isspace,
// which is what \s and str.strip use in packaging.
func pep440IsSpace(r rune) bool {
	switch {
	case r >= 0x09 && r <= 0x0d, r >= 0x1c && r <= 0x20, r == 0x85, r == 0xa0, r == 0x1680,
		r >= 0x2000 && r <= 0x200a, r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000:
		return true
	}
	return false
}

// pep440Trim removes leading and trailing Python white space.
func pep440Trim(s string) string {
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError || !pep440IsSpace(r) {
			break
		}
		s = s[n:]
	}
	for s != "" {
		r, n := utf8.DecodeLastRuneInString(s)
		if r == utf8.RuneError || !pep440IsSpace(r) {
			break
		}
		s = s[:len(s)-n]
	}
	return s
}

// pep440Lexer walks an ASCII version string, folding case.
type pep440Lexer struct {
	s string
	i int
}

func (l *pep440Lexer) peek() byte {
	if l.i < len(l.s) {
		c := l.s[l.i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		return c
	}
	return 0
}

// word consumes w (lower case) if the input continues with it.
func (l *pep440Lexer) word(w string) bool {
	if len(l.s)-l.i < len(w) {
		return false
	}
	for j := 0; j < len(w); j++ {
		c := l.s[l.i+j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[j] {
			return false
		}
	}
	l.i += len(w)
	return true
}

// sep consumes one of the separators - _ . if present.
func (l *pep440Lexer) sep() bool {
	switch l.peek() {
	case '-', '_', '.':
		l.i++
		return true
	}
	return false
}

// num consumes a run of digits and returns it without leading zeros, or
// "" if there is none.
func (l *pep440Lexer) num() string {
	start := l.i
	for l.i < len(l.s) && '0' <= l.s[l.i] && l.s[l.i] <= '9' {
		l.i++
	}
	if start == l.i {
		return ""
	}
	return pep440TrimZeros(l.s[start:l.i])
}

// labelNum consumes the optional separator and number after a pre, post
// or dev label; the number is 0 when absent.
func (l *pep440Lexer) labelNum() string {
	l.sep()
	if n := l.num(); n != "" {
		return n
	}
	return "0"
}

func pep440TrimZeros(d string) string {
	d = strings.TrimLeft(d, "0")
	if d == "" {
		return "0"
	}
	return d
}

// pep440LocalPart reports whether c may appear in a local label segment.
func pep440LocalPart(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// pep440Parse parses a version as packaging.version.Version does.
func pep440Parse(s string) (pep440Version, error) {
	v, reason := pep440ParseBuf(pep440Trim(s), true, nil)
	if reason != "" {
		return v, &InvalidVersionError{Ecosystem: PyPI, Version: s, Reason: reason}
	}
	return v, nil
}

// pep440ParseBuf parses a trimmed version, appending its release numbers
// to rel (a caller's buffer); it allows a local label only if local is
// set. It returns a reason when s is not a version.
func pep440ParseBuf(s string, local bool, rel []string) (v pep440Version, reason string) {
	l := pep440Lexer{s: s}
	if l.peek() == 'v' {
		l.i++
	}
	v.release = rel
	n := l.num()
	if n == "" {
		return v, "does not start with a release number"
	}
	v.epoch = "0"
	if l.peek() == '!' {
		l.i++
		v.epoch = n
		if n = l.num(); n == "" {
			return v, "no release number after the epoch"
		}
	}
	v.release = append(v.release, n)
	for l.peek() == '.' && l.i+1 < len(s) && '0' <= s[l.i+1] && s[l.i+1] <= '9' {
		l.i++
		v.release = append(v.release, l.num())
	}
	// Pre-release. Every choice below is the one the greedy regular
	// expression makes; no later part can start where a backtracked choice
	// would leave the input, so no backtracking is needed.
	save := l.i
	l.sep()
	switch {
	case l.word("alpha"), l.word("a"):
		v.pre = 'a'
	case l.word("beta"), l.word("b"):
		v.pre = 'b'
	case l.word("preview"), l.word("pre"), l.word("rc"), l.word("c"):
		v.pre = 'c'
	default:
		l.i = save
	}
	if v.pre != 0 {
		v.preN = l.labelNum()
	}
	// Post-release: "-N" or [-_.]? (post|rev|r) [-_.]? N?.
	save = l.i
	if l.peek() == '-' && l.i+1 < len(s) && '0' <= s[l.i+1] && s[l.i+1] <= '9' {
		l.i++
		v.hasPost, v.post = true, l.num()
	} else {
		l.sep()
		if l.word("post") || l.word("rev") || l.word("r") {
			v.hasPost, v.post = true, l.labelNum()
		} else {
			l.i = save
		}
	}
	save = l.i
	l.sep()
	if l.word("dev") {
		v.hasDev, v.dev = true, l.labelNum()
	} else {
		l.i = save
	}
	if local && l.peek() == '+' {
		l.i++
		for {
			start := l.i
			for l.i < len(s) && pep440LocalPart(s[l.i]) {
				l.i++
			}
			if start == l.i {
				return v, "empty or non-alphanumeric local label segment"
			}
			part := strings.ToLower(s[start:l.i])
			if pep440AllDigits(part) {
				part = pep440TrimZeros(part)
			}
			v.local = append(v.local, part)
			if l.i == len(s) || !l.sep() {
				break
			}
		}
	}
	if l.i != len(s) {
		return v, "unexpected " + pep440Quote(s[l.i:]) + " (not a PEP 440 version)"
	}
	return v, ""
}

// pep440Quote shortens and quotes a rest of input for an error reason.
func pep440Quote(s string) string {
	if len(s) > 20 {
		s = s[:20] + "..."
	}
	return "\"" + strings.ToValidUTF8(s, "\uFFFD") + "\""
}

func pep440AllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// pep440CmpNum compares two decimal strings without leading zeros.
func pep440CmpNum(a, b string) int {
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return pep440CmpStr(a, b)
}

// pep440CmpStr is strings.Compare, which escape analysis sees as leaking
// its arguments (so Compare's stack buffers would move to the heap).
func pep440CmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// pep440Release returns the release without its trailing zeros.
func pep440Release(r []string) []string {
	n := len(r)
	for n > 0 && r[n-1] == "0" {
		n--
	}
	return r[:n]
}

// pep440PreRank places the pre-release segment as _cmpkey does: -1 for a
// dev-only version (before any pre-release), 1..3 for a, b, rc, 4 for none.
func (v *pep440Version) preRank() int {
	switch {
	case v.pre == 0 && !v.hasPost && v.hasDev:
		return -1
	case v.pre == 0:
		return 4
	}
	return int(v.pre - 'a' + 1)
}

// pep440Cmp orders two versions as packaging's _cmpkey.
func pep440Cmp(a, b *pep440Version) int {
	if c := pep440CmpNum(a.epoch, b.epoch); c != 0 {
		return c
	}
	if c := pep440CmpRelease(a.release, b.release); c != 0 {
		return c
	}
	return pep440CmpSuffix(a, b)
}

// pep440CmpRelease compares releases, ignoring trailing zeros.
func pep440CmpRelease(ra, rb []string) int {
	ra, rb = pep440Release(ra), pep440Release(rb)
	for i := 0; i < len(ra) && i < len(rb); i++ {
		if c := pep440CmpNum(ra[i], rb[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(ra), len(rb))
}

// pep440CmpSuffix compares the pre, post, dev and local segments.
func pep440CmpSuffix(a, b *pep440Version) int {
	pa, pb := a.preRank(), b.preRank()
	if pa != pb {
		return cmp.Compare(pa, pb)
	}
	if a.pre != 0 {
		if c := pep440CmpNum(a.preN, b.preN); c != 0 {
			return c
		}
	}
	if a.hasPost != b.hasPost {
		if a.hasPost {
			return 1
		}
		return -1
	}
	if c := pep440CmpNum(a.post, b.post); a.hasPost && c != 0 {
		return c
	}
	if a.hasDev != b.hasDev {
		if a.hasDev {
			return -1
		}
		return 1
	}
	if c := pep440CmpNum(a.dev, b.dev); a.hasDev && c != 0 {
		return c
	}
	return pep440CmpLocal(a.local, b.local)
}

// pep440CmpLocal compares local labels: none first; numeric segments
// numerically and after string segments, which compare as strings.
func pep440CmpLocal(a, b []string) int {
	if a == nil || b == nil {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return -1
		}
		return 1
	}
	for i := 0; i < len(a) && i < len(b); i++ {
		da, db := pep440AllDigits(a[i]), pep440AllDigits(b[i])
		var c int
		switch {
		case da && db:
			c = pep440CmpNum(a[i], b[i])
		case da:
			c = 1
		case db:
			c = -1
		default:
			c = pep440CmpStr(a[i], b[i])
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// isPre reports a pre-release as packaging's is_prerelease (pre or dev).
func (v *pep440Version) isPre() bool { return v.pre != 0 || v.hasDev }

// public returns v without its local label.
func (v pep440Version) public() pep440Version {
	v.local = nil
	return v
}

// pep440String renders v in packaging's normal form (str(Version)), with
// trailing release zeros removed when strip is set (canonicalize_version).
func pep440String(v *pep440Version, strip bool) string {
	var b strings.Builder
	if v.epoch != "0" {
		b.WriteString(v.epoch)
		b.WriteByte('!')
	}
	rel := v.release
	if strip {
		if rel = pep440Release(rel); len(rel) == 0 {
			rel = v.release[:1]
		}
	}
	b.WriteString(strings.Join(rel, "."))
	if v.pre != 0 {
		b.WriteString([...]string{"a", "b", "rc"}[v.pre-'a'])
		b.WriteString(v.preN)
	}
	if v.hasPost {
		b.WriteString(".post")
		b.WriteString(v.post)
	}
	if v.hasDev {
		b.WriteString(".dev")
		b.WriteString(v.dev)
	}
	if v.local != nil {
		b.WriteByte('+')
		b.WriteString(strings.Join(v.local, "."))
	}
	return b.String()
}

// pep440Normalize returns the normal form packaging's str(Version(s))
// gives, for tests.
func pep440Normalize(s string) (string, error) {
	v, err := pep440Parse(s)
	if err != nil {
		return "", err
	}
	return pep440String(&v, false), nil
}

func (pep440Scheme) Satisfies(v, constraint string) (bool, error) {
	specs, err := pep440ParseSpecifiers(constraint)
	if err != nil {
		return false, err
	}
	ver, err := pep440Parse(v)
	if err != nil {
		return false, err
	}
	pre := false
	for i := range specs {
		if specs[i].notVersion {
			return false, &InvalidConstraintError{Ecosystem: PyPI, Constraint: constraint,
				Reason: pep440Quote(specs[i].text) + ": === of a string that is not a PEP 440 version"}
		}
		pre = pre || specs[i].allowsPre
	}
	if !pre && ver.isPre() {
		return false, nil
	}
	for i := range specs {
		if !specs[i].contains(&ver) {
			return false, nil
		}
	}
	return true, nil
}

// pep440Spec is one specifier of a set: an operator and the version text
// (trimmed), parsed where the operator needs it.
type pep440Spec struct {
	op        string
	text      string        // the version as written, trimmed ("1.0.*" keeps its ".*")
	v         pep440Version // text parsed (for "==" and "!=" wildcards: the prefix)
	wildcard  bool          // "==" or "!=" with a trailing ".*"
	allowsPre bool          // packaging's Specifier.prereleases
	// notVersion marks "===" of a text that is not a version, which
	// packaging only notices (raising InvalidVersion) after parsing the
	// candidate version.
	notVersion bool
}

// pep440Ops lists the operators in the order packaging's regular
// expression tries them.
var pep440Ops = [...]string{"~=", "==", "!=", "<=", ">=", "<", ">", "==="}

// pep440ParseSpecifiers parses a specifier set as packaging's
// SpecifierSet: split on commas, trim, drop empty items, parse the rest.
func pep440ParseSpecifiers(constraint string) ([]pep440Spec, error) {
	var specs []pep440Spec
	for item := range strings.SplitSeq(constraint, ",") {
		item = pep440Trim(item)
		if item == "" {
			continue
		}
		sp, reason := pep440ParseSpec(item)
		if reason != "" {
			return nil, &InvalidConstraintError{Ecosystem: PyPI, Constraint: constraint, Reason: pep440Quote(item) + ": " + reason}
		}
		specs = append(specs, sp)
	}
	return specs, nil
}

// pep440ParseSpec parses one trimmed specifier as packaging's Specifier
// regular expression, or returns why it is not one.
func pep440ParseSpec(item string) (pep440Spec, string) {
	reason := "no operator (~=, ==, !=, <=, >=, <, >, ===)"
	for _, op := range pep440Ops {
		if !strings.HasPrefix(item, op) {
			continue
		}
		sp := pep440Spec{op: op, text: pep440Trim(item[len(op):])}
		if reason = sp.parse(); reason == "" {
			return sp, ""
		}
	}
	return pep440Spec{}, reason
}

// parse checks and parses sp.text for sp.op and sets the fields.
func (sp *pep440Spec) parse() string {
	t := sp.text
	if sp.op == "===" {
		// Anything but white space, ';' and ')'. packaging raises
		// InvalidVersion later if it is not a version (see the type's doc).
		if strings.ContainsAny(t, ";)") || strings.IndexFunc(t, pep440IsSpace) >= 0 {
			return "=== takes a single word"
		}
		v, reason := pep440ParseBuf(pep440Trim(t), true, nil)
		sp.v, sp.allowsPre, sp.notVersion = v, reason == "" && v.isPre(), reason != ""
		return ""
	}
	if t == "" {
		return sp.op + " has no version"
	}
	if t != pep440Trim(t) || strings.IndexFunc(t, pep440IsSpace) >= 0 {
		return "white space inside the version"
	}
	switch sp.op {
	case "==", "!=":
		if p, ok := strings.CutSuffix(t, ".*"); ok {
			v, reason := pep440ParseBuf(p, false, nil)
			if reason == "" && (v.pre != 0 || v.hasPost || v.hasDev) {
				reason = "a wildcard follows the release numbers only"
			}
			if reason != "" {
				return reason
			}
			sp.v, sp.wildcard = v, true
			sp.allowsPre = false // the prefix is a plain release
			return ""
		}
		v, reason := pep440ParseBuf(t, true, nil)
		if reason != "" {
			return reason
		}
		sp.v, sp.allowsPre = v, sp.op == "==" && v.isPre()
		return ""
	}
	v, reason := pep440ParseBuf(t, false, nil)
	if reason != "" {
		if strings.Contains(t, "+") {
			return sp.op + " takes no local version label"
		}
		if strings.HasSuffix(t, ".*") {
			return sp.op + " takes no wildcard"
		}
		return reason
	}
	if sp.op == "~=" && len(v.release) < 2 {
		return "~= needs at least two release numbers"
	}
	sp.v = v
	sp.allowsPre = (sp.op == "~=" || sp.op == "<=" || sp.op == ">=") && v.isPre()
	return ""
}

// contains is packaging's Specifier.contains for a version that the
// pre-release rule has already let through.
func (sp *pep440Spec) contains(p *pep440Version) bool {
	switch sp.op {
	case "~=":
		pub := p.public()
		return pep440Cmp(&pub, &sp.v) >= 0 && pep440PrefixMatch(p, sp.compatiblePrefix())
	case "==":
		return sp.equal(p)
	case "!=":
		return !sp.equal(p)
	case "<=":
		pub := p.public()
		return pep440Cmp(&pub, &sp.v) <= 0
	case ">=":
		pub := p.public()
		return pep440Cmp(&pub, &sp.v) >= 0
	case "<":
		if pep440Cmp(p, &sp.v) >= 0 {
			return false
		}
		return sp.v.isPre() || !p.isPre() || !pep440SameBase(p, &sp.v)
	case ">":
		if pep440Cmp(p, &sp.v) <= 0 {
			return false
		}
		if !sp.v.hasPost && p.hasPost && pep440SameBase(p, &sp.v) {
			return false
		}
		return p.local == nil || !pep440SameBase(p, &sp.v)
	case "===":
		return pep440LowerEqual(sp.text, pep440String(p, false))
	}
	return false
}

// equal is packaging's Specifier._compare_equal.
func (sp *pep440Spec) equal(p *pep440Version) bool {
	if sp.wildcard {
		return pep440PrefixMatch(p, pep440String(&sp.v, false))
	}
	if sp.v.local == nil {
		pub := p.public()
		return pep440Cmp(&pub, &sp.v) == 0
	}
	return pep440Cmp(p, &sp.v) == 0
}

// pep440SameBase reports Version(a.base_version) == Version(b.base_version):
// same epoch and release, trailing zeros ignored.
func pep440SameBase(a, b *pep440Version) bool {
	return pep440CmpNum(a.epoch, b.epoch) == 0 && pep440CmpRelease(a.release, b.release) == 0
}

// compatiblePrefix is the "==" prefix that packaging's _compare_compatible
// derives from the specifier's text (without the ".*"): the dot-separated
// items up to the first suffix item, less the last one.
func (sp *pep440Spec) compatiblePrefix() string {
	items := pep440Split(sp.text)
	n := 0
	for n < len(items) && !pep440IsSuffix(items[n]) {
		n++
	}
	if n > 0 {
		n--
	}
	return strings.Join(items[:n], ".")
}

func pep440IsSuffix(item string) bool {
	for _, p := range [...]string{"dev", "a", "b", "rc", "post"} {
		if strings.HasPrefix(item, p) {
			return true
		}
	}
	return false
}

// pep440Split is packaging's _version_split: split on dots, and split an
// item such as "0rc1" into "0" and "rc1".
func pep440Split(s string) []string {
	var out []string
	for item := range strings.SplitSeq(s, ".") {
		i := 0
		for i < len(item) && '0' <= item[i] && item[i] <= '9' {
			i++
		}
		if i > 0 && i < len(item) {
			rest := item[i:]
			j := 0
			switch {
			case strings.HasPrefix(rest, "rc"):
				j = 2
			case rest[0] == 'a', rest[0] == 'b', rest[0] == 'c':
				j = 1
			}
			if j > 0 && j < len(rest) && pep440AllDigits(rest[j:]) {
				out = append(out, item[:i], rest)
				continue
			}
		}
		out = append(out, item)
	}
	return out
}

// pep440PrefixMatch is packaging's prefix match of "==<prefix>.*": prefix
// is the text before ".*", canonicalised without stripping zeros (or kept
// as is when it is not a version, as canonicalize_version does).
func pep440PrefixMatch(p *pep440Version, prefix string) bool {
	if v, reason := pep440ParseBuf(pep440Trim(prefix), true, nil); reason == "" {
		prefix = pep440String(&v, false)
	}
	spec := pep440Split(prefix)
	pub := p.public()
	cand := pep440Split(pep440String(&pub, true))
	// _pad_version: pad the candidate's leading all-digit items with zeros
	// up to as many as the spec has.
	ns, nc := pep440DigitItems(spec), pep440DigitItems(cand)
	if nc < ns {
		padded := make([]string, 0, len(cand)+ns-nc)
		padded = append(padded, cand[:nc]...)
		for range ns - nc {
			padded = append(padded, "0")
		}
		cand = append(padded, cand[nc:]...)
	}
	if len(cand) > len(spec) {
		cand = cand[:len(spec)]
	}
	if len(cand) != len(spec) {
		return false
	}
	for i := range spec {
		if cand[i] != spec[i] {
			return false
		}
	}
	return true
}

// pep440DigitItems counts the leading items made only of digits.
func pep440DigitItems(items []string) int {
	n := 0
	for n < len(items) && pep440AllDigits(items[n]) {
		n++
	}
	return n
}

// pep440LowerEqual reports whether Python's s.lower() equals norm, an
// ASCII string: ASCII folds, U+212A KELVIN SIGN lowers to "k", and every
// other non-ASCII character lowers to something that is not ASCII.
func pep440LowerEqual(s, norm string) bool {
	j := 0
	for _, r := range s {
		switch {
		case r == 0x212a:
			r = 'k'
		case r >= utf8.RuneSelf:
			return false
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		}
		if j >= len(norm) || norm[j] != byte(r) {
			return false
		}
		j++
	}
	return j == len(norm)
}
