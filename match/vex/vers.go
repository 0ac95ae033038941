package vex

import (
	"slices"
	"strings"

	"github.com/loadline/loadline/version"
)

// versIncludes reports whether a vers range ("vers:semver/>=2.2.0|<=2.4.0",
// the Package URL project's version range specifier, which CycloneDX
// affects use) includes v, evaluated as the vers specification says:
// an equality or inequality constraint decides at once, then the range
// constraints, sorted, are read as intervals. Versions compare in the
// ordering of the range's scheme when loadline knows it (the Package URL
// types of package version), else of purlType, else as generic dotted
// numbers ("semver" among them, which real ranges stretch to four
// fields). A range that does not parse, or a version that does not
// compare, includes nothing.
func versIncludes(r, purlType, v string) bool {
	rest, ok := strings.CutPrefix(strings.TrimSpace(r), "vers:")
	if !ok {
		return false
	}
	scheme, cons, ok := strings.Cut(rest, "/")
	if !ok {
		return false
	}
	s, err := version.Lookup(scheme)
	if err != nil {
		if s, err = version.Lookup(purlType); err != nil || scheme == "semver" {
			s, _ = version.Lookup(version.Generic)
		}
	}
	cons = strings.TrimSpace(cons)
	if cons == "*" {
		return true
	}
	type constraint struct{ op, v string }
	var list []constraint
	for _, c := range strings.Split(cons, "|") {
		c = strings.TrimSpace(c)
		op := "="
		for _, o := range []string{">=", "<=", "!=", "<", ">", "="} {
			if rest, ok := strings.CutPrefix(c, o); ok {
				op, c = o, strings.TrimSpace(rest)
				break
			}
		}
		if c == "" {
			return false
		}
		list = append(list, constraint{op, c})
	}
	cmpTo := func(x string) (int, bool) {
		n, err := s.Compare(v, x)
		return n, err == nil
	}
	var ranges []constraint
	for _, c := range list {
		n, ok := cmpTo(c.v)
		if !ok {
			return false
		}
		switch c.op {
		case "=":
			if n == 0 {
				return true
			}
		case "!=":
			if n == 0 {
				return false
			}
		default:
			ranges = append(ranges, c)
		}
	}
	slices.SortStableFunc(ranges, func(a, b constraint) int {
		n, _ := s.Compare(a.v, b.v)
		return n
	})
	holds := func(c constraint) bool {
		n, _ := cmpTo(c.v)
		switch c.op {
		case "<":
			return n < 0
		case "<=":
			return n <= 0
		case ">":
			return n > 0
		}
		return n >= 0
	}
	lower := func(op string) bool { return op == ">" || op == ">=" }
	for i, c := range ranges {
		switch {
		case i == 0 && !lower(c.op) && holds(c):
			return true // below the first upper bound
		case i == len(ranges)-1 && lower(c.op) && holds(c):
			return true // above the last lower bound
		case lower(c.op) && i+1 < len(ranges) && !lower(ranges[i+1].op) && holds(c) && holds(ranges[i+1]):
			return true // inside a lower..upper interval
		}
	}
	return false
}
