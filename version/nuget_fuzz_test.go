package version

import (
	"strings"
	"testing"
)

func FuzzNuGetCompare(f *testing.F) {
	addSeeds(f, fuzzSeeds(f, "testdata/nuget/nuget-compare.tsv", plain, 1, 1))
	for _, s := range fuzzSeeds(f, "testdata/nuget/nuget-valid.tsv", plain, 1, 0) {
		f.Add(s[0], "1.0", "1.0-a")
	}
	s := nugetScheme{}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		if !checkOrder(t, s, a, b, c) {
			return
		}
		ab, _ := s.Compare(a, b)
		// A NuGet bare version is a minimum; "[b,)" too; "(,b)" is below.
		// NuGet applies no pre-release exclusion, so these hold for all.
		if !strings.ContainsAny(b, "[](),*<>=!|") {
			for _, c := range []struct {
				constraint string
				want       bool
			}{{b, ab >= 0}, {"[" + b + ",)", ab >= 0}, {"[" + b + "]", ab == 0}, {"(," + b + ")", ab < 0}} {
				got, err := s.Satisfies(a, c.constraint)
				if err != nil || got != c.want {
					t.Fatalf("Satisfies(%q, %q) = %v, %v; Compare(a, b) = %d", a, c.constraint, got, err, ab)
				}
			}
		}
		// ">= b" in the comparator syntax, where b is one plain word.
		if !strings.ContainsAny(b, " \t\n\v\f\r,<>=!|") && strings.TrimSpace(b) == b {
			got, err := s.Satisfies(a, ">= "+b)
			if err != nil || got != (ab >= 0) {
				t.Fatalf("Satisfies(%q, \">= %s\") = %v, %v; Compare = %d", a, b, got, err, ab)
			}
		}
	})
}

func FuzzNuGetSatisfies(f *testing.F) {
	for _, s := range fuzzSeeds(f, "testdata/nuget/nuget-ranges.tsv", plain, 1, 0) {
		v := s[1]
		if v == "" {
			v = "1.0.0"
		}
		f.Add(v, s[0])
	}
	f.Fuzz(func(t *testing.T, v, constraint string) {
		_, err := nugetScheme{}.Satisfies(v, constraint)
		checkTypedError(t, err, NuGet, v, constraint)
	})
}
