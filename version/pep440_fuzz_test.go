package version

import "testing"

// pep440Seeds returns versions from the testdata vectors, for fuzz seeds.
func pep440Seeds(t testing.TB) []string {
	var seeds []string
	for _, s := range fuzzSeeds(t, "testdata/pypi/pep440-order.tsv", plain, 40, 0) {
		seeds = append(seeds, s[0], s[1])
	}
	for _, s := range fuzzSeeds(t, "testdata/pypi/compare.tsv", plain, 60, 0) {
		seeds = append(seeds, s[0], s[1])
	}
	return append(seeds, " v1.0\t", "1!2.0rc1.post2.dev3+Ubuntu-1", "1.0+\u0130", "1.0-", "18446744073709551616.1")
}

func FuzzPEP440Compare(f *testing.F) {
	seeds := pep440Seeds(f)
	for i := range seeds {
		f.Add(seeds[i], seeds[(i+1)%len(seeds)], seeds[(i+7)%len(seeds)])
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		s := pep440Scheme{}
		if !checkOrder(t, s, a, b, c) {
			return
		}
		// The normal form is a version equal to the input and a fixed point.
		n, err := pep440Normalize(a)
		if err != nil {
			t.Fatalf("normalise(%q): %v", a, err)
		}
		if r, err := s.Compare(a, n); err != nil || r != 0 {
			t.Fatalf("Compare(%q, normal form %q) = %d, %v", a, n, r, err)
		}
		if n2, _ := pep440Normalize(n); n2 != n {
			t.Fatalf("normalise(%q) = %q, not a fixed point of %q", n, n2, a)
		}
		// Specifiers agree with Compare where packaging's extra rules do
		// not apply: no local label on either side (">=" refuses one in the
		// specifier and ignores the candidate's), and no pre-release
		// candidate unless the bound is one too.
		va, _ := pep440Parse(a)
		vb, _ := pep440Parse(b)
		if va.local != nil || vb.local != nil || (va.isPre() && !vb.isPre()) {
			return
		}
		ab, _ := s.Compare(a, b)
		for _, tc := range []struct {
			op   string
			want bool
		}{{">=", ab >= 0}, {"<=", ab <= 0}, {"==", ab == 0}, {"!=", ab != 0 && !va.isPre()}} {
			got, err := s.Satisfies(a, tc.op+b)
			if err != nil || got != tc.want {
				t.Fatalf("Satisfies(%q, %q) = %v, %v; Compare = %d, want %v", a, tc.op+b, got, err, ab, tc.want)
			}
		}
	})
}

func FuzzPEP440Satisfies(f *testing.F) {
	seeds := pep440Seeds(f)
	specs := []string{">=1.0,<2", "~=1.4.5a4", "==1.0.*", "!=1.0+local", "===1.0", ">1.0.post1", "<1!2", "", " , "}
	for i := range seeds {
		f.Add(seeds[i], specs[i%len(specs)])
	}
	f.Fuzz(func(t *testing.T, v, c string) {
		_, err := pep440Scheme{}.Satisfies(v, c)
		checkTypedError(t, err, PyPI, v, c)
	})
}
