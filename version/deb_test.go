package version

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDebVectors(t *testing.T) {
	for _, f := range []string{"dpkg.tsv", "dpkg-realworld-oracle.tsv", "compare.tsv"} {
		t.Run(f, func(t *testing.T) {
			checkVectors(t, debScheme{}, filepath.Join("testdata", "deb", f))
		})
	}
}

// readColumns reads a tab-separated file with at least n columns, skipping
// blank and '#' lines. It returns the rows with their line numbers.
func readColumns(t testing.TB, path string, n int) (rows [][]string, lines []int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for ln := 1; sc.Scan(); ln++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < n {
			t.Fatalf("%s:%d: want %d columns, got %q", path, ln, n, line)
		}
		rows = append(rows, cols)
		lines = append(lines, ln)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no rows", path)
	}
	return rows, lines
}

// checkValidity checks a version<TAB>valid|invalid file: Compare(v, v)
// succeeds for valid rows and returns an *InvalidVersionError carrying the
// input for invalid ones. unescape undoes the file's escaping of v.
func checkValidity(t *testing.T, s Scheme, eco, path string, unescape func(string) string) {
	t.Helper()
	rows, lines := readColumns(t, path, 2)
	for i, r := range rows {
		v := unescape(r[0])
		_, err := s.Compare(v, v)
		switch r[1] {
		case "valid":
			if err != nil {
				t.Errorf("%s:%d: Compare(%q, itself) = %v, want no error", path, lines[i], v, err)
			}
		case "invalid":
			var ive *InvalidVersionError
			if !errors.As(err, &ive) || ive.Version != v || ive.Ecosystem != eco {
				t.Errorf("%s:%d: Compare(%q, itself) error = %v, want *InvalidVersionError for it", path, lines[i], v, err)
			}
		default:
			t.Fatalf("%s:%d: bad verdict %q", path, lines[i], r[1])
		}
	}
	t.Logf("%s: %d versions", path, len(rows))
}

// checkSatisfies checks a constraint<TAB>version<TAB>true|false file.
func checkSatisfies(t *testing.T, s Scheme, path string) {
	t.Helper()
	rows, lines := readColumns(t, path, 3)
	bad := 0
	for i, r := range rows {
		got, err := s.Satisfies(r[1], r[0])
		if err != nil || (r[2] == "true") != got {
			bad++
			if bad <= 20 {
				t.Errorf("%s:%d: Satisfies(%q, %q) = %v, %v; want %s", path, lines[i], r[1], r[0], got, err, r[2])
			}
		}
	}
	t.Logf("%s: %d cases, %d failures", path, len(rows), bad)
}

func debUnescape(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\n`, "\n", `\t`, "\t").Replace(s)
}

func TestDebValidity(t *testing.T) {
	checkValidity(t, debScheme{}, Deb, filepath.Join("testdata", "deb", "validity.tsv"), debUnescape)
}

func TestDebSatisfiesVectors(t *testing.T) {
	checkSatisfies(t, debScheme{}, filepath.Join("testdata", "deb", "satisfies.tsv"))
}

// checkInvalidVersions checks that each version is rejected by Compare
// (on either side) and Satisfies with an *InvalidVersionError carrying it.
func checkInvalidVersions(t *testing.T, s Scheme, eco string, versions []string) {
	t.Helper()
	for _, v := range versions {
		t.Run(v, func(t *testing.T) {
			for _, pair := range [][2]string{{v, "1.0"}, {"1.0", v}} {
				_, err := s.Compare(pair[0], pair[1])
				var ive *InvalidVersionError
				if !errors.As(err, &ive) {
					t.Fatalf("Compare(%q, %q) error = %v, want *InvalidVersionError", pair[0], pair[1], err)
				}
				if ive.Version != v || ive.Ecosystem != eco || ive.Reason == "" {
					t.Errorf("error = %+v, want Version %q, Ecosystem %q and a reason", ive, v, eco)
				}
			}
			if _, err := s.Satisfies(v, ">= 1.0"); err == nil {
				t.Errorf("Satisfies(%q, \">= 1.0\") error = nil, want one", v)
			}
		})
	}
}

// checkInvalidConstraints checks that Satisfies("1.0", c) returns an
// *InvalidConstraintError carrying c for each constraint.
func checkInvalidConstraints(t *testing.T, s Scheme, eco string, constraints []string) {
	t.Helper()
	for _, c := range constraints {
		t.Run(c, func(t *testing.T) {
			_, err := s.Satisfies("1.0", c)
			var ice *InvalidConstraintError
			if !errors.As(err, &ice) {
				t.Fatalf("Satisfies(\"1.0\", %q) error = %v, want *InvalidConstraintError", c, err)
			}
			if ice.Constraint != c || ice.Ecosystem != eco || ice.Reason == "" {
				t.Errorf("error = %+v, want Constraint %q, Ecosystem %q and a reason", ice, c, eco)
			}
		})
	}
}

func TestDebInvalidVersion(t *testing.T) {
	checkInvalidVersions(t, debScheme{}, Deb, []string{" ", "1.0-", "1:", ":1", "x:1", "1 0", "-1:1", "2147483648:1", "1:-1", "1.0\x00"})
}

func TestDebInvalidConstraint(t *testing.T) {
	checkInvalidConstraints(t, debScheme{}, Deb, []string{"", " ", ">=", ">= 1.0,", "| 1.0", "== 1.0", "<> 1.0", "><1.0", ">= 1.0 2.0", "(>= 1.0", ">= 1.0-", ">= x:1", ">= (1.0)"})
}

// satisfiesCase is one row of a Satisfies table test.
type satisfiesCase struct {
	v, constraint string
	want          bool
}

func checkSatisfiesTable(t *testing.T, s Scheme, cases []satisfiesCase) {
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

func TestDebSatisfies(t *testing.T) {
	checkSatisfiesTable(t, debScheme{}, []satisfiesCase{
		{"1.2-1", "<< 1.2-1", false},
		{"1.2-0", "<<1.2-1", true},
		{"1.2", "<= 1.2", true},
		{"1.2", "= 1.2", true},
		{"1.2", "1.2", true},
		{"1.2", "(= 1.2)", true},
		{"1.2", "( >=1.2 )", true},
		{"2.0", ">= 2.0", true},
		{"2.0", ">> 2.0", false},
		{"2.0", "< 2.0", true}, // obsolete < is <=
		{"2.0", "> 2.0", true}, // obsolete > is >=
		{"1.5", ">= 1.0, << 2.0", true},
		{"2.5", ">= 1.0, << 2.0", false},
		{"2.5", ">= 1.0, << 2.0 | >= 2.5", true},
		{"0.5", "<< 1.0 | >= 3.0", true},
		{"1:0.5", ">> 2.0", true},
		{"1.0~rc1", ">= 1.0", false},
		{"", "<< 0", true}, // dpkg's "no version" is below all
	})
}
