package version

import (
	"regexp"
	"testing"
)

// npmFullRe is node-semver's FULL expression, which the hand-written
// strict parser must agree with.
var npmFullRe = regexp.MustCompile(`^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:\d*[a-zA-Z-][a-zA-Z0-9-]*|0|[1-9]\d*)(?:\.(?:\d*[a-zA-Z-][a-zA-Z0-9-]*|0|[1-9]\d*))*))?(?:\+([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*))?$`)

func FuzzNPMCompare(f *testing.F) {
	addSeeds(f, fuzzSeeds(f, "testdata/npm/compare.tsv", escaped, 1, -1))
	addSeeds(f, fuzzSeeds(f, "testdata/npm/valid.tsv", escaped, 1, -1))
	f.Fuzz(func(t *testing.T, a, b, c string) {
		s := npmScheme{}
		_, err := s.Compare(a, a)
		m := npmFullRe.FindStringSubmatch(npmTrim(a))
		regexValid := npmLen(a) <= npmMaxLength && m != nil && !npmAboveSafe(m[1]) && !npmAboveSafe(m[2]) && !npmAboveSafe(m[3])
		if (err == nil) != regexValid {
			t.Fatalf("%q: parser says valid=%v (%v), node-semver's FULL says %v", a, err == nil, err, regexValid)
		}
		if !checkOrder(t, s, a, b, c) {
			return
		}
		pa, _ := npmParse(a, false)
		if pa.pre != "" || npmTrim(b) != b {
			return // pre-release exclusion; or white space a range would rewrite
		}
		cmp, _ := s.Compare(a, b)
		checkOps(t, s, a, b, cmp, ">=", "<", "")
	})
}

func FuzzNPMSatisfies(f *testing.F) {
	for _, s := range fuzzSeeds(f, "testdata/npm/satisfies.tsv", escaped, 7, 0) {
		f.Add(s[1], s[0])
	}
	f.Fuzz(func(t *testing.T, v, constraint string) {
		for _, o := range []npmOptions{{}, {loose: true}, {includePrerelease: true}} {
			npmSatisfies(v, constraint, o)
		}
	})
}
