package version

import "testing"

func FuzzCargoCompare(f *testing.F) {
	addSeeds(f, fuzzSeeds(f, "testdata/cargo/compare.tsv", escaped, 1, -1))
	addSeeds(f, fuzzSeeds(f, "testdata/cargo/valid.tsv", escaped, 1, -1))
	f.Fuzz(func(t *testing.T, a, b, c string) {
		s := cargoScheme{}
		if !checkOrder(t, s, a, b, c) {
			return
		}
		pa, _ := cargoParse(a)
		pb, _ := cargoParse(b)
		if pa.pre != "" || pa.build != "" || pb.build != "" {
			return // pre-release rule; requirements ignore build metadata
		}
		cmp, _ := s.Compare(a, b)
		checkOps(t, s, a, b, cmp, ">=", "<", "=", ">", "<=")
	})
}

func FuzzCargoSatisfies(f *testing.F) {
	for _, s := range fuzzSeeds(f, "testdata/cargo/satisfies.tsv", escaped, 5, 0) {
		f.Add(s[1], s[0])
	}
	f.Fuzz(func(t *testing.T, v, constraint string) {
		cargoScheme{}.Satisfies(v, constraint)
	})
}
