package version

import (
	"strings"
	"testing"
)

func FuzzComposerCompare(f *testing.F) {
	addSeeds(f, fuzzSeeds(f, "testdata/composer/compare.tsv", escaped, 1, 7))
	s := composerScheme{}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		if n, ok := composerNormalizePlain(a); ok {
			if slow, err := composerNormalizeRegexp(a, a); err != nil || slow != n {
				t.Fatalf("normalize(%q): fast path %q, regexp path %q, %v", a, n, slow, err)
			}
		}
		if !checkOrder(t, s, a, b, c) || b == "" || strings.Trim(b, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_+*:") != "" {
			return
		}
		// With a plain b, "OP b" is one basic term whose bound is b's
		// normal form, as Compare's; only < and >= lower it to -dev, and
		// only == and != compare dev- branches.
		cmp, _ := s.Compare(a, b)
		na, _ := composerNormalize(a)
		nb, _ := composerNormalize(b)
		branch := strings.HasPrefix(na, "dev-") || strings.HasPrefix(nb, "dev-")
		for _, tc := range []struct {
			op   string
			want bool
		}{{"==", cmp == 0}, {"!=", cmp != 0}, {">", cmp > 0 && !branch}, {"<=", cmp <= 0 && !branch}} {
			got, err := s.Satisfies(a, tc.op+b)
			if err != nil || got != tc.want {
				t.Fatalf("Satisfies(%q, %q) = %v, %v; Compare = %d", a, tc.op+b, got, err, cmp)
			}
		}
	})
}

func FuzzComposerSatisfies(f *testing.F) {
	for _, s := range fuzzSeeds(f, "testdata/composer/satisfies.tsv", escaped, 1, 0) {
		f.Add(s[1], s[0])
	}
	f.Fuzz(func(t *testing.T, v, constraint string) {
		_, _ = composerScheme{}.Satisfies(v, constraint)
	})
}
