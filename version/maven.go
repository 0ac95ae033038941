package version

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// mavenScheme orders versions exactly as Maven's
// org.apache.maven.artifact.versioning.ComparableVersion (maven-artifact
// 3.8.7) and evaluates Maven version ranges as VersionRange does.
//
// Grammar: Maven is lenient, and every non-empty string is a version. The
// empty string, which ComparableVersion would read as "0", is rejected
// with an *InvalidVersionError: in inventory or advisory data an empty
// version means "unknown", and reading it as 0 would match every "< x"
// range (a false alarm).
//
// Ordering: the version is lower-cased and split into items at '.', at
// '-' (which also opens a nested list) and at every change between digits
// and non-digits (which also opens a nested list; a qualifier after other
// items of its list goes in a nested list of its own, so 2.0.a == 2.0.0.a
// in 3.8.7). Digit runs (BMP Unicode decimal digits included) are numbers of
// any length: Java's int, long and BigInteger items, ranked in that order
// by their length once leading ASCII zeros are stripped, then by value.
// Other runs are qualifiers: alpha (also "a" right before a digit) < beta
// ("b") < milestone ("m") < rc (also "cr") < snapshot < "" (also ga,
// final, release) < sp < any other qualifier, those compared by UTF-16
// code units. An empty part between separators is 0. Trailing null items
// (0, "", ga, final, release, empty lists) are dropped from each list, so
// 1 == 1.0 == 1-ga. A number sorts after a qualifier and after a list; a
// list sorts after a qualifier (1-1 < 1.1, 1-sp < 1-1). Where one list runs
// out, the other's next item is compared with nothing: a non-zero number,
// sp or an unknown qualifier is greater, alpha...snapshot less, and a list
// is decided by its first item that is not null. There are no pre-release
// rules beyond this ordering: 1.0-SNAPSHOT < 1.0 because snapshot < "".
// Maven's ordering is not transitive on some odd inputs (C0A0A.C0C0C0 <
// 0A1 < 00 < C0A0A.C0C0C0); this scheme agrees with Maven there too.
//
// Constraints: Maven ranges as VersionRange.createFromVersionSpec reads
// them: "[1.0,2.0)", "(,1.0]", "[1.2,)", "[1.0]", and unions of them
// separated by commas, "(,1.0],[1.2,)"; a range matches if any of its
// sets contains the version. Ranges that Maven rejects (unbounded,
// overlapping, reversed, identical bounds, "(1.0)", junk after a set) are
// *InvalidConstraintError. A constraint that does not start with '[' or
// '(' (after white space) is read in the plain comparator syntax (">= 1.0, < 2.0 || = 3"),
// because advisory data (GHSA) writes Maven ranges that way.
//
// Deliberate deviations from Maven: a bare version "1.0" is, to Maven, a
// soft recommendation that every version satisfies; here it means exact
// equality (Compare == 0), which is what an advisory listing a single
// affected version means. A bare version can therefore hold no space,
// comma or operator character (write "[v]" for such a one). The empty
// version is rejected (see above). Java lower-cases with
// String.toLowerCase(Locale.ENGLISH) and compares UTF-16 code units; this
// scheme does the same for U+0130 and for surrogate pairs, and reads
// invalid UTF-8 as U+FFFD, but does not apply the Greek final-sigma rule
// (a word-final capital sigma lower-cases to σ here, to ς in Java) and
// uses Go's Unicode tables, which may differ from Java's on newly
// assigned characters.
type mavenScheme struct{}

// Maven item kinds. The numeric kinds rank among themselves in this
// order, as ComparableVersion's IntItem < LongItem < BigIntegerItem.
const (
	mavenInt uint8 = iota
	mavenLong
	mavenBig
	mavenString
	mavenList
)

// mavenQualifierRelease is the rank of the release qualifier "" among
// mavenQualifiers; unknown qualifiers rank len(mavenQualifiers).
const mavenQualifierRelease = 5

var mavenQualifiers = []string{"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"}

// mavenItem is one item of a parsed Maven version.
type mavenItem struct {
	kind uint8
	rank uint8 // mavenString: index in mavenQualifiers, or its length for an unknown one
	// text holds, for the numeric kinds, the digits without leading zero
	// digits (empty is 0), and for an unknown qualifier its code units.
	text []uint16
	list []mavenItem // mavenList
}

func (it *mavenItem) isNull() bool {
	switch it.kind {
	case mavenString:
		return it.rank == mavenQualifierRelease
	case mavenList:
		return len(it.list) == 0
	}
	return len(it.text) == 0
}

func (mavenScheme) Compare(a, b string) (int, error) {
	va, err := mavenParse(a)
	if err != nil {
		return 0, err
	}
	vb, err := mavenParse(b)
	if err != nil {
		return 0, err
	}
	return mavenCompareItems(&va, &vb), nil
}

// mavenParse parses a version into its top-level list item, as
// ComparableVersion.parseVersion.
func mavenParse(s string) (mavenItem, error) {
	if s == "" {
		return mavenItem{}, &InvalidVersionError{Ecosystem: Maven, Version: s, Reason: "empty"}
	}
	u := mavenLowerUTF16(s)
	// lists holds the open lists, outermost first. Each list opened is
	// its parent's last item (ComparableVersion adds it to the parent
	// when it opens it, and the parent gets nothing more), so it is
	// appended to its parent when closed, innermost first, normalized.
	var buf [4][]mavenItem
	lists := append(buf[:0], make([]mavenItem, 0, 4))
	add := func(it mavenItem) { lists[len(lists)-1] = append(lists[len(lists)-1], it) }
	open := func() { lists = append(lists, nil) }
	isDigit := false
	start := 0
	for i, c := range u {
		switch {
		case c == '.' || c == '-':
			if i == start {
				add(mavenItem{kind: mavenInt})
			} else {
				add(mavenParseItem(isDigit, u[start:i], false))
			}
			start = i + 1
			if c == '-' {
				open()
			}
		case mavenIsDigit(c):
			if !isDigit && i > start {
				if len(lists[len(lists)-1]) > 0 {
					open()
				}
				add(mavenParseItem(false, u[start:i], true))
				start = i
				open()
			}
			isDigit = true
		default:
			if isDigit && i > start {
				add(mavenParseItem(true, u[start:i], false))
				start = i
				open()
			}
			isDigit = false
		}
	}
	if len(u) > start {
		if !isDigit && len(lists[len(lists)-1]) > 0 {
			open() // a trailing qualifier goes in a list of its own
		}
		add(mavenParseItem(isDigit, u[start:], false))
	}
	for len(lists) > 1 {
		child := mavenNormalize(lists[len(lists)-1])
		lists = lists[:len(lists)-1]
		add(mavenItem{kind: mavenList, list: child})
	}
	return mavenItem{kind: mavenList, list: mavenNormalize(lists[0])}, nil
}

// mavenNormalize drops trailing null items, looking past non-null lists,
// as ListItem.normalize, and returns the shortened list.
func mavenNormalize(l []mavenItem) []mavenItem {
	for i := len(l) - 1; i >= 0; i-- {
		if l[i].isNull() {
			l = slices.Delete(l, i, i+1)
		} else if l[i].kind != mavenList {
			break
		}
	}
	return l
}

// mavenParseItem builds a number or qualifier item from a run of code
// units, as ComparableVersion.parseItem and the StringItem constructor.
// The item keeps a sub-slice of u, which the caller never changes.
func mavenParseItem(isDigit bool, u []uint16, followedByDigit bool) mavenItem {
	if isDigit {
		// stripLeadingZeroes strips ASCII '0' only, and leaves an
		// all-zero run whole; the item's kind follows that length.
		n := len(u)
		for i, c := range u {
			if c != '0' {
				n = len(u) - i
				break
			}
		}
		kind := mavenBig
		switch {
		case n <= 9:
			kind = mavenInt
		case n <= 18:
			kind = mavenLong
		}
		for len(u) > 0 && mavenDigitValue(u[0]) == 0 {
			u = u[1:]
		}
		return mavenItem{kind: kind, text: u}
	}
	if followedByDigit && len(u) == 1 {
		switch u[0] {
		case 'a':
			return mavenItem{kind: mavenString, rank: 0} // alpha
		case 'b':
			return mavenItem{kind: mavenString, rank: 1} // beta
		case 'm':
			return mavenItem{kind: mavenString, rank: 2} // milestone
		}
	}
	for _, a := range mavenAliases {
		if mavenEqualASCII(u, a.from) {
			return mavenItem{kind: mavenString, rank: a.rank}
		}
	}
	for r, q := range mavenQualifiers {
		if mavenEqualASCII(u, q) {
			return mavenItem{kind: mavenString, rank: uint8(r)}
		}
	}
	return mavenItem{kind: mavenString, rank: uint8(len(mavenQualifiers)), text: u}
}

// mavenAliases are StringItem's ALIASES, with the rank of their target.
var mavenAliases = []struct {
	from string
	rank uint8
}{{"ga", mavenQualifierRelease}, {"final", mavenQualifierRelease}, {"release", mavenQualifierRelease}, {"cr", 3}}

// mavenEqualASCII reports whether the code units u spell the ASCII s.
func mavenEqualASCII(u []uint16, s string) bool {
	if len(u) != len(s) {
		return false
	}
	for i := range u {
		if u[i] != uint16(s[i]) {
			return false
		}
	}
	return true
}

// mavenCompareNum compares two runs of decimal digits, without leading
// zeros, by value.
func mavenCompareNum(a, b []uint16) int {
	if len(a) != len(b) {
		return cmp.Compare(len(a), len(b))
	}
	for i := range a {
		if c := cmp.Compare(mavenDigitValue(a[i]), mavenDigitValue(b[i])); c != 0 {
			return c
		}
	}
	return 0
}

// mavenCompareItems compares two items, either of which may be nil (an
// absent item), as the compareTo methods of ComparableVersion's items.
func mavenCompareItems(a, b *mavenItem) int {
	if a == nil {
		if b == nil {
			return 0
		}
		return -mavenCompareItems(b, nil)
	}
	if b == nil {
		switch a.kind {
		case mavenString:
			return cmp.Compare(a.rank, uint8(mavenQualifierRelease))
		case mavenList:
			for i := range a.list {
				if c := mavenCompareItems(&a.list[i], nil); c != 0 {
					return c
				}
			}
			return 0
		}
		if len(a.text) == 0 {
			return 0
		}
		return 1
	}
	an, bn := a.kind <= mavenBig, b.kind <= mavenBig
	switch {
	case an && bn:
		if a.kind != b.kind {
			return cmp.Compare(a.kind, b.kind)
		}
		return mavenCompareNum(a.text, b.text)
	case an:
		return 1 // a number is after a qualifier and after a list
	case bn:
		return -1
	case a.kind == mavenString && b.kind == mavenString:
		if a.rank != b.rank {
			return cmp.Compare(a.rank, b.rank)
		}
		return slices.Compare(a.text, b.text)
	case a.kind == mavenString:
		return -1 // a qualifier is before a list
	case b.kind == mavenString:
		return 1
	}
	for i := 0; i < len(a.list) || i < len(b.list); i++ {
		var l, r *mavenItem
		if i < len(a.list) {
			l = &a.list[i]
		}
		if i < len(b.list) {
			r = &b.list[i]
		}
		if c := mavenCompareItems(l, r); c != 0 {
			return c
		}
	}
	return 0
}

// mavenLowerUTF16 lower-cases s as Java's String.toLowerCase(Locale.ENGLISH)
// (but for the final-sigma rule) and returns its UTF-16 code units.
func mavenLowerUTF16(s string) []uint16 {
	u := make([]uint16, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			u = append(u, uint16(c))
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == '\u0130' { // İ: Java's special casing gives i and a combining dot
			u = append(u, 'i', 0x307)
			continue
		}
		u = utf16.AppendRune(u, unicode.ToLower(r))
	}
	return u
}

// mavenIsDigit reports whether a UTF-16 code unit is a decimal digit, as
// Java's Character.isDigit(char).
func mavenIsDigit(c uint16) bool {
	if c < utf8.RuneSelf {
		return '0' <= c && c <= '9'
	}
	return !utf16.IsSurrogate(rune(c)) && unicode.Is(unicode.Nd, rune(c))
}

// mavenDigitValue returns the value of a decimal digit code unit. Unicode
// encodes each decimal digit set as a run of ten from zero, so the value
// is the position in the run of consecutive digits it belongs to.
func mavenDigitValue(c uint16) int {
	if c < utf8.RuneSelf {
		return int(c - '0')
	}
	n := 0
	for r := rune(c) - 1; r >= 0 && unicode.Is(unicode.Nd, r); r-- {
		n++
	}
	return n % 10
}

func (s mavenScheme) Satisfies(v, constraint string) (bool, error) {
	spec := strings.TrimSpace(constraint)
	if !strings.HasPrefix(spec, "[") && !strings.HasPrefix(spec, "(") {
		return satisfiesComparators(Maven, s.Compare, v, constraint)
	}
	sets, err := mavenParseRange(constraint, spec)
	if err != nil {
		return false, err
	}
	pv, err := mavenParse(v)
	if err != nil {
		return false, err
	}
	for _, r := range sets {
		if r.contains(&pv, mavenCompareItems) {
			return true, nil
		}
	}
	return false, nil
}

// mavenRestriction is one set of a Maven range.
type mavenRestriction = mavenInterval[mavenItem]

// mavenInterval is an interval with optional bounds, as the bracket
// ranges of Maven (Restriction) and NuGet (VersionRangeBase) denote; a nil
// bound is unbounded.
type mavenInterval[T any] struct {
	lower, upper       *T
	lowerInc, upperInc bool
}

// contains reports whether v is in the interval under compare, as
// Restriction.containsVersion and VersionRangeBase.Satisfies.
func (r *mavenInterval[T]) contains(v *T, compare func(a, b *T) int) bool {
	if r.lower != nil {
		c := compare(r.lower, v)
		if c > 0 || c == 0 && !r.lowerInc {
			return false
		}
	}
	if r.upper != nil {
		c := compare(r.upper, v)
		if c < 0 || c == 0 && !r.upperInc {
			return false
		}
	}
	return true
}

// mavenParseRange parses a range spec that starts with '[' or '(', as
// VersionRange.createFromVersionSpec. constraint is the caller's input,
// for errors.
func mavenParseRange(constraint, spec string) ([]mavenRestriction, error) {
	bad := func(reason string) error {
		return &InvalidConstraintError{Ecosystem: Maven, Constraint: constraint, Reason: reason}
	}
	var sets []mavenRestriction
	var prevUpper *mavenItem
	for process := spec; process != ""; {
		if process[0] != '[' && process[0] != '(' {
			return nil, bad("only fully-qualified sets allowed in multiple set scenario")
		}
		// The set ends at the first ']' or ')', whichever comes first.
		end := strings.IndexAny(process, ")]")
		if end < 0 {
			return nil, bad("unbounded range")
		}
		r, err := mavenParseRestriction(process[:end+1], bad)
		if err != nil {
			return nil, err
		}
		if len(sets) > 0 && prevUpper != nil && (r.lower == nil || mavenCompareItems(r.lower, prevUpper) < 0) {
			return nil, bad("ranges overlap")
		}
		sets = append(sets, r)
		prevUpper = r.upper
		process = mavenTrim(process[end+1:])
		if strings.HasPrefix(process, ",") {
			process = mavenTrim(process[1:])
		}
	}
	return sets, nil
}

// mavenParseRestriction parses one "[a,b)" set, as VersionRange.parseRestriction.
func mavenParseRestriction(set string, bad func(string) error) (mavenRestriction, error) {
	r := mavenRestriction{lowerInc: set[0] == '[', upperInc: strings.HasSuffix(set, "]")}
	inner := mavenTrim(set[1 : len(set)-1])
	lo, hi, found := strings.Cut(inner, ",")
	if !found {
		if !r.lowerInc || !r.upperInc {
			return r, bad("single version must be surrounded by []")
		}
		if inner == "" {
			// Maven reads "[]" as [0]; an empty version is rejected here.
			return r, bad("empty version in []")
		}
		v, _ := mavenParse(inner)
		r.lower, r.upper = &v, &v
		return r, nil
	}
	if lo = mavenTrim(lo); lo != "" {
		v, _ := mavenParse(lo)
		r.lower = &v
	}
	if hi = mavenTrim(hi); hi != "" {
		v, _ := mavenParse(hi)
		r.upper = &v
	}
	if r.lower != nil && r.upper != nil {
		c := mavenCompareItems(r.upper, r.lower)
		if c < 0 || c == 0 && (!r.lowerInc || !r.upperInc) {
			return r, bad("range defies version ordering")
		}
	}
	return r, nil
}

// mavenTrim trims as Java's String.trim: every character up to U+0020.
func mavenTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}
