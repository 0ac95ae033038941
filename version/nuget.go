package version

import (
	"cmp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// nugetScheme orders versions as NuGet.Versioning's NuGetVersion.TryParse
// and VersionComparer.Default, and evaluates NuGet version ranges as
// VersionRange.TryParse and VersionRangeBase.Satisfies (NuGet.Client
// sources read at the commits named in testdata/nuget/PROVENANCE.md).
//
// Grammar: leading and trailing white space is ignored; then 1 to 4
// dot-separated decimal numbers, each at most 2147483647, leading zeros
// allowed (01.002 is 1.2), optional white space around each number (as
// NuGet's own parser allows: "1. 2" is 1.2); then optionally '-' and a
// pre-release of dot-separated labels of [0-9A-Za-z-], none empty and no
// all-digit label with a leading zero ("01"); then optionally '+' and
// build metadata of dot-separated non-empty [0-9A-Za-z-] parts. Anything
// else (v1.0, 1.2.3.4.5, 1.0-, 1.0+, 1.0-a_b, the empty string) is an
// *InvalidVersionError.
//
// Ordering: the four numbers compare numerically, a missing one is 0
// (1 == 1.0 == 1.0.0.0). A version with a pre-release sorts before the
// same version without one. Pre-release labels compare left to right: two
// labels that parse as a 32-bit signed integer (as .NET's int.TryParse:
// "5", but also "-1") compare numerically, a numeric label sorts before
// any other, and other labels compare ordinally ignoring ASCII case
// (RC1 == rc1); when one list is a prefix of the other the shorter sorts
// first. Build metadata is ignored (1.0+a == 1.0+b == 1.0).
//
// Constraints: NuGet version ranges. A bare version is a minimum,
// inclusive ("1.0" is >= 1.0); "[1.0]" is exactly 1.0; "[1.0,2.0)",
// "(1.0,)", "(,1.0]" and the like are intervals, with white space allowed
// around the bounds; "(,)" and single versions in non-inclusive brackets
// such as "(1.0)" are invalid, as are reversed bounds. Floating versions
// are accepted where NuGet accepts them ("*", "1.*", "1.0.*", "1.0.0-*",
// "1.0.0-beta.*", "1.*-*", also as the lower bound of a bracketed range)
// and, as in NuGet's VersionRange.Satisfies, mean their lowest version:
// "1.*" is >= 1.0.0 (NuGet uses the float only to pick the best match from
// a list). NuGet applies no pre-release exclusion in Satisfies: 1.5.0-beta
// is in [1.0,2.0). A constraint holding any of the characters < > = ! |
// is read in the plain comparator syntax instead (">= 1.0, < 2.0 || = 3"),
// because advisory data (GHSA) writes NuGet ranges that way; there a bare
// version means equality, as in every scheme's comparator syntax.
//
// Deviations: white space is Go's unicode.IsSpace, which matches .NET's
// char.IsWhiteSpace for all assigned characters we know of; numeric labels
// follow the invariant culture's sign ("-"). No other deviation is known.
type nugetScheme struct{}

// nugetVersion is a parsed NuGet version; metadata is dropped.
type nugetVersion struct {
	nums   [4]int32
	labels []string // nil for a release
}

func (nugetScheme) Compare(a, b string) (int, error) {
	va, err := nugetParse(a)
	if err != nil {
		return 0, err
	}
	vb, err := nugetParse(b)
	if err != nil {
		return 0, err
	}
	return nugetCompare(&va, &vb), nil
}

func nugetCompare(a, b *nugetVersion) int {
	for i := range a.nums {
		if c := cmp.Compare(a.nums[i], b.nums[i]); c != 0 {
			return c
		}
	}
	switch {
	case a.labels == nil && b.labels == nil:
		return 0
	case a.labels == nil:
		return 1
	case b.labels == nil:
		return -1
	}
	for i := 0; i < len(a.labels) && i < len(b.labels); i++ {
		if c := nugetCompareLabel(a.labels[i], b.labels[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a.labels), len(b.labels))
}

// nugetCompareLabel compares two pre-release labels as VersionComparer's
// CompareRelease.
func nugetCompareLabel(a, b string) int {
	na, aNum := nugetLabelNumber(a)
	nb, bNum := nugetLabelNumber(b)
	switch {
	case aNum && bNum:
		return cmp.Compare(na, nb)
	case aNum:
		return -1
	case bNum:
		return 1
	}
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := cmp.Compare(nugetUpper(a[i]), nugetUpper(b[i])); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

func nugetUpper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// nugetLabelNumber reports whether a label (made of [0-9A-Za-z-]) is a
// number to .NET's int.TryParse: an optional '-', then digits, within the
// range of a 32-bit signed integer.
func nugetLabelNumber(s string) (int64, bool) {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
		if n > 1<<31 {
			return 0, false
		}
	}
	if neg {
		n = -n
	} else if n == 1<<31 {
		return 0, false
	}
	return n, true
}

// nugetParse parses a version as NuGetVersion.TryParse.
func nugetParse(s string) (nugetVersion, error) {
	bad := func(reason string) (nugetVersion, error) {
		return nugetVersion{}, &InvalidVersionError{Ecosystem: NuGet, Version: s, Reason: reason}
	}
	t := strings.TrimFunc(s, unicode.IsSpace)
	if t == "" {
		return bad("empty")
	}
	// Split as SemanticVersion.ParseSections: the version part ends at
	// the first '-' or '+', the labels at the next '+'. A separator that
	// is the last character stays in the part before it (and fails it).
	core, rest := t, ""
	if i := strings.IndexAny(t[:len(t)-1], "-+"); i >= 0 {
		core, rest = t[:i], t[i:]
	}
	var labels, meta string
	hasLabels, hasMeta := false, false
	if strings.HasPrefix(rest, "-") {
		labels, hasLabels = rest[1:], true
		if i := strings.IndexByte(labels[:len(labels)-1], '+'); i >= 0 {
			labels, meta, hasMeta = labels[:i], labels[i+1:], true
		}
	} else if rest != "" {
		meta, hasMeta = rest[1:], true
	}
	var v nugetVersion
	if !nugetParseNumbers(core, &v.nums) {
		return bad("not 1 to 4 dot-separated numbers, each at most 2147483647, before any '-' or '+'")
	}
	if hasLabels {
		v.labels = strings.Split(labels, ".")
		for _, l := range v.labels {
			if !nugetValidPart(l, false) {
				return bad("pre-release label " + strconv.Quote(l) + " is empty, has a character outside [0-9A-Za-z-], or is a number with a leading zero")
			}
		}
	}
	if hasMeta {
		for p := range strings.SplitSeq(meta, ".") {
			if !nugetValidPart(p, true) {
				return bad("build metadata part " + strconv.Quote(p) + " is empty or has a character outside [0-9A-Za-z-]")
			}
		}
	}
	return v, nil
}

// nugetValidPart reports whether a label or metadata part is valid, as
// SemanticVersion.IsValidPart.
func nugetValidPart(s string, allowLeadingZeros bool) bool {
	if s == "" {
		return false
	}
	digits := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		isDigit := '0' <= c && c <= '9'
		if !isDigit && c != '-' && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') {
			return false
		}
		digits = digits && isDigit
	}
	return allowLeadingZeros || len(s) == 1 || s[0] != '0' || !digits
}

// nugetParseNumbers parses the numeric part as
// NuGetVersion.TryGetNormalizedVersion: up to four sections, each white
// space, digits, white space, separated by '.', none empty, no trailing '.'.
func nugetParseNumbers(s string, nums *[4]int32) bool {
	if strings.TrimFunc(s, unicode.IsSpace) == "" {
		return false
	}
	pos := 0
	for k := range nums {
		if pos == len(s) {
			break
		}
		pos = nugetSkipSpace(s, pos)
		var n int64
		start := pos
		for pos < len(s) && '0' <= s[pos] && s[pos] <= '9' {
			n = n*10 + int64(s[pos]-'0')
			if n > 1<<31-1 {
				return false
			}
			pos++
		}
		if pos == start {
			return false
		}
		nums[k] = int32(n)
		pos = nugetSkipSpace(s, pos)
		if pos < len(s) {
			if s[pos] != '.' || pos+1 == len(s) {
				return false
			}
			pos++
		}
	}
	return pos == len(s)
}

func nugetSkipSpace(s string, pos int) int {
	for pos < len(s) {
		r, n := utf8.DecodeRuneInString(s[pos:])
		if !unicode.IsSpace(r) {
			break
		}
		pos += n
	}
	return pos
}

func (s nugetScheme) Satisfies(v, constraint string) (bool, error) {
	t := strings.TrimFunc(constraint, unicode.IsSpace)
	if !strings.HasPrefix(t, "[") && !strings.HasPrefix(t, "(") && strings.ContainsAny(t, "<>=!|") {
		return satisfiesComparators(NuGet, s.Compare, v, constraint)
	}
	r, err := nugetParseRange(constraint)
	if err != nil {
		return false, err
	}
	pv, err := nugetParse(v)
	if err != nil {
		return false, err
	}
	return r.contains(&pv, nugetCompare), nil
}

// nugetRange is a NuGet version range.
type nugetRange = mavenInterval[nugetVersion]

// nugetParseRange parses a range as VersionRange.TryParse with floating
// versions allowed.
func nugetParseRange(constraint string) (*nugetRange, error) {
	bad := func(reason string) (*nugetRange, error) {
		return nil, &InvalidConstraintError{Ecosystem: NuGet, Constraint: constraint, Reason: reason}
	}
	t := strings.TrimFunc(constraint, unicode.IsSpace)
	if t == "" {
		return bad("empty")
	}
	if t == "*" {
		return &nugetRange{lower: &nugetVersion{}, lowerInc: true}, nil
	}
	r := &nugetRange{lowerInc: true}
	minStr, maxStr := t, ""
	if t[0] == '[' || t[0] == '(' {
		r.lowerInc = t[0] == '['
		switch t[len(t)-1] {
		case ']':
			r.upperInc = true
		case ')':
		default:
			return bad("a range starting with " + t[:1] + " must end with ] or )")
		}
		parts := strings.Split(t[1:len(t)-1], ",")
		switch {
		case len(parts) > 2:
			return bad("more than two bounds")
		case len(parts) == 1 && parts[0] == "" || len(parts) == 2 && parts[0] == "" && parts[1] == "":
			return bad("no bounds")
		case len(parts) == 1 && !(r.lowerInc && r.upperInc):
			return bad("a single version must be in [ ]")
		}
		minStr, maxStr = parts[0], parts[len(parts)-1]
	}
	if strings.TrimFunc(minStr, unicode.IsSpace) != "" {
		var err error
		if strings.Contains(minStr, "*") {
			r.lower, err = nugetParseFloat(minStr)
		} else {
			var v nugetVersion
			v, err = nugetParse(minStr)
			r.lower = &v
		}
		if err != nil {
			return bad("lower bound: " + err.Error())
		}
	}
	if strings.TrimFunc(maxStr, unicode.IsSpace) != "" {
		v, err := nugetParse(maxStr)
		if err != nil {
			return bad("upper bound: " + err.Error())
		}
		r.upper = &v
	}
	if r.lower != nil && r.upper != nil {
		c := nugetCompare(r.lower, r.upper)
		if c > 0 {
			return bad("lower bound above upper bound")
		}
		if c == 0 && r.lowerInc != r.upperInc {
			return bad("equal bounds, one inclusive and one exclusive")
		}
	}
	return r, nil
}

// nugetParseFloat returns the lowest version of a floating version, as
// FloatRange.TryParse computes its MinVersion.
func nugetParseFloat(s string) (*nugetVersion, error) {
	first, last := strings.IndexByte(s, '*'), strings.LastIndexByte(s, '*')
	plus := strings.Contains(s, "+")
	var actual string
	switch {
	case s == "*":
		return &nugetVersion{}, nil
	case s == "*-*":
		actual = "0.0.0-0"
	case first != last && !plus:
		// Two stars: only as "<stable>*-<prefix>*".
		dash := strings.IndexByte(s, '-')
		if dash < 0 || last != len(s)-1 || first != dash-1 {
			return nil, &InvalidVersionError{Ecosystem: NuGet, Version: s, Reason: "a second * is only allowed as in 1.*-beta*"}
		}
		prefix := s[dash+1 : len(s)-1]
		if prefix == "" || strings.HasSuffix(prefix, ".") {
			prefix += "0"
		}
		actual = s[:dash-1] + "0-" + prefix
	case last == len(s)-1 && !plus:
		actual = s[:len(s)-1]
		if !strings.Contains(s, "-") {
			actual += "0"
		} else if strings.Count(s, "-") == 1 && (strings.HasSuffix(actual, "-") || strings.HasSuffix(actual, ".")) {
			actual += "0"
		}
	default:
		actual = s // not a float NuGet knows; fails to parse
	}
	v, err := nugetParse(actual)
	if err != nil {
		return nil, &InvalidVersionError{Ecosystem: NuGet, Version: s, Reason: "not a floating version NuGet accepts"}
	}
	return &v, nil
}
