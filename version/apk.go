package version

import (
	"strconv"
	"strings"
)

// apkScheme orders Alpine (apk) package versions exactly as apk-tools 2.14
// (apk version -t, Alpine 3.19) does, and evaluates apk dependency
// operators.
//
// Grammar (what apk version -c accepts): digits, then any of ".digits",
// one lowercase letter (optionally followed by digits), suffixes "_alpha",
// "_beta", "_pre", "_rc", "_cvs", "_svn", "_git", "_hg", "_p" each with
// optional digits, and "-rN" revisions, in that order; a number of 18
// digits or more is invalid. apk-tools 2.14 is more lenient than its own
// documentation in places, and this scheme follows the tool: "" , ".1",
// "1.", "1..1", "1_", "1-r" and "1-r1-r2" are valid. "~hash" commit
// suffixes are invalid in 2.14 (apk-tools 3 added them). A string holding
// a NUL byte is invalid (apk could not be given one).
//
// Ordering: token by token as apk's tokenizer reads them. Numbers compare
// numerically, except that in a number after a '.' that starts with '0',
// all the leading zeros but the last form a token worth minus their count,
// and the rest is a separate number (so 1.0 = [1, 0, 0] > 1. = [1, 0],
// 1.00 = [1, -1, 0] < 1.0, 1.01 = [1, 0, 1] < 1.1, 1.001 < 1.01); letters
// by byte; pre-release suffixes _alpha < _beta < _pre < _rc sort before the
// plain version, post-release suffixes _cvs < _svn < _git < _hg < _p after
// it; -rN revisions numerically. When one version runs out, the longer
// one is greater unless what follows is a pre-release suffix.
//
// Invalid versions: apk still orders them (its test data lists "1.0 <
// 1.0bc" with the note "invalid. do string sort"), but that order stops at
// the first bad token, so distinct versions compare equal ("1.0bc" ==
// "1.0bd", "abc" == "abd", "1.0~abc" == "1.0~abd"). Compare therefore returns an *InvalidVersionError for any
// version apk version -c rejects rather than a silently wrong answer. This
// is the one deliberate deviation from apk version -t.
//
// Constraints: apk's dependency operators "<", "<=", "=", ">=", ">", "~"
// (fuzzy: equal as far as both versions go, so "~1.2" holds for 1.2,
// 1.2.3, 1.2_rc1 and 1.2-r5 but not 1.3; in apk 2.14 the match also
// stops where the two differ in kind, so 1.36.1-r19 meets "~1.36.1.5" and
// "~1.36.1_p1", as apk add --simulate confirms), "<~" and ">~" (less or greater, or fuzzy-equal), "=~" and
// "~=" (same as "~"), "==" (same as "="), with or without a space
// before the version; several joined by commas and/or spaces must all
// hold. A bare version means "=". apk's "><" (checksum match) has no
// meaning for a version and is an *InvalidConstraintError, as is "!" (apk's
// conflict marker, which applies to a package, not a version).
type apkScheme struct{}

var _ Scheme = apkScheme{}

func (apkScheme) Compare(a, b string) (int, error) {
	r, at, ai, bt, bi := apkCompareState(a, b, false)
	// Validate what the comparison did not read, from where it stopped.
	if !apkValidFrom(a, at, ai) {
		return 0, apkValidate(a)
	}
	if !apkValidFrom(b, bt, bi) {
		return 0, apkValidate(b)
	}
	return r, nil
}

// apkValidFrom reports whether s is valid given that its tokens before pos
// were (the next one being of kind t).
func apkValidFrom(s string, t, pos int) bool {
	for t != apkEnd && t != apkInvalid {
		_, t, pos = apkToken(s, t, pos)
	}
	return t == apkEnd && strings.IndexByte(s, 0) < 0
}

// apk tokenizer states, in apk-tools 2.14's order: a later token is
// "less" when two versions differ in kind (see apkCompareRaw).
const (
	apkInvalid     = -1
	apkDigitOrZero = 0 // a number after '.': leading zeros are special
	apkDigit       = 1
	apkLetter      = 2
	apkSuffix      = 3
	apkSuffixNo    = 4
	apkRevisionNo  = 5
	apkEnd         = 6
)

// apkMaxDigits is the length at which apk 2.14 declares a number invalid
// (found with apk version -c); its value is then -1, like any invalid
// token's (found with apk version -t).
const apkMaxDigits = 18

// apkValidate returns an *InvalidVersionError if apk version -c rejects v.
func apkValidate(v string) error {
	if strings.IndexByte(v, 0) >= 0 {
		return &InvalidVersionError{Ecosystem: APK, Version: v, Reason: "contains a NUL byte"}
	}
	t, pos := apkDigit, 0
	for t != apkEnd && t != apkInvalid {
		_, t, pos = apkToken(v, t, pos)
	}
	if t != apkEnd {
		return &InvalidVersionError{Ecosystem: APK, Version: v, Reason: "not digit{.digit}{letter}{_suffix{digits}}{-rN}: bad part at offset " + strconv.Itoa(min(pos, len(v)))}
	}
	return nil
}

func apkIsLower(c byte) bool { return 'a' <= c && c <= 'z' }

// apkNext decides the kind of the token starting at pos, given the kind of
// the previous one, as apk's next_token does; it may step over a
// separator.
func apkNext(s string, t, pos int) (int, int) {
	n := apkInvalid
	switch {
	case pos >= len(s):
		n = apkEnd
	case (t == apkDigit || t == apkDigitOrZero) && apkIsLower(s[pos]):
		n = apkLetter
	case t == apkLetter && debIsDigit(s[pos]):
		n = apkDigit
	case t == apkSuffix && debIsDigit(s[pos]):
		n = apkSuffixNo
	default:
		switch s[pos] {
		case '.':
			n = apkDigitOrZero
		case '_':
			n = apkSuffix
		case '-':
			if pos+1 < len(s) && s[pos+1] == 'r' {
				n = apkRevisionNo
				pos++
			}
		}
		pos++
	}
	if n < t && !((n == apkDigitOrZero && t == apkDigit) ||
		(n == apkSuffix && t == apkSuffixNo) ||
		(n == apkDigit && t == apkLetter)) {
		n = apkInvalid
	}
	return n, pos
}

// apkToken reads the token of kind t at pos, as apk's get_token does,
// returning its value, the kind of the next token and the position after.
func apkToken(s string, t, pos int) (v, next, end int) {
	if pos >= len(s) {
		return 0, apkEnd, pos
	}
	i := pos
	nt := apkInvalid
	switch t {
	case apkDigitOrZero, apkDigit, apkSuffixNo, apkRevisionNo:
		if t == apkDigitOrZero && s[i] == '0' {
			// All zeros of the run but the last are a token worth
			// minus their count; the last starts the next number.
			for i+1 < len(s) && s[i+1] == '0' {
				i++
			}
			nt = apkDigit
			v = pos - i
			break
		}
		for i < len(s) && debIsDigit(s[i]) {
			if i-pos < apkMaxDigits {
				v = v*10 + int(s[i]-'0')
			}
			i++
		}
		if i-pos >= apkMaxDigits {
			return -1, apkInvalid, i
		}
	case apkLetter:
		v = int(s[i])
		i++
	case apkSuffix:
		// apk tries "alpha", "beta", "pre", "rc" (worth -4 to -1), then
		// "cvs", "svn", "git", "hg", "p" (0 to 4), each as a prefix.
		name, val := "", 0
		switch s[i] {
		case 'a':
			name, val = "alpha", -4
		case 'b':
			name, val = "beta", -3
		case 'p':
			name, val = "p", 4
			if strings.HasPrefix(s[i:], "pre") {
				name, val = "pre", -2
			}
		case 'r':
			name, val = "rc", -1
		case 'c':
			name, val = "cvs", 0
		case 's':
			name, val = "svn", 1
		case 'g':
			name, val = "git", 2
		case 'h':
			name, val = "hg", 3
		}
		if name == "" || !strings.HasPrefix(s[i:], name) {
			return -1, apkInvalid, pos
		}
		v, i = val, i+len(name)
	default:
		return -1, apkInvalid, pos
	}
	switch {
	case i >= len(s):
		return v, apkEnd, i
	case nt != apkInvalid:
		return v, nt, i
	}
	next, i = apkNext(s, t, i)
	return v, next, i
}

// apkCompareRaw orders any two strings as apk-tools 2.14's version compare
// does, valid or not. With fuzzy, b is a prefix pattern: the comparison
// is equal once b's tokens are used up (apk's "~" operator).
func apkCompareRaw(a, b string, fuzzy bool) int {
	r, _, _, _, _ := apkCompareState(a, b, fuzzy)
	return r
}

// apkCompareState is apkCompareRaw that also returns where it stopped in
// each string: the kind of the next token and its position.
func apkCompareState(a, b string, fuzzy bool) (r, at, ai, bt, bi int) {
	at, bt = apkDigit, apkDigit
	av, bv := 0, 0
	for at == bt && at != apkEnd && at != apkInvalid && av == bv {
		av, at, ai = apkToken(a, at, ai)
		bv, bt, bi = apkToken(b, bt, bi)
	}
	switch {
	case av < bv:
		return -1, at, ai, bt, bi
	case av > bv:
		return 1, at, ai, bt, bi
	case at == bt || fuzzy:
		return 0, at, ai, bt, bi
	}
	if at == apkSuffix {
		if v, _, _ := apkToken(a, at, ai); v < 0 {
			return -1, at, ai, bt, bi
		}
	}
	if bt == apkSuffix {
		if v, _, _ := apkToken(b, bt, bi); v < 0 {
			return 1, at, ai, bt, bi
		}
	}
	switch {
	case at > bt:
		return -1, at, ai, bt, bi
	case bt > at:
		return 1, at, ai, bt, bi
	}
	return 0, at, ai, bt, bi
}

// apk operator bits, as apk_version_result_mask reads "<", "=", ">", "~".
const (
	apkLess    = 1
	apkEqual   = 2
	apkGreater = 4
	apkFuzzy   = 8
)

// apkRelation is one "op version" term of a constraint.
type apkRelation struct {
	mask    int
	version string
}

func (s apkScheme) Satisfies(v, constraint string) (bool, error) {
	rels, err := apkParseConstraint(constraint)
	if err != nil {
		return false, err
	}
	if err := apkValidate(v); err != nil {
		return false, err
	}
	for _, r := range rels {
		c := apkCompareRaw(v, r.version, r.mask&apkFuzzy != 0)
		bit := apkEqual
		if c < 0 {
			bit = apkLess
		} else if c > 0 {
			bit = apkGreater
		}
		if r.mask&bit == 0 {
			return false, nil
		}
	}
	return true, nil
}

// apkParseConstraint parses a comma- and/or space-separated list of
// "op version" terms.
func apkParseConstraint(constraint string) ([]apkRelation, error) {
	bad := func(reason string) ([]apkRelation, error) {
		return nil, &InvalidConstraintError{Ecosystem: APK, Constraint: constraint, Reason: reason}
	}
	fields := strings.FieldsFunc(constraint, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(fields) == 0 {
		return bad("empty")
	}
	var rels []apkRelation
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		n := 0
		mask := 0
		for n < len(f) && strings.IndexByte("<=>~", f[n]) >= 0 {
			switch f[n] {
			case '<':
				mask |= apkLess
			case '=':
				mask |= apkEqual
			case '>':
				mask |= apkGreater
			case '~':
				mask |= apkFuzzy | apkEqual
			}
			n++
		}
		op, ver := f[:n], f[n:]
		if mask == 0 {
			mask = apkEqual
		}
		if ver == "" {
			if i+1 == len(fields) {
				return bad("operator " + op + " has no version")
			}
			i++
			ver = fields[i]
			if strings.IndexByte("<=>~", ver[0]) >= 0 {
				return bad("two operators in a row before " + ver)
			}
		}
		if mask&apkLess != 0 && mask&apkGreater != 0 {
			return bad("operator " + op + " (checksum match) does not apply to a version")
		}
		if err := apkValidate(ver); err != nil {
			return bad(err.Error())
		}
		rels = append(rels, apkRelation{mask: mask, version: ver})
	}
	return rels, nil
}
