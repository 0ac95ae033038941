package version

import (
	"path/filepath"
	"strings"
	"testing"
)

func FuzzDebCompare(f *testing.F) {
	for _, name := range []string{"dpkg.tsv", "compare.tsv"} {
		for _, s := range fuzzSeeds(f, filepath.Join("testdata", "deb", name), plain, 7, 0) {
			f.Add(s[0], s[1], s[0]+"1")
		}
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		s := debScheme{}
		if !checkOrder(t, s, a, b, c) {
			return
		}
		r, _ := s.Compare(a, b)
		if a == "" || a == "<unknown>" || b == "" || b == "<unknown>" || strings.ContainsAny(b, ",|()<=> \t\n\v\f\r") {
			return // no relation can spell these: blank, separators, operators
		}
		for _, tc := range []struct {
			op   string
			want bool
		}{{"<<", r < 0}, {"<=", r <= 0}, {"=", r == 0}, {">=", r >= 0}, {">>", r > 0}, {"<", r <= 0}, {">", r >= 0}} {
			got, err := s.Satisfies(a, tc.op+" "+b)
			if err != nil || got != tc.want {
				t.Fatalf("Satisfies(%q, %q) = %v, but Compare = %d", a, tc.op+" "+b, got, r)
			}
		}
	})
}

func FuzzDebSatisfies(f *testing.F) {
	for _, s := range [][2]string{{"1.0", ">= 1.0, << 2.0 | = 3"}, {"1:2~rc1-1", "(>> 1:2~rc1)"}, {"", "<< 1"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, v, c string) {
		_, _ = debScheme{}.Satisfies(v, c)
	})
}
