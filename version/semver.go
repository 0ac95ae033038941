package version

import "strings"

// semverParts is a SemVer version split into substrings of its input, so
// that parsing allocates nothing. Numbers are digit strings with leading
// zeros removed ("" never: zero is "0"); pre and build are the text after
// '-' and '+', without the sign, "" when absent.
type semverParts struct {
	major, minor, patch string
	pre, build          string
}

// semverIsDigits reports whether s is a non-empty run of ASCII digits.
func semverIsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// semverIsIdentChar reports whether c may appear in a SemVer pre-release
// or build identifier: [0-9A-Za-z-].
func semverIsIdentChar(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-'
}

// semverTrimZeros removes leading zeros from a digit string, keeping one
// digit.
func semverTrimZeros(s string) string {
	for len(s) > 1 && s[0] == '0' {
		s = s[1:]
	}
	return s
}

// semverCompareNum orders two digit strings by value, with no limit on
// their length: leading zeros are ignored, then the longer is larger, then
// the bytes decide.
func semverCompareNum(a, b string) int {
	a, b = semverTrimZeros(a), semverTrimZeros(b)
	switch {
	case len(a) != len(b):
		if len(a) < len(b) {
			return -1
		}
		return 1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// semverCompareMain orders the major.minor.patch triples of a and b.
func semverCompareMain(a, b *semverParts) int {
	if c := semverCompareNum(a.major, b.major); c != 0 {
		return c
	}
	if c := semverCompareNum(a.minor, b.minor); c != 0 {
		return c
	}
	return semverCompareNum(a.patch, b.patch)
}

// semverCompare orders two versions by SemVer 2.0.0 precedence, build
// metadata ignored.
func semverCompare(a, b *semverParts) int {
	if c := semverCompareMain(a, b); c != 0 {
		return c
	}
	return semverComparePre(a.pre, b.pre, nil)
}

// semverCompareBy parses a and b with parse, then orders them with cmp.
func semverCompareBy(a, b string, parse func(string) (semverParts, error), cmp func(a, b *semverParts) int) (int, error) {
	pa, err := parse(a)
	if err != nil {
		return 0, err
	}
	pb, err := parse(b)
	if err != nil {
		return 0, err
	}
	return cmp(&pa, &pb), nil
}

// semverNextIdent splits the first dot-separated identifier off s.
func semverNextIdent(s string) (id, rest string, more bool) {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return s[:i], s[i+1:], true
	}
	return s, "", false
}

// semverCompareIdents orders two dot-separated identifier lists by the
// SemVer 2.0.0 pre-release rules: identifier by identifier, numeric ones
// (all digits) by value and before alphanumeric ones, alphanumeric ones
// by ASCII bytes, and a list that is a prefix of the other first. Neither
// list may be empty; "no pre-release" is the caller's business. num orders
// two numeric identifiers and may stop the comparison (stop true) with its
// result; nil means semverCompareNum.
func semverCompareIdents(a, b string, num func(a, b string) (c int, stop bool)) int {
	for {
		x, ra, ma := semverNextIdent(a)
		y, rb, mb := semverNextIdent(b)
		if x != y {
			xn, yn := semverIsDigits(x), semverIsDigits(y)
			switch {
			case xn && yn:
				var c int
				stop := false
				if num != nil {
					c, stop = num(x, y)
				} else {
					c = semverCompareNum(x, y)
				}
				if c != 0 || stop {
					return c
				}
			case xn:
				return -1
			case yn:
				return 1
			case x < y:
				return -1
			default:
				return 1
			}
		}
		switch {
		case !ma && !mb:
			return 0
		case !ma:
			return -1
		case !mb:
			return 1
		}
		a, b = ra, rb
	}
}

// semverComparePre orders two pre-release strings, where "" (a release)
// sorts after any pre-release.
func semverComparePre(a, b string, num func(a, b string) (int, bool)) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return semverCompareIdents(a, b, num)
}

// semverIdentsValid checks a dot-separated identifier list: each
// identifier non-empty, of [0-9A-Za-z-], and, when numericNoZero is set,
// a numeric identifier without a leading zero. It returns a reason, or "".
func semverIdentsValid(s, what string, numericNoZero bool) string {
	for {
		id, rest, more := semverNextIdent(s)
		if id == "" {
			return "empty " + what + " identifier"
		}
		for i := 0; i < len(id); i++ {
			if !semverIsIdentChar(id[i]) {
				return what + " identifier " + quoteASCII(id) + " has a character outside [0-9A-Za-z-]"
			}
		}
		if numericNoZero && len(id) > 1 && id[0] == '0' && semverIsDigits(id) {
			return "numeric " + what + " identifier " + id + " has a leading zero"
		}
		if !more {
			return ""
		}
		s = rest
	}
}

// quoteASCII quotes s for an error message.
func quoteASCII(s string) string {
	return "\"" + s + "\""
}

// semverParseNum takes a number off the front of s. With strict, a
// leading zero is an error. It returns the digits, the rest, and a reason
// (or "").
func semverParseNum(s, what string, strict bool) (num, rest, reason string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return "", s, what + " is not a number"
	}
	if strict && i > 1 && s[0] == '0' {
		return "", s, what + " number " + s[:i] + " has a leading zero"
	}
	return semverTrimZeros(s[:i]), s[i:], ""
}

// semverScanIdents scans a dot-separated identifier list starting at
// s[i] and ending before the first byte that is neither [0-9A-Za-z-] nor
// '.'. Each identifier must be non-empty and, with noZero, a numeric one
// must have no leading zero. It returns the end, and a reason or "".
func semverScanIdents(s string, i int, what string, noZero bool) (int, string) {
	for {
		j, digits := i, true
		for j < len(s) && semverIsIdentChar(s[j]) {
			if s[j] < '0' || s[j] > '9' {
				digits = false
			}
			j++
		}
		switch {
		case j == i:
			return j, "empty " + what + " identifier"
		case noZero && digits && j-i > 1 && s[i] == '0':
			return j, "numeric " + what + " identifier " + s[i:j] + " has a leading zero"
		}
		if j == len(s) || s[j] != '.' {
			return j, ""
		}
		i = j + 1
	}
}

// semverSplitSuffix parses "-pre+build" (either part optional) at the end
// of a version core into p. preNoZero rejects numeric pre-release
// identifiers with a leading zero.
func semverSplitSuffix(rest string, p *semverParts, preNoZero bool) string {
	i := 0
	var reason string
	if i < len(rest) && rest[i] == '-' {
		if i, reason = semverScanIdents(rest, 1, "pre-release", preNoZero); reason != "" {
			return reason
		}
		p.pre = rest[1:i]
	}
	if i < len(rest) && rest[i] == '+' {
		start := i + 1
		if i, reason = semverScanIdents(rest, start, "build", false); reason != "" {
			return reason
		}
		p.build = rest[start:i]
	}
	if i < len(rest) {
		return "unexpected " + quoteASCII(rest[i:]) + " after the version"
	}
	return ""
}

// semverParse parses a SemVer 2.0.0 version into p: MAJOR.MINOR.PATCH
// without leading zeros, then an optional -pre-release (numeric
// identifiers without leading zeros) and +build. With partial, minor and
// patch may be missing and count as zero, leading zeros are tolerated,
// and so is nothing else. It returns a reason, or "" when s is valid.
func semverParse(p *semverParts, s string, partial bool) string {
	if s == "" {
		return "empty"
	}
	strict := !partial
	major, rest, reason := semverParseNum(s, "major", strict)
	if reason != "" {
		return reason
	}
	minor, patch := "0", "0"
	if len(rest) > 0 && rest[0] == '.' {
		if minor, rest, reason = semverParseNum(rest[1:], "minor", strict); reason != "" {
			return reason
		}
		if len(rest) > 0 && rest[0] == '.' {
			if patch, rest, reason = semverParseNum(rest[1:], "patch", strict); reason != "" {
				return reason
			}
		} else if strict {
			return "want MAJOR.MINOR.PATCH"
		}
	} else if strict {
		return "want MAJOR.MINOR.PATCH"
	}
	*p = semverParts{major: major, minor: minor, patch: patch}
	if rest == "" {
		return ""
	}
	return semverSplitSuffix(rest, p, strict)
}

// compareSemverRange orders the bounds of OSV SEMVER ranges: SemVer 2.0.0
// precedence (build metadata ignored), tolerating, as osv-scanner does, a
// leading "v", missing minor or patch numbers ("1.2" is "1.2.0") and
// leading zeros in numbers. Anything else that is not SemVer is an
// *InvalidVersionError with Ecosystem "semver".
func compareSemverRange(a, b string) (int, error) {
	return semverCompareBy(a, b, semverRangeParse, semverCompare)
}

func semverRangeParse(s string) (semverParts, error) {
	var p semverParts
	reason := semverParse(&p, strings.TrimPrefix(s, "v"), true)
	if reason != "" {
		return p, &InvalidVersionError{Ecosystem: "semver", Version: s, Reason: reason}
	}
	return p, nil
}
