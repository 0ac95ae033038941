package version

import "strings"

// golangScheme orders Go module versions as golang.org/x/mod/semver does.
//
// Versions: vMAJOR[.MINOR[.PATCH[-pre][+build]]], numbers without leading
// zeros and of any length, pre-release identifiers of [0-9A-Za-z-] with
// numeric ones free of leading zeros, build identifiers of [0-9A-Za-z-].
// The shorthands vMAJOR and vMAJOR.MINOR (meaning .0) are accepted only
// without pre-release or build. Pseudo-versions
// (v0.0.0-20191109021931-daa7c04131f5, v1.2.4-0.20191109021931-daa7c04131f5)
// are ordinary pre-releases and "+incompatible" ordinary build metadata,
// as in x/mod. Deviation: the leading "v" is optional, because OSV writes
// Go versions without it ("1.2.3" is "v1.2.3").
//
// Ordering: SemVer 2.0.0 precedence, build metadata ignored (so
// v2.0.0+incompatible equals v2.0.0). Deviation: x/mod's Compare treats an
// invalid version as equal to every other invalid one and lower than any
// valid one; Compare returns an *InvalidVersionError instead.
//
// Constraints: Go has no range syntax of its own; Satisfies takes the
// plain comparator syntax (">= 1.2.0, < 1.3.0 || = 2.0.0"), operators =,
// ==, !=, <, <=, >, >=, with versions as above. There is no pre-release
// exclusion: "< v1.3.0" holds for v1.3.0-rc.1.
type golangScheme struct{}

var _ Scheme = golangScheme{}

func (golangScheme) Compare(a, b string) (int, error) {
	return semverCompareBy(a, b, golangParse, semverCompare)
}

func (s golangScheme) Satisfies(v, constraint string) (bool, error) {
	return satisfiesComparators(Golang, s.Compare, v, constraint)
}

// golangParse parses a Go module version, with or without its "v".
func golangParse(s string) (semverParts, error) {
	t := strings.TrimPrefix(s, "v")
	var p semverParts
	reason := semverParse(&p, t, true)
	if reason == "" {
		reason = golangShape(t, &p)
	}
	if reason != "" {
		return p, &InvalidVersionError{Ecosystem: Golang, Version: s, Reason: reason}
	}
	return p, nil
}

// golangShape adds x/mod's rules to a version semverParse accepted
// leniently: no leading zeros, and the shorthands without suffixes.
func golangShape(t string, p *semverParts) string {
	core := t
	if i := strings.IndexAny(core, "-+"); i >= 0 {
		core = core[:i]
	}
	dots := strings.Count(core, ".")
	if dots < 2 && (p.pre != "" || p.build != "" || len(core) < len(t)) {
		return "a pre-release or build needs MAJOR.MINOR.PATCH"
	}
	for n := range strings.SplitSeq(core, ".") {
		if len(n) > 1 && n[0] == '0' {
			return "number " + n + " has a leading zero"
		}
	}
	if p.pre == "" {
		return ""
	}
	return semverIdentsValid(p.pre, "pre-release", true)
}
