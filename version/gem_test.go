package version

import (
	"bufio"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

// The gemCheck... and gemRead... helpers serve composer_test.go too.

// gemReadOracleRows reads a tab-separated oracle file whose first columns are
// escaped like Go (and Ruby/PHP) string literals without the quotes
// ("\t", "\u00a0"...). Blank lines and lines starting with '#' are skipped.
// Each row has at least n columns; the line number is appended.
func gemReadOracleRows(t testing.TB, path string, n int) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) < n {
			t.Fatalf("%s:%d: want %d columns, got %q", path, line, n, text)
		}
		cols = cols[:n]
		for i, c := range cols {
			u, err := strconv.Unquote(`"` + strings.ReplaceAll(c, `"`, `\"`) + `"`)
			if err != nil {
				t.Fatalf("%s:%d: column %d %q: %v", path, line, i+1, c, err)
			}
			cols[i] = u
		}
		rows = append(rows, append(cols, strconv.Itoa(line)))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no rows", path)
	}
	return rows
}

// gemCheckCompareRows checks escaped "a<TAB>b<TAB>-1|0|1" rows in both
// orientations.
func gemCheckCompareRows(t *testing.T, s Scheme, path string) {
	t.Helper()
	rows := gemReadOracleRows(t, path, 3)
	bad := 0
	for _, r := range rows {
		want, err := strconv.Atoi(r[2])
		if err != nil {
			t.Fatalf("%s:%s: bad expected value %q", path, r[3], r[2])
		}
		for _, c := range [][2]string{{r[0], r[1]}, {r[1], r[0]}} {
			got, err := s.Compare(c[0], c[1])
			if err != nil || got != want {
				bad++
				if bad <= 20 {
					t.Errorf("%s:%s: Compare(%q, %q) = %d, %v; want %d", path, r[3], c[0], c[1], got, err, want)
				}
			}
			want = -want
		}
	}
	if bad > 20 {
		t.Errorf("%s: %d failures in all (first 20 shown)", path, bad)
	}
	t.Logf("%s: %d vectors", path, len(rows))
}

// gemCheckSatisfiesRows checks "constraint<TAB>version<TAB>true|false|error"
// rows, where error means an *InvalidConstraintError.
func gemCheckSatisfiesRows(t *testing.T, s Scheme, path string) {
	t.Helper()
	rows := gemReadOracleRows(t, path, 3)
	bad := 0
	for _, r := range rows {
		c, v, want, line := r[0], r[1], r[2], r[3]
		got, err := s.Satisfies(v, c)
		var gotS string
		var ce *InvalidConstraintError
		switch {
		case errors.As(err, &ce):
			gotS = "error"
		case err != nil:
			gotS = "error: " + err.Error()
		default:
			gotS = strconv.FormatBool(got)
		}
		if gotS != want {
			bad++
			if bad <= 20 {
				t.Errorf("%s:%s: Satisfies(%q, %q) = %s, want %s", path, line, v, c, gotS, want)
			}
		}
	}
	if bad > 20 {
		t.Errorf("%s: %d failures in all (first 20 shown)", path, bad)
	}
	t.Logf("%s: %d cases", path, len(rows))
}

// gemCheckValidRows checks "version<TAB>valid|invalid" rows.
func gemCheckValidRows(t *testing.T, s Scheme, path string) {
	t.Helper()
	rows := gemReadOracleRows(t, path, 2)
	for _, r := range rows {
		_, err := s.Compare(r[0], r[0])
		var ve *InvalidVersionError
		got := "valid"
		if errors.As(err, &ve) {
			got = "invalid"
			if ve.Version != r[0] {
				t.Errorf("%s:%s: error carries %q, want the input %q", path, r[2], ve.Version, r[0])
			}
		} else if err != nil {
			t.Errorf("%s:%s: Compare(%q): untyped error %v", path, r[2], r[0], err)
		}
		if got != r[1] {
			t.Errorf("%s:%s: %q is %s, want %s (%v)", path, r[2], r[0], got, r[1], err)
		}
	}
	t.Logf("%s: %d versions", path, len(rows))
}

func TestGemVectors(t *testing.T) {
	s := gemScheme{}
	for _, f := range []string{"rubygems-version.tsv", "compare.tsv"} {
		t.Run(f, func(t *testing.T) { checkVectors(t, s, "testdata/gem/"+f) })
	}
	t.Run("random-compare.tsv", func(t *testing.T) { gemCheckCompareRows(t, s, "testdata/gem/random-compare.tsv") })
	for _, f := range []string{"satisfies.tsv", "random-satisfies.tsv"} {
		t.Run(f, func(t *testing.T) { gemCheckSatisfiesRows(t, s, "testdata/gem/"+f) })
	}
	for _, f := range []string{"invalid.tsv", "random-valid.tsv"} {
		t.Run(f, func(t *testing.T) { gemCheckValidRows(t, s, "testdata/gem/"+f) })
	}
}

// gemErrorCase is one Satisfies call that must fail: with an
// *InvalidVersionError carrying v if wantVersion, else with an
// *InvalidConstraintError carrying constraint.
type gemErrorCase struct {
	name, v, constraint string
	wantVersion         bool
}

func gemCheckSatisfiesErrors(t *testing.T, s Scheme, eco string, tests []gemErrorCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Satisfies(tc.v, tc.constraint)
			if tc.wantVersion {
				var ve *InvalidVersionError
				if !errors.As(err, &ve) || ve.Version != tc.v || ve.Ecosystem != eco {
					t.Fatalf("Satisfies(%q, %q) error = %v, want *InvalidVersionError for %q", tc.v, tc.constraint, err, tc.v)
				}
				return
			}
			var ce *InvalidConstraintError
			if !errors.As(err, &ce) || ce.Constraint != tc.constraint || ce.Ecosystem != eco {
				t.Fatalf("Satisfies(%q, %q) error = %v, want *InvalidConstraintError for %q", tc.v, tc.constraint, err, tc.constraint)
			}
		})
	}
}

func TestGemErrors(t *testing.T) {
	gemCheckSatisfiesErrors(t, gemScheme{}, Gem, []gemErrorCase{
		{"space inside", "1.0 beta", ">= 1", true},
		{"leading v", "v1.0", ">= 1", true},
		{"build metadata", "1.0+b", ">= 1", true},
		{"trailing dash", "1.0-", ">= 1", true},
		{"empty constraint", "1.0", "", false},
		{"no version", "1.0", ">=", false},
		{"caret", "1.0", "^1.0", false},
		{"two terms without comma", "1.0", "> 1 < 2", false},
		{"empty list element", "1.0", ">= 1,", false},
		{"bad version in constraint", "1.0", "~> 1..0", false},
	})
}
