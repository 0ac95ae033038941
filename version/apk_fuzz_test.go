package version

import (
	"path/filepath"
	"testing"
)

func FuzzAPKCompare(f *testing.F) {
	for _, name := range []string{"apk-tools-version.tsv", "compare.tsv"} {
		for _, s := range fuzzSeeds(f, filepath.Join("testdata", "apk", name), plain, 7, 0) {
			f.Add(s[0], s[1], s[0]+"1")
		}
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		s := apkScheme{}
		_ = apkCompareRaw(a, b, false) // never panics, valid or not
		_ = apkCompareRaw(a, b, true)
		if !checkOrder(t, s, a, b, c) {
			return
		}
		r, _ := s.Compare(a, b)
		if a == "" || b == "" {
			return
		}
		for _, tc := range []struct {
			op   string
			want bool
		}{{"<", r < 0}, {"<=", r <= 0}, {"=", r == 0}, {">=", r >= 0}, {">", r > 0}} {
			got, err := s.Satisfies(a, tc.op+b)
			if err != nil {
				continue // b may start with characters the operator syntax reads
			}
			if got != tc.want {
				t.Fatalf("Satisfies(%q, %q) = %v, but Compare = %d", a, tc.op+b, got, r)
			}
		}
	})
}

func FuzzAPKSatisfies(f *testing.F) {
	for _, s := range [][2]string{{"1.2.3-r0", "~1.2"}, {"1.0_rc1", ">=1.0_alpha <1.0"}, {"1.0", "><1.0"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, v, c string) {
		_, _ = apkScheme{}.Satisfies(v, c)
	})
}
