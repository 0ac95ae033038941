package version

import "testing"

func FuzzGolangCompare(f *testing.F) {
	addSeeds(f, fuzzSeeds(f, "testdata/golang/compare.tsv", escaped, 1, -1))
	addSeeds(f, fuzzSeeds(f, "testdata/golang/go-semver.tsv", escaped, 1, -1))
	f.Fuzz(func(t *testing.T, a, b, c string) {
		s := golangScheme{}
		if !checkOrder(t, s, a, b, c) {
			return
		}
		cmp, _ := s.Compare(a, b)
		checkOps(t, s, a, b, cmp, ">= ", "< ", "= ", "!=")
	})
}

func FuzzGolangSatisfies(f *testing.F) {
	f.Add("v1.2.3", ">= v1.2.0, < v1.3.0 || = 2.0.0")
	f.Add("1.2.3-pre", "!= v1.2.3-pre")
	f.Fuzz(func(t *testing.T, v, constraint string) {
		golangScheme{}.Satisfies(v, constraint)
	})
}
