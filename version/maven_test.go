package version

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// mavenDiff returns "" if want and got are deeply equal, and otherwise a
// cmp.Diff-style "(-want +got)" body. (go-cmp is not in go.mod.)
func mavenDiff(want, got any) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	return fmt.Sprintf("-\t%#v\n+\t%#v\n", want, got)
}

func TestMavenVectors(t *testing.T) {
	for _, f := range []string{
		"testdata/maven/maven-ComparableVersionTest-3.8.7.tsv",
		"testdata/maven/maven-realworld-oracle.tsv",
		"testdata/maven/maven-hard-0.tsv",
		"testdata/maven/maven-hard-1.tsv",
	} {
		t.Run(f, func(t *testing.T) { checkVectors(t, mavenScheme{}, f, plain) })
	}
}

// TestMavenClaircoreList reads claircore's "a op b" list (op is <, ==, >).
func TestMavenClaircoreList(t *testing.T) {
	const path = "testdata/maven/maven-compare.claircore.list"
	checkVectorList(t, mavenScheme{}, path, readOpVectors(t, path))
}

// mavenRangeDeviations lists the oracle's range cases this scheme answers
// differently on purpose, with the reason.
var mavenRangeDeviations = map[string]string{
	"[]": "Maven reads [] as [0]; an empty version is rejected, so [] is an invalid constraint",
}

// TestMavenRanges checks Satisfies against maven-ranges.tsv:
// "spec<TAB>version<TAB>true|false|error[<TAB>note]".
func TestMavenRanges(t *testing.T) {
	const path = "testdata/maven/maven-ranges.tsv"
	rows := readTSV(t, path, 3, plain)
	var checked []row
	for _, r := range rows {
		c := r.cols[0]
		if _, ok := mavenRangeDeviations[c]; ok || !strings.HasPrefix(c, "[") && !strings.HasPrefix(c, "(") {
			// A spec not starting with a set is a soft version to Maven,
			// which everything satisfies; here it is the plain comparator
			// syntax, where a bare version means equality.
			continue
		}
		checked = append(checked, r)
	}
	checkSatisfiesRows(t, mavenScheme{}, path, checked)
	t.Logf("%d cases, %d skipped as deliberate deviations", len(rows), len(rows)-len(checked))
}

func TestMavenSatisfies(t *testing.T) {
	mavenCheckSatisfies(t, mavenScheme{}, []mavenSatisfiesCase{
		{"1.0", "1.0", true}, // a bare version is exact equality here
		{"1.0.0", "1.0", true},
		{"1.1", "1.0", false},
		{"1.5", ">= 1.0, < 2.0", true},
		{"2.0", ">= 1.0, < 2.0", false},
		{"2.0-SNAPSHOT", ">= 1.0, < 2.0", true},
		{"3.1", "< 1.0 || >= 3", true},
		{"1.0", "  [1.0,2.0)  ", true},
		{"1.0-SNAPSHOT", "[1.0,2.0)", false},
		{"1.2.3", "(,1.0],[1.2,)", true},
		{"1.1", "(,1.0],[1.2,)", false},
	})
}

func TestMavenErrors(t *testing.T) {
	t.Run("empty version", func(t *testing.T) {
		_, err := mavenScheme{}.Compare("", "1.0")
		want := &InvalidVersionError{Ecosystem: Maven, Version: "", Reason: "empty"}
		if diff := mavenDiff(want, err); diff != "" {
			t.Errorf("Compare(\"\", \"1.0\") error (-want +got):\n%s", diff)
		}
		_, err = mavenScheme{}.Satisfies("", "[1.0,)")
		if diff := mavenDiff(error(want), err); diff != "" {
			t.Errorf("Satisfies(\"\", \"[1.0,)\") error (-want +got):\n%s", diff)
		}
	})
	mavenCheckConstraintErrors(t, mavenScheme{}, Maven, []mavenConstraintErrorCase{
		{"[1.0", "unbounded range"},
		{"(1.0)", "single version must be surrounded by []"},
		{"[2.0,1.0]", "range defies version ordering"},
		{"(1.0,1.0]", "range defies version ordering"},
		{"[1.0,2.0),[1.5,3.0)", "ranges overlap"},
		{"[1.0,2.0),1.5", "only fully-qualified sets allowed in multiple set scenario"},
		{"[]", "empty version in []"},
		{"", "empty"},
		{">=", "operator >= has no version"},
	})
}

// TestMavenNotTransitive pins a cycle that maven-artifact 3.8.7's
// ComparableVersion itself produces (checked with Gen.java, and in
// maven-hard-*.tsv): its ordering is not transitive on such inputs, and
// this scheme, which must agree with Maven, is not either.
func TestMavenNotTransitive(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"C0A0A.C0C0C0", "0A1", -1},
		{"0A1", "00", -1},
		{"C0A0A.C0C0C0", "00", 1},
	} {
		if got, err := (mavenScheme{}).Compare(c.a, c.b); err != nil || got != c.want {
			t.Errorf("Compare(%q, %q) = %d, %v; want %d", c.a, c.b, got, err, c.want)
		}
	}
}

// mavenSatisfiesCase is one Satisfies table row.
type mavenSatisfiesCase struct {
	v, constraint string
	want          bool
}

// mavenCheckSatisfies runs a Satisfies table against s.
func mavenCheckSatisfies(t *testing.T, s Scheme, cases []mavenSatisfiesCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.v+" "+c.constraint, func(t *testing.T) {
			got, err := s.Satisfies(c.v, c.constraint)
			if err != nil || got != c.want {
				t.Errorf("Satisfies(%q, %q) = %v, %v; want %v", c.v, c.constraint, got, err, c.want)
			}
		})
	}
}

// mavenConstraintErrorCase is a constraint and the Reason of its error.
type mavenConstraintErrorCase struct{ constraint, reason string }

// mavenCheckConstraintErrors checks that each constraint gives an
// *InvalidConstraintError with the input and the reason.
func mavenCheckConstraintErrors(t *testing.T, s Scheme, eco string, cases []mavenConstraintErrorCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.constraint, func(t *testing.T) {
			_, err := s.Satisfies("1.0", c.constraint)
			want := &InvalidConstraintError{Ecosystem: eco, Constraint: c.constraint, Reason: c.reason}
			if diff := mavenDiff(error(want), err); diff != "" {
				t.Errorf("Satisfies(\"1.0\", %q) error (-want +got):\n%s", c.constraint, diff)
			}
		})
	}
}
