package version

import (
	hashiversion "github.com/hashicorp/go-version"
)

// genericScheme orders dotted numeric versions with optional pre-release
// and build tags, as CPE and NVD data write them (2.4.49, 1.0.2k,
// 5.0-beta2). Numbers compare numerically, missing parts are zero, a
// pre-release sorts before its release, build metadata is ignored.
// Constraints use the plain comparator syntax (">= 1.0, < 2.0 || = 3.1").
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
	return va.Compare(vb), nil
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
