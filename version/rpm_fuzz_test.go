package version

import (
	"path/filepath"
	"strings"
	"testing"
)

// rpmFuzzSeeds adds the hand-picked oracle vectors as seeds: pairs (a, b)
// with the next pair's a as the third value.
func rpmFuzzSeeds(f *testing.F, add func(a, b, c string)) {
	for _, s := range fuzzSeeds(f, filepath.Join("testdata", "rpm", "rpm-compare-oracle.tsv"), plain, 37, 1) { // a spread, not all 8515
		add(s[0], s[1], s[2])
	}
	for _, s := range fuzzSeeds(f, filepath.Join("testdata", "rpm", "rpmvercmp.tsv"), plain, 1, 0) {
		add(s[0], s[1], "1.0^git1-1")
	}
}

// rpmSameReleaseShape reports whether Satisfies and Compare agree on a and
// b: rpmverOverlap ignores releases unless both are non-empty, and
// rpmverCmp orders a missing release before an empty one.
func rpmSameReleaseShape(a, b string) bool {
	ea, _ := rpmParseEVR(a)
	eb, _ := rpmParseEVR(b)
	return ea.release != "" && eb.release != "" || !ea.hasRelease && !eb.hasRelease
}

func FuzzRPMCompare(f *testing.F) {
	rpmFuzzSeeds(f, func(a, b, c string) { f.Add(a, b, c) })
	s := rpmScheme{}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		if !checkOrder(t, s, a, b, c) {
			return
		}
		// A bound that survives the relation syntax unchanged.
		if !rpmSameReleaseShape(a, b) || strings.TrimSpace(b) != b ||
			strings.ContainsAny(b, " \t\r\n,") || strings.Contains(b, "||") ||
			strings.ContainsAny(b[:1], "<=>!") {
			return
		}
		r, _ := s.Compare(a, b)
		checkOps(t, s, a, b, r, "< ", "<= ", "= ", ">= ", "> ")
	})
}

func FuzzRPMSatisfies(f *testing.F) {
	rpmFuzzSeeds(f, func(a, b, _ string) { f.Add(a, ">= "+b) })
	f.Add("1.0-1", "< 1.0 || >= 2.0, < 3")
	f.Add("1.0-1", "=< 1.0-1,=>0")
	s := rpmScheme{}
	f.Fuzz(func(t *testing.T, v, constraint string) {
		ok1, err1 := s.Satisfies(v, constraint)
		ok2, err2 := s.Satisfies(v, constraint)
		if ok1 != ok2 || (err1 == nil) != (err2 == nil) {
			t.Fatalf("Satisfies(%q, %q) not deterministic", v, constraint)
		}
		if err1 != nil && ok1 {
			t.Fatalf("Satisfies(%q, %q) = true with error %v", v, constraint, err1)
		}
	})
}
