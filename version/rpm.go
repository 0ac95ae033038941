package version

import "strings"

// rpmScheme orders RPM EVR strings exactly as rpm 4.18 does, and evaluates
// rpm dependency relations against them.
//
// Versions are EVR strings "[epoch:]version[-release]", split the way rpm
// splits them (parseEVR): the epoch is present only when the string starts
// with zero or more ASCII digits followed by ':' (an empty epoch, as in
// ":1.0", is "0"); the release is whatever follows the LAST '-' (so
// "1-2-3" is version "1-2", release "3"); the version is what lies
// between. rpm is lenient and so is this scheme: any non-empty string is a
// version ("a:1.0" is the version "a:1.0" with no epoch, "-" is an empty
// version with an empty release). Only two inputs are invalid: the empty
// string (rpm.ver("") is nil and rpm treats an empty EVR as "no version")
// and a string holding a NUL byte (rpm's C strings cannot carry one; rpm
// would silently compare only the part before it).
//
// Ordering (rpmverCmp, as rpm 4.18's Lua rpm.ver objects and rpm.vercmp
// compare): epochs first (a missing epoch is "0"), then versions, then
// releases, each with rpmvercmp. A missing release sorts before any
// present release, even an empty one or "~": "1.0" < "1.0-~" < "1.0-" ==
// "1.0-." < "1.0-1". rpmvercmp splits a string into maximal runs of ASCII
// letters or ASCII digits; every other byte (including non-ASCII) is a
// separator, except '~' and '^'. Runs are compared in turn: two digit runs
// numerically (leading zeros dropped, then longer is greater, then
// byte-wise, so numbers of any length compare without overflow), two
// letter runs byte-wise (case-sensitive, "Z" < "a"), and a digit run is
// greater than a letter run. '~' sorts before everything, even the end of
// the string (pre-release: "1.0~rc1" < "1.0"); '^' sorts after the end of
// the string but before any further run (post-release snapshot: "1.0" <
// "1.0^git1" < "1.0.1"). Separators themselves do not count ("1.0" ==
// "1_0" == "1..0"); when one side runs out of runs, the side with runs
// left is greater.
//
// Constraints are rpm dependency relations, as in "Requires: foo >=
// 1:2.0-3" without the name: an operator (<, <=, =<, =, ==, >=, =>, >, as
// rpmParseDSFlags knows them; rpm has no !=), optional white space, and an
// EVR. Relations are joined with "," (all must hold) and "||"
// (alternatives). A relation is evaluated as rpmdsCompare does between the
// version, taken as the package's self-provide "= EVR", and the relation
// (rpmverOverlap): epochs, then versions, compare as above; releases are
// compared only when both are non-empty. When the epochs and versions are
// equal and one side has no (or an empty) release: if the constraint has
// a release and the version does not, the relation holds whatever the
// operator ("1.0" satisfies both "< 1.0-5" and "> 1.0-5"); otherwise it holds only for an operator that
// includes equality ("1.0-5" satisfies "= 1.0" and ">= 1.0", not "> 1.0"
// nor "< 1.0"). So an empty release counts as missing in Satisfies but as
// present in Compare, as in rpm. There is no pre-release rule beyond '~'
// sorting first.
//
// Deliberate deviations: NUL bytes are rejected (see above); rpm's rich
// (boolean) dependencies "(a or b)" are not parsed, "||" and "," stand in
// for them; a relation with an operator but no EVR is rejected, where
// rpmdsCompare would take it as an unversioned (always true) dependency,
// because rpmbuild rejects it too.
type rpmScheme struct{}

var _ Scheme = rpmScheme{}

// rpmEVR is a parsed EVR: substrings of the input, no copies.
type rpmEVR struct {
	epoch, version, release string
	hasEpoch, hasRelease    bool
}

func rpmParseEVR(s string) (rpmEVR, error) {
	var v rpmEVR
	if reason := v.parse(s); reason != "" {
		return rpmEVR{}, &InvalidVersionError{Ecosystem: RPM, Version: s, Reason: reason}
	}
	return v, nil
}

// parse splits s into v as rpm's parseEVR does, or returns why s is not a
// version. It fills v in place so that Compare copies nothing.
func (v *rpmEVR) parse(s string) (reason string) {
	if s == "" {
		return "empty"
	}
	i := 0
	for i < len(s) && rpmIsDigit(s[i]) {
		i++
	}
	// rpm looks for the last '-' from the end of the digit run; digits hold
	// no '-', so that is the last '-' of the whole string, and it lies after
	// the ':' whenever there is an epoch. The same pass looks for a NUL.
	dash := -1
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '-':
			dash = j
		case 0:
			return "contains a NUL byte"
		}
	}
	start := 0
	if i < len(s) && s[i] == ':' {
		v.hasEpoch, v.epoch = true, s[:i]
		start = i + 1
	}
	if dash >= 0 {
		v.hasRelease = true
		v.version, v.release = s[start:dash], s[dash+1:]
	} else {
		v.version = s[start:]
	}
	return ""
}

// epochOrZero is the epoch rpm compares: a missing or empty epoch is "0".
func (v *rpmEVR) epochOrZero() string {
	if v.epoch == "" {
		return "0"
	}
	return v.epoch
}

func (rpmScheme) Compare(a, b string) (int, error) {
	var va, vb rpmEVR
	if reason := va.parse(a); reason != "" {
		return 0, &InvalidVersionError{Ecosystem: RPM, Version: a, Reason: reason}
	}
	if reason := vb.parse(b); reason != "" {
		return 0, &InvalidVersionError{Ecosystem: RPM, Version: b, Reason: reason}
	}
	return rpmCompareEVR(&va, &vb), nil
}

// rpmCompareEVR is rpm 4.18's rpmverCmp: epoch, version, then release,
// with a missing release before any present one.
func rpmCompareEVR(a, b *rpmEVR) int {
	if c := rpmVercmp(a.epochOrZero(), b.epochOrZero()); c != 0 {
		return c
	}
	if c := rpmVercmp(a.version, b.version); c != 0 {
		return c
	}
	switch {
	case a.hasRelease && b.hasRelease:
		return rpmVercmp(a.release, b.release)
	case a.hasRelease:
		return 1
	case b.hasRelease:
		return -1
	}
	return 0
}

// rpmClass sorts bytes as rpmvercmp sees them (rpm's own ASCII-only
// ctype, not the locale's): a separator is anything but an ASCII letter,
// an ASCII digit, '~' and '^'.
var rpmClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = rpmDigit
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = rpmAlpha, rpmAlpha
	}
	t['~'], t['^'] = rpmTilde, rpmCaret
	return t
}()

const (
	rpmSep   uint8 = iota // any other byte
	rpmDigit              // 0-9
	rpmAlpha              // a-z, A-Z
	rpmTilde              // ~
	rpmCaret              // ^
	rpmEnd                // past the end of the string
)

func rpmIsDigit(c byte) bool { return rpmClass[c] == rpmDigit }

// rpmVercmp is rpmvercmp: it compares two version (or release) strings
// segment by segment, as documented on rpmScheme. It works on the strings
// in place and never allocates.
func rpmVercmp(a, b string) int {
	if a == b {
		return 0
	}
	// Skip the common prefix, backed up to the start of its last
	// alphanumeric block: both sides parse identically up to there.
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	for i > 0 && (rpmClass[a[i-1]] == rpmDigit || rpmClass[a[i-1]] == rpmAlpha) {
		i--
	}
	j := i
	for {
		ca, cb := uint8(rpmEnd), uint8(rpmEnd)
		for ; i < len(a); i++ {
			if ca = rpmClass[a[i]]; ca != rpmSep {
				break
			}
			ca = rpmEnd
		}
		for ; j < len(b); j++ {
			if cb = rpmClass[b[j]]; cb != rpmSep {
				break
			}
			cb = rpmEnd
		}
		switch {
		case ca == rpmEnd && cb == rpmEnd:
			return 0
		case ca == rpmTilde || cb == rpmTilde:
			// '~' sorts before anything, the end of the string included.
			if ca != rpmTilde {
				return 1
			}
			if cb != rpmTilde {
				return -1
			}
			i++
			j++
			continue
		case ca == rpmCaret || cb == rpmCaret:
			// '^' sorts after the end of the string, before anything else.
			if ca == rpmEnd {
				return -1
			}
			if cb == rpmEnd {
				return 1
			}
			if ca != rpmCaret {
				return 1
			}
			if cb != rpmCaret {
				return -1
			}
			i++
			j++
			continue
		case ca == rpmEnd:
			return -1 // b has a segment left
		case cb == rpmEnd:
			return 1
		case ca != cb:
			// A digit run is newer than a letter run.
			if ca == rpmDigit {
				return 1
			}
			return -1
		}
		si, sj := i, j
		for i < len(a) && rpmClass[a[i]] == ca {
			i++
		}
		for j < len(b) && rpmClass[b[j]] == ca {
			j++
		}
		if ca == rpmDigit {
			for si < i && a[si] == '0' {
				si++
			}
			for sj < j && b[sj] == '0' {
				sj++
			}
			if i-si != j-sj {
				if i-si > j-sj {
					return 1
				}
				return -1
			}
		}
		// Byte-wise, as strcmp; equal-length digit runs compare the same way.
		n, m := i-si, j-sj
		for k := 0; k < n && k < m; k++ {
			if x, y := a[si+k], b[sj+k]; x != y {
				if x < y {
					return -1
				}
				return 1
			}
		}
		if n != m {
			if n < m {
				return -1
			}
			return 1
		}
	}
}

// rpmSense is the comparison part of rpm's RPMSENSE flags.
type rpmSense uint8

const (
	rpmLess    rpmSense = 1 << iota // RPMSENSE_LESS
	rpmGreater                      // RPMSENSE_GREATER
	rpmEqual                        // RPMSENSE_EQUAL
)

// rpmRelation is one "op EVR" term of a constraint.
type rpmRelation struct {
	sense rpmSense
	evr   rpmEVR
}

// rpmOps are the operators rpmParseDSFlags knows, longest first.
var rpmOps = [...]struct {
	tok   string
	sense rpmSense
}{
	{"<=", rpmLess | rpmEqual}, {"=<", rpmLess | rpmEqual},
	{">=", rpmGreater | rpmEqual}, {"=>", rpmGreater | rpmEqual},
	{"==", rpmEqual},
	{"<", rpmLess}, {">", rpmGreater}, {"=", rpmEqual},
}

// rpmParseConstraint parses alternatives ("||") of relation lists (",").
func rpmParseConstraint(constraint string) ([][]rpmRelation, error) {
	bad := func(reason string) error {
		return &InvalidConstraintError{Ecosystem: RPM, Constraint: constraint, Reason: reason}
	}
	if strings.TrimSpace(constraint) == "" {
		return nil, bad("empty")
	}
	var alts [][]rpmRelation
	for alt := range strings.SplitSeq(constraint, "||") {
		if strings.TrimSpace(alt) == "" {
			return nil, bad("empty alternative")
		}
		var and []rpmRelation
		for term := range strings.SplitSeq(alt, ",") {
			term = strings.TrimSpace(term)
			if term == "" {
				return nil, bad("empty relation")
			}
			if strings.HasPrefix(term, "!=") {
				return nil, bad("rpm has no != operator")
			}
			var r rpmRelation
			for _, o := range rpmOps {
				if strings.HasPrefix(term, o.tok) {
					r.sense = o.sense
					term = strings.TrimSpace(term[len(o.tok):])
					break
				}
			}
			switch {
			case r.sense == 0:
				return nil, bad("relation " + term + " has no operator (<, <=, =, >=, >)")
			case term == "":
				return nil, bad("operator has no version")
			case strings.ContainsAny(term[:1], "<=>!"):
				return nil, bad("two operators in a row before " + term)
			case strings.ContainsAny(term, " \t\r\n"):
				return nil, bad("white space inside version " + term)
			}
			evr, err := rpmParseEVR(term)
			if err != nil {
				return nil, bad(err.Error())
			}
			r.evr = evr
			and = append(and, r)
		}
		alts = append(alts, and)
	}
	return alts, nil
}

func (rpmScheme) Satisfies(v, constraint string) (bool, error) {
	ver, err := rpmParseEVR(v)
	if err != nil {
		return false, err
	}
	alts, err := rpmParseConstraint(constraint)
	if err != nil {
		return false, err
	}
	for _, and := range alts {
		ok := true
		for _, r := range and {
			if !rpmOverlap(ver, r) {
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

// rpmOverlap is rpm 4.18's rpmverOverlap between the package's
// self-provide "= v" and the relation r.
func rpmOverlap(v rpmEVR, r rpmRelation) bool {
	sense := rpmVercmp(v.epochOrZero(), r.evr.epochOrZero())
	if sense == 0 {
		sense = rpmVercmp(v.version, r.evr.version)
	}
	if sense == 0 {
		switch {
		case v.release != "" && r.evr.release != "":
			sense = rpmVercmp(v.release, r.evr.release)
		case r.evr.release != "":
			// The side without a release (v) has EQUAL: always overlaps.
			return true
		}
	}
	switch {
	case sense < 0:
		return r.sense&rpmLess != 0
	case sense > 0:
		return r.sense&rpmGreater != 0
	}
	return r.sense&rpmEqual != 0
}
