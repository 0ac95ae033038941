package version

import "testing"

func FuzzCargoCompare(f *testing.F) {
	semverSeedPairs(f, "testdata/cargo/compare.tsv")
	semverSeedPairs(f, "testdata/cargo/valid.tsv")
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
		semverCheckOps(t, s, a, b, cmp, ">=", "<", "=", ">", "<=")
	})
}

func FuzzCargoSatisfies(f *testing.F) {
	for i, r := range readTSV(f, "testdata/cargo/satisfies.tsv", 2, escaped) {
		if i%5 == 0 {
			f.Add(r.cols[1], r.cols[0])
		}
	}
	f.Fuzz(func(t *testing.T, v, constraint string) {
		cargoScheme{}.Satisfies(v, constraint)
	})
}
