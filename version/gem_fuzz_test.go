package version

import "testing"

// gemSeedFromVectors adds the versions of a vector file to a fuzzer as
// (a, b, c) triples of neighbouring rows.
func gemSeedFromVectors(f *testing.F, path string) {
	vs := readVectors(f, path, plain)
	for i, v := range vs {
		f.Add(v.a, v.b, vs[(i+1)%len(vs)].a)
	}
}

func FuzzGemCompare(f *testing.F) {
	gemSeedFromVectors(f, "testdata/gem/rubygems-version.tsv")
	gemSeedFromVectors(f, "testdata/gem/compare.tsv")
	s := gemScheme{}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		if !checkOrder(t, s, a, b, c) || gemTrim(b) == "" {
			return
		}
		cmp, _ := s.Compare(a, b)
		for _, tc := range []struct {
			op   string
			want bool
		}{{">=", cmp >= 0}, {">", cmp > 0}, {"<=", cmp <= 0}, {"<", cmp < 0}, {"=", cmp == 0}, {"!=", cmp != 0}} {
			got, err := s.Satisfies(a, tc.op+" "+b)
			if err != nil || got != tc.want {
				t.Fatalf("Satisfies(%q, %q) = %v, %v; Compare = %d", a, tc.op+" "+b, got, err, cmp)
			}
		}
	})
}

func FuzzGemSatisfies(f *testing.F) {
	for _, r := range readTSV(f, "testdata/gem/satisfies.tsv", 3, escaped) {
		f.Add(r.cols[1], r.cols[0])
	}
	f.Fuzz(func(t *testing.T, v, constraint string) {
		_, _ = gemScheme{}.Satisfies(v, constraint)
	})
}
