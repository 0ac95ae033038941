package version

import (
	"bufio"
	"errors"
	"fmt"
	"os"
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
		t.Run(f, func(t *testing.T) { checkVectors(t, mavenScheme{}, f) })
	}
}

// TestMavenClaircoreList reads claircore's "a op b" list (op is <, ==, >).
func TestMavenClaircoreList(t *testing.T) {
	const path = "testdata/maven/maven-compare.claircore.list"
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, count := 0, 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) != 3 {
			t.Fatalf("%s:%d: want a op b, got %q", path, n, line)
		}
		want, ok := map[string]int{"<": -1, "==": 0, ">": 1}[fs[1]]
		if !ok {
			t.Fatalf("%s:%d: unknown operator %q", path, n, fs[1])
		}
		count++
		for _, c := range []struct {
			a, b string
			want int
		}{{fs[0], fs[2], want}, {fs[2], fs[0], -want}} {
			got, err := mavenScheme{}.Compare(c.a, c.b)
			if err != nil || got != c.want {
				t.Errorf("%s:%d: Compare(%q, %q) = %d, %v; want %d", path, n, c.a, c.b, got, err, c.want)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d vectors", path, count)
}

// mavenRangeDeviations lists the oracle's range cases this scheme answers
// differently on purpose, with the reason.
var mavenRangeDeviations = map[string]string{
	"[]": "Maven reads [] as [0]; an empty version is rejected, so [] is an invalid constraint",
}

// TestMavenRanges checks Satisfies against maven-ranges.tsv:
// "spec<TAB>version<TAB>true|false|error[<TAB>note]".
func TestMavenRanges(t *testing.T) {
	rows := readSatisfiesRows(t, "testdata/maven/maven-ranges.tsv")
	skipped := 0
	for _, r := range rows {
		if _, ok := mavenRangeDeviations[r.constraint]; ok || !strings.HasPrefix(r.constraint, "[") && !strings.HasPrefix(r.constraint, "(") {
			// A spec not starting with a set is a soft version to Maven,
			// which everything satisfies; here it is the plain comparator
			// syntax, where a bare version means equality.
			skipped++
			continue
		}
		got, err := mavenScheme{}.Satisfies(r.version, r.constraint)
		switch {
		case r.want == "error":
			var ce *InvalidConstraintError
			if !errors.As(err, &ce) || ce.Constraint != r.constraint {
				t.Errorf("line %d: Satisfies(%q, %q) = %v, %v; want an *InvalidConstraintError", r.line, r.version, r.constraint, got, err)
			}
		case err != nil || (r.want == "true") != got:
			t.Errorf("line %d: Satisfies(%q, %q) = %v, %v; want %s", r.line, r.version, r.constraint, got, err, r.want)
		}
	}
	t.Logf("%d cases, %d skipped as deliberate deviations", len(rows), skipped)
}

// satisfiesRow is one labelled constraint case.
type satisfiesRow struct {
	constraint, version, want string
	line                      int
}

// readSatisfiesRows reads "constraint<TAB>version<TAB>want[<TAB>note]"
// lines, skipping blank lines and '#' comments.
func readSatisfiesRows(t testing.TB, path string) []satisfiesRow {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rows []satisfiesRow
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 3 {
			t.Fatalf("%s:%d: want constraint<TAB>version<TAB>want, got %q", path, i+1, line)
		}
		rows = append(rows, satisfiesRow{constraint: cols[0], version: cols[1], want: cols[2], line: i + 1})
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no cases", path)
	}
	return rows
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
