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
		if !checkPair(t, s, a, b) || !checkPair(t, s, b, c) {
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
