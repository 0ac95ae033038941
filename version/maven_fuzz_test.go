package version

import (
	"strings"
	"testing"
)

func FuzzMavenCompare(f *testing.F) {
	for _, p := range []string{"testdata/maven/maven-ComparableVersionTest-3.8.7.tsv", "testdata/maven/maven-hard-0.tsv"} {
		addSeeds(f, fuzzSeeds(f, p, plain, 7, 1)) // a sample keeps the corpus small
	}
	s := mavenScheme{}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		// Not checkOrder: ComparableVersion itself is not transitive
		// (see TestMavenNotTransitive), and this scheme follows it.
		if !mavenCheckOrder(t, a, b) || !mavenCheckOrder(t, b, c) {
			return
		}
		ab, _ := s.Compare(a, b)
		// ">= b" in the comparator syntax, where b is one plain word.
		if !strings.ContainsAny(b, " \t,<>=!|") {
			got, err := s.Satisfies(a, ">= "+b)
			if err != nil || got != (ab >= 0) {
				t.Fatalf("Satisfies(%q, \">= %s\") = %v, %v; Compare = %d", a, b, got, err, ab)
			}
		}
		// "[b,)" and "[b]" as Maven ranges, where b is one bound.
		if !strings.ContainsAny(b, "[](),") && mavenTrim(b) == b {
			got, err := s.Satisfies(a, "["+b+",)")
			if err != nil || got != (ab >= 0) {
				t.Fatalf("Satisfies(%q, \"[%s,)\") = %v, %v; Compare = %d", a, b, got, err, ab)
			}
			got, err = s.Satisfies(a, "["+b+"]")
			if err != nil || got != (ab == 0) {
				t.Fatalf("Satisfies(%q, \"[%s]\") = %v, %v; Compare = %d", a, b, got, err, ab)
			}
			got, err = s.Satisfies(a, "(,"+b+")")
			if err != nil || got != (ab < 0) {
				t.Fatalf("Satisfies(%q, \"(,%s)\") = %v, %v; Compare = %d", a, b, got, err, ab)
			}
		}
	})
}

// mavenCheckOrder checks that Compare is reflexive and antisymmetric on a
// and b, and reports whether both are valid.
func mavenCheckOrder(t *testing.T, a, b string) bool {
	t.Helper()
	s := mavenScheme{}
	for _, x := range []string{a, b} {
		if r, err := s.Compare(x, x); err != nil {
			return false
		} else if r != 0 {
			t.Fatalf("Compare(%q, %q) = %d, want 0", x, x, r)
		}
	}
	ab, _ := s.Compare(a, b)
	ba, _ := s.Compare(b, a)
	if ab != -ba || ab < -1 || ab > 1 {
		t.Fatalf("Compare(%q, %q) = %d but Compare(%q, %q) = %d", a, b, ab, b, a, ba)
	}
	return true
}

func FuzzMavenSatisfies(f *testing.F) {
	for _, s := range fuzzSeeds(f, "testdata/maven/maven-ranges.tsv", plain, 1, 0) {
		f.Add(s[1], s[0])
	}
	f.Add("1.0", ">= 1.0, < 2.0 || = 3")
	f.Fuzz(func(t *testing.T, v, constraint string) {
		_, err := mavenScheme{}.Satisfies(v, constraint)
		checkTypedError(t, err, Maven, v, constraint)
	})
}
