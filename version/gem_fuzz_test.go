package version

import "testing"

func FuzzGemCompare(f *testing.F) {
	addSeeds(f, fuzzSeeds(f, "testdata/gem/rubygems-version.tsv", plain, 1, 1))
	addSeeds(f, fuzzSeeds(f, "testdata/gem/compare.tsv", plain, 1, 1))
	s := gemScheme{}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		if !checkOrder(t, s, a, b, c) || gemTrim(b) == "" {
			return
		}
		cmp, _ := s.Compare(a, b)
		checkOps(t, s, a, b, cmp, ">= ", "> ", "<= ", "< ", "= ", "!= ")
	})
}

func FuzzGemSatisfies(f *testing.F) {
	for _, s := range fuzzSeeds(f, "testdata/gem/satisfies.tsv", escaped, 1, 0) {
		f.Add(s[1], s[0])
	}
	f.Fuzz(func(t *testing.T, v, constraint string) {
		_, _ = gemScheme{}.Satisfies(v, constraint)
	})
}
