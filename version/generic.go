package version

import (
	"cmp"
	"strings"

	hashiversion "github.com/hashicorp/go-version"
)

// genericScheme orders dotted numeric versions with optional pre-release
// and build tags, as CPE and NVD data write them (2.4.49, 1.0.2k,
// 5.0-beta2). Numbers compare numerically, missing parts are zero, a
// pre-release sorts before its release, build metadata is ignored.
// Pre-release tags compare as SemVer identifiers, dot by dot: numeric ones
// numerically and below alphanumeric ones, which compare as strings, and a
// shorter list of equal identifiers first. Constraints use the plain
// comparator syntax (">= 1.0, < 2.0 || = 3.1").
//
// hashicorp/go-version parses; the ordering is ours, because its Compare
// is not transitive when segment counts and pre-releases mix ("0A" >=
// "0.0.0.0" >= "0" yet "0A" < "0", found by FuzzGenericCompare).
type genericScheme struct{}

func (genericScheme) Compare(a, b string) (int, error) {
	va, err := parseGeneric(a)
	if err != nil {
		return 0, err
	}
	vb, err := parseGeneric(b)
	if err != nil {
		return 0, err
	}
	return genericCompare(va, vb), nil
}

func genericCompare(a, b *hashiversion.Version) int {
	sa, sb := a.Segments64(), b.Segments64()
	for i := range max(len(sa), len(sb)) {
		var x, y int64
		if i < len(sa) {
			x = sa[i]
		}
		if i < len(sb) {
			y = sb[i]
		}
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
	}
	pa, pb := a.Prerelease(), b.Prerelease()
	switch {
	case pa == pb:
		return 0
	case pa == "":
		return 1
	case pb == "":
		return -1
	}
	ia, ib := strings.Split(pa, "."), strings.Split(pb, ".")
	for i := range min(len(ia), len(ib)) {
		if c := comparePrereleaseIdent(ia[i], ib[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(ia), len(ib))
}

// comparePrereleaseIdent orders two pre-release identifiers as SemVer
// does: numeric ones numerically (of any length) and before alphanumeric
// ones, which compare in ASCII order.
func comparePrereleaseIdent(a, b string) int {
	na, nb := isDigits(a), isDigits(b)
	switch {
	case na && nb:
		a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		if c := cmp.Compare(len(a), len(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	case na:
		return -1
	case nb:
		return 1
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func (s genericScheme) Satisfies(v, constraint string) (bool, error) {
	return satisfiesComparators(Generic, s.Compare, v, constraint)
}

func parseGeneric(s string) (*hashiversion.Version, error) {
	v, err := hashiversion.NewVersion(s)
	if err != nil {
		return nil, &InvalidVersionError{Ecosystem: Generic, Version: s, Reason: "not a dotted numeric version with optional pre-release and build tags"}
	}
	return v, nil
}
