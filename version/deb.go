package version

import (
	"cmp"
	"strings"
)

// debScheme orders Debian and Ubuntu package versions exactly as dpkg
// 1.21 (dpkg --compare-versions) does, and evaluates Debian relations as
// written in control-file dependency fields.
//
// Grammar. A version is [epoch:]upstream[-revision]. Leading blanks
// (space, tab) are ignored and so are trailing ones; a blank inside is an
// error. The epoch is everything before the first ':' and must be a
// decimal number from 0 to 2147483647 (as C strtol reads it: an optional
// '+' or '-' sign, and "-0" is 0); nothing after the colon is an error.
// The revision is everything after the last '-'; an empty revision
// ("1.0-") is an error, and so is an empty upstream ("-1", "1:-1").
// Like dpkg, the scheme only warns (and so accepts) an upstream that does
// not start with a digit or a character outside [A-Za-z0-9.+~:-] (and
// [A-Za-z0-9.+~] in the revision): "a1", "1.0_x" and "1\xc3" compare as
// dpkg compares them. The empty string and "<unknown>" are what dpkg
// --compare-versions calls "no version": accepted, equal to each other and
// below every other version. A string holding a NUL byte is an error (dpkg
// cannot be given one).
//
// Ordering. Epochs compare numerically; then upstream, then revision
// (missing revision = empty) with dpkg's verrevcmp: alternating runs of
// non-digits and digits; in a non-digit run '~' sorts before everything,
// even the end of the string, then the end, then ASCII letters, then bytes
// 0x80-0xff, then every other character; digit runs compare as numbers of
// any length (leading zeros ignored, no overflow). So 1.0~rc1 < 1.0 <
// 1.0a < 1.0+b1 < 1.0.1, 1.0 == 1.00 == 1.0-0 and 1:0.1 > 99.
// There are no pre-release rules beyond '~'.
//
// Constraints. Debian relations: "<< 1.2-1", "<= 1.2", "= 1.2",
// ">= 2.0", ">> 2.0", with or without the space, optionally inside
// parentheses as in a control file ("(>= 2.0)"). The obsolete "<" and ">"
// mean "<=" and ">=", as dpkg treats them; a version with no operator is
// "=" (dpkg warns but accepts). Relations separated by '|' are
// alternatives (any holds); groups separated by ',' must all hold, as in a
// Depends field: ">= 1.0, << 2.0 | >= 3.0" is 1.0 <= v < 2.0 or v >= 3.0.
//
// Deviations from dpkg, on purpose: a version in a relation that starts
// with '<', '=' or '>' ("==1.0", "<>1.0") is an InvalidConstraintError,
// where dpkg's field parser would take "=1.0" as a (warned) version; and
// the control-file package name before the relation is not accepted, since
// the constraint is about one package's version.
type debScheme struct{}

var _ Scheme = debScheme{}

// debVersion is a parsed version: substrings of the input, no copies.
type debVersion struct {
	epoch    int
	upstream string
	revision string
	blank    bool // "" or "<unknown>": dpkg's "no version"
}

// debParseVersion parses s, or returns the error Compare returns for it.
func debParseVersion(s string) (debVersion, error) {
	var v debVersion
	if reason := debParse(s, &v); reason != "" {
		return v, debBad(s, reason)
	}
	return v, nil
}

func (debScheme) Compare(a, b string) (int, error) {
	var va, vb debVersion
	if reason := debParse(a, &va); reason != "" {
		return 0, debBad(a, reason)
	}
	if reason := debParse(b, &vb); reason != "" {
		return 0, debBad(b, reason)
	}
	return debCompareParsed(&va, &vb), nil
}

// debIsBlank reports whether c is a C isblank character (space or tab),
// which is what dpkg trims and rejects inside a version.
func debIsBlank(c byte) bool { return c == ' ' || c == '\t' }

// debParse splits s into out as dpkg's parseversion does, returning why
// dpkg fails with an error (not a warning), or "". It makes one pass over
// s and copies nothing.
func debParse(s string, out *debVersion) string {
	*out = debVersion{}
	if s == "" || s == "<unknown>" {
		out.blank = true
		return ""
	}
	start, end := 0, len(s)
	for start < end && debIsBlank(s[start]) {
		start++
	}
	for end > start && debIsBlank(s[end-1]) {
		end--
	}
	colon, hyphen := -1, -1
	for i := start; i < end; i++ {
		c := debClass[s[i]]
		if c == 0 {
			continue
		}
		switch c {
		case debClassBlank:
			return "version string has embedded spaces"
		case debClassNUL:
			return "contains a NUL byte"
		case debClassColon:
			if colon < 0 {
				colon = i
			}
		case debClassHyphen:
			hyphen = i
		}
	}
	if start == end {
		return "version string is empty"
	}
	if colon >= 0 {
		epoch, reason := debParseEpoch(s[start:colon])
		if reason != "" {
			return reason
		}
		if colon+1 == end {
			return "nothing after colon in version number"
		}
		out.epoch = epoch
		start = colon + 1
	}
	out.upstream = s[start:end]
	if hyphen >= start {
		out.upstream, out.revision = s[start:hyphen], s[hyphen+1:end]
		if out.revision == "" {
			return "revision number is empty"
		}
	}
	if out.upstream == "" {
		return "version number is empty"
	}
	return ""
}

// Byte classes debParse looks for; every other byte is 0.
const (
	debClassBlank = 1 + iota
	debClassNUL
	debClassColon
	debClassHyphen
)

var debClass = [256]uint8{' ': debClassBlank, '\t': debClassBlank, 0: debClassNUL, ':': debClassColon, '-': debClassHyphen}

// debBad builds the error for an invalid version s.
func debBad(s, reason string) error {
	return &InvalidVersionError{Ecosystem: Deb, Version: s, Reason: reason}
}

// debParseEpoch reads an epoch as dpkg does with C strtol: optional
// leading white space, an optional sign, then digits that must run up to
// the colon. It returns the epoch or the reason it is rejected.
func debParseEpoch(e string) (int, string) {
	i := 0
	for i < len(e) && (e[i] == '\n' || e[i] == '\v' || e[i] == '\f' || e[i] == '\r') {
		i++ // strtol skips isspace; space and tab were already handled
	}
	neg := false
	if i < len(e) && (e[i] == '+' || e[i] == '-') {
		neg = e[i] == '-'
		i++
	}
	digits := i
	n := 0
	big := false
	for ; i < len(e) && debIsDigit(e[i]); i++ {
		n = n*10 + int(e[i]-'0')
		if n > 1<<31-1 {
			big = true
			n = 1 << 31
		}
	}
	switch {
	case i == digits:
		return 0, "epoch in version is empty"
	case i != len(e):
		return 0, "epoch in version is not number"
	case neg && n != 0:
		return 0, "epoch in version is negative"
	case big:
		return 0, "epoch in version is too big"
	}
	return n, ""
}

func debIsDigit(c byte) bool { return '0' <= c && c <= '9' }

// debCompareParsed orders two parsed versions.
func debCompareParsed(a, b *debVersion) int {
	switch {
	case a.blank && b.blank:
		return 0
	case a.blank:
		return -1
	case b.blank:
		return 1
	case a.epoch < b.epoch:
		return -1
	case a.epoch > b.epoch:
		return 1
	}
	if r := debVerrevcmp(a.upstream, b.upstream); r != 0 {
		return r
	}
	return debVerrevcmp(a.revision, b.revision)
}

// debOrder is the weight of a non-digit byte in dpkg's verrevcmp; 0 is the
// end of the string (and a digit, which never reaches it).
func debOrder(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	c := s[i]
	switch {
	case debIsDigit(c):
		return 0
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		return int(c)
	case c == '~':
		return -1
	case c >= 0x80:
		return int(c) // a negative C char, plus 256
	}
	return int(c) + 256
}

// debVerrevcmp compares two upstream versions or two revisions as dpkg's
// verrevcmp does, with digit runs compared as numbers of any length.
func debVerrevcmp(a, b string) int {
	// Skip the common prefix, backing up to the start of a digit run (a
	// number compares by its whole length): the comparison of what is
	// skipped is all-equal and leaves the same state.
	k := 0
	for k < len(a) && k < len(b) && a[k] == b[k] {
		k++
	}
	for k > 0 && debIsDigit(a[k-1]) {
		k--
	}
	a, b = a[k:], b[k:]
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		for (i < len(a) && !debIsDigit(a[i])) || (j < len(b) && !debIsDigit(b[j])) {
			ac, bc := debOrder(a, i), debOrder(b, j)
			if ac != bc {
				return cmp.Compare(ac, bc)
			}
			i++
			j++
		}
		for i < len(a) && a[i] == '0' {
			i++
		}
		for j < len(b) && b[j] == '0' {
			j++
		}
		firstDiff := 0
		for i < len(a) && j < len(b) && debIsDigit(a[i]) && debIsDigit(b[j]) {
			if firstDiff == 0 {
				firstDiff = int(a[i]) - int(b[j])
			}
			i++
			j++
		}
		if i < len(a) && debIsDigit(a[i]) {
			return 1
		}
		if j < len(b) && debIsDigit(b[j]) {
			return -1
		}
		if firstDiff != 0 {
			return cmp.Compare(firstDiff, 0)
		}
	}
	return 0
}

// debRelation is one relation of a constraint: an operator (as the
// result of Compare(v, version) it accepts) and a parsed version.
type debRelation struct {
	op      op
	version debVersion
}

func (s debScheme) Satisfies(v, constraint string) (bool, error) {
	bad := func(reason string) (bool, error) {
		return false, &InvalidConstraintError{Ecosystem: Deb, Constraint: constraint, Reason: reason}
	}
	// Parse the whole constraint first, so that an invalid constraint is
	// reported whatever v is.
	if strings.TrimSpace(constraint) == "" {
		return bad("empty")
	}
	for group := range strings.SplitSeq(constraint, ",") {
		for rel := range strings.SplitSeq(group, "|") {
			if _, reason := debParseRelation(rel); reason != "" {
				return bad(reason)
			}
		}
	}
	var pv debVersion
	if reason := debParse(v, &pv); reason != "" {
		return false, debBad(v, reason)
	}
	for group := range strings.SplitSeq(constraint, ",") {
		holds := false
		for rel := range strings.SplitSeq(group, "|") {
			r, _ := debParseRelation(rel)
			if r.op.holds(debCompareParsed(&pv, &r.version)) {
				holds = true
				break
			}
		}
		if !holds {
			return false, nil
		}
	}
	return true, nil
}

// debParseRelation parses one relation, "[(] [op] version [)]", with
// optional white space anywhere between the parts. It returns the reason
// when the relation is malformed.
func debParseRelation(rel string) (debRelation, string) {
	r := strings.TrimSpace(rel)
	if r == "" {
		return debRelation{}, "empty relation"
	}
	if r[0] == '(' {
		if r[len(r)-1] != ')' {
			return debRelation{}, "unbalanced parenthesis in " + rel
		}
		r = strings.TrimSpace(r[1 : len(r)-1])
	}
	o := opEQ
	switch {
	case strings.HasPrefix(r, "<<"):
		o, r = opLT, r[2:]
	case strings.HasPrefix(r, "<="):
		o, r = opLE, r[2:]
	case strings.HasPrefix(r, ">>"):
		o, r = opGT, r[2:]
	case strings.HasPrefix(r, ">="):
		o, r = opGE, r[2:]
	case strings.HasPrefix(r, "<"):
		o, r = opLE, r[1:] // obsolete, dpkg reads it as <=
	case strings.HasPrefix(r, ">"):
		o, r = opGE, r[1:] // obsolete, dpkg reads it as >=
	case strings.HasPrefix(r, "="):
		r = r[1:]
	}
	r = strings.TrimSpace(r)
	switch {
	case r == "":
		return debRelation{}, "no version in relation " + strings.TrimSpace(rel)
	case strings.ContainsAny(r[:1], "<=>"):
		return debRelation{}, "bad version relationship in " + strings.TrimSpace(rel)
	case strings.ContainsAny(r, "()|,"):
		return debRelation{}, "unexpected character in version " + r
	}
	var pv debVersion
	if reason := debParse(r, &pv); reason != "" {
		return debRelation{}, debBad(r, reason).Error()
	}
	if pv.blank {
		return debRelation{}, "no version in relation " + strings.TrimSpace(rel)
	}
	return debRelation{op: o, version: pv}, ""
}
