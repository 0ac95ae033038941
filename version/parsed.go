package version

import (
	"errors"
	"fmt"

	hashiversion "github.com/hashicorp/go-version"
)

// Parsed is a version parsed once by its scheme, so that it can be
// compared with many versions and evaluated against many ranges without
// being parsed again (as matching one installed package against its
// advisories does). Make one with Parse. The zero value holds no version:
// its methods return an error. A Parsed is immutable and safe for
// concurrent use.
type Parsed struct {
	raw string
	p   parsed
}

// Parse parses v in scheme s. An invalid v is the error s.Compare(v, v)
// returns, an *InvalidVersionError for the schemes Lookup returns.
// Schemes from outside this package are accepted: their versions are
// validated once and compared with s.Compare.
func Parse(s Scheme, v string) (Parsed, error) {
	p, err := parse(s, v)
	if err != nil {
		return Parsed{}, err
	}
	return Parsed{raw: v, p: p}, nil
}

// String returns the version as it was given to Parse.
func (p Parsed) String() string { return p.raw }

// errNotParsed is what the zero Parsed's methods return.
var errNotParsed = errors.New("version: no version (zero Parsed)")

// Compare returns -1, 0 or 1 as p sorts before, equal to or after b, as
// the scheme's Compare(p.String(), b) does; an invalid b is the scheme's
// error for it.
func (p Parsed) Compare(b string) (int, error) {
	if p.p == nil {
		return 0, errNotParsed
	}
	return p.p.compare(b)
}

// Evaluate decides whether p is affected according to a: the same
// Decision and error as Evaluate(s, p.String(), a), with p parsed once.
// It does not modify a.
func (p Parsed) Evaluate(a Affected) (Decision, error) {
	none := Decision{Range: -1}
	if p.p == nil {
		return none, errNotParsed
	}
	for _, lv := range a.Versions {
		c, err := p.p.compare(lv)
		if err != nil {
			return none, fmt.Errorf("version: affected versions: %w", err)
		}
		if c == 0 {
			return Decision{Affected: true, Range: -1}, nil
		}
	}
	var sv *semverParts // p in SemVer, parsed at the first SEMVER range
	semverTried := false
	for i, r := range a.Ranges {
		var (
			d   Decision
			err error
		)
		switch r.Type {
		case RangeEcosystem:
			d, err = p.p.evaluate(r)
		case RangeSemver:
			if !semverTried {
				semverTried = true
				if v, err := semverRangeParse(p.raw); err == nil {
					sv = &v
				}
			}
			if sv == nil {
				// a version that is not SemVer has no place among SemVer
				// bounds: an error, never a guess (it used to compare
				// equal to every bound, and so fell in any range)
				err = fmt.Errorf("version %q is not SemVer, which a SEMVER range compares", p.raw)
			} else {
				d, err = evaluateRange(&semverOrdering, sv, r)
			}
		default:
			continue
		}
		if err != nil {
			return none, fmt.Errorf("version: range %d: %w", i, err)
		}
		if d.Affected {
			d.Range = i
			return d, nil
		}
	}
	return none, nil
}

// ordering is a scheme's Compare in two steps: parse each version once,
// then compare parsed values. parse returns the error Compare returns for
// an invalid version.
type ordering[T any] struct {
	parse func(string) (T, error)
	cmp   func(a, b T) int // by value: a pointer through a func value would move every bound to the heap
}

// semverOrdering orders the bounds of SEMVER ranges.
var semverOrdering = ordering[semverParts]{semverRangeParse, func(a, b semverParts) int { return semverCompare(&a, &b) }}

// parsed is a version parsed by its scheme's ordering.
type parsed interface {
	compare(b string) (int, error)
	evaluate(r Range) (Decision, error) // an ECOSYSTEM range
}

// parsedAs is a version parsed as T.
type parsedAs[T any] struct {
	o *ordering[T]
	v T
}

func (p *parsedAs[T]) compare(b string) (int, error) {
	w, err := p.o.parse(b)
	if err != nil {
		return 0, err
	}
	return p.o.cmp(p.v, w), nil
}

func (p *parsedAs[T]) evaluate(r Range) (Decision, error) {
	return evaluateRange(p.o, &p.v, r)
}

func parseAs[T any](o *ordering[T], s string) (parsed, error) {
	v, err := o.parse(s)
	if err != nil {
		return nil, err
	}
	return &parsedAs[T]{o: o, v: v}, nil
}

// parse parses v with the ordering of s. Each case is exactly what the
// scheme's Compare does to each side before comparing.
func parse(s Scheme, v string) (parsed, error) {
	switch s.(type) {
	case debScheme:
		return parseAs(&ordering[debVersion]{debParseVersion, func(a, b debVersion) int { return debCompareParsed(&a, &b) }}, v)
	case rpmScheme:
		return parseAs(&ordering[rpmEVR]{rpmParseEVR, func(a, b rpmEVR) int { return rpmCompareEVR(&a, &b) }}, v)
	case npmScheme:
		return parseAs(&ordering[semverParts]{func(s string) (semverParts, error) { return npmParse(s, false) }, func(a, b semverParts) int { return npmCompare(&a, &b) }}, v)
	case pep440Scheme:
		return parseAs(&ordering[pep440Version]{pep440Parse, func(a, b pep440Version) int { return pep440Cmp(&a, &b) }}, v)
	case golangScheme:
		return parseAs(&ordering[semverParts]{golangParse, func(a, b semverParts) int { return semverCompare(&a, &b) }}, v)
	case cargoScheme:
		return parseAs(&ordering[semverParts]{cargoParse, func(a, b semverParts) int { return cargoCompare(&a, &b) }}, v)
	case mavenScheme:
		return parseAs(&ordering[mavenItem]{mavenParse, func(a, b mavenItem) int { return mavenCompareItems(&a, &b) }}, v)
	case gemScheme:
		return parseAs(&ordering[[]gemSegment]{gemCanonical, gemCompareSegments}, v)
	case nugetScheme:
		return parseAs(&ordering[nugetVersion]{nugetParse, func(a, b nugetVersion) int { return nugetCompare(&a, &b) }}, v)
	case composerScheme:
		return parseAs(&ordering[string]{composerNormalize, composerCompareNormalized}, v)
	case genericScheme:
		return parseAs(&ordering[*hashiversion.Version]{parseGeneric, genericCompare}, v)
	}
	// apk compares in one pass over both strings without parsing, as does
	// a scheme from outside: validate once, compare the strings.
	return parseAs(&ordering[string]{
		parse: func(v string) (string, error) {
			_, err := s.Compare(v, v)
			return v, err
		},
		cmp: func(a, b string) int {
			c, _ := s.Compare(a, b) // both validated
			return c
		},
	}, v)
}
