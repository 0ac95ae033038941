package version

import (
	"bufio"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

// semverRow is one row of a tab-separated vector file, with its line
// number.
type semverRow struct {
	cols []string
	line int
}

// semverReadTSV reads a tab-separated file of at least minCols columns,
// skipping blank lines and '#' comments, and turns the escapes \t, \n and
// \\ in each column back into characters.
func semverReadTSV(t testing.TB, path string, minCols int) []semverRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []semverRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	unescape := strings.NewReplacer(`\t`, "\t", `\n`, "\n", `\\`, `\`)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < minCols {
			t.Fatalf("%s:%d: want %d columns, got %q", path, n, minCols, line)
		}
		for i := range cols {
			cols[i] = unescape.Replace(cols[i])
		}
		rows = append(rows, semverRow{cols: cols, line: n})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no rows", path)
	}
	return rows
}

// semverCheckCompare checks a compare file (a, b, -1|0|1) in both
// orientations, unescaping its columns.
func semverCheckCompare(t *testing.T, s Scheme, path string) {
	t.Helper()
	bad := 0
	rows := semverReadTSV(t, path, 3)
	for _, r := range rows {
		want, err := strconv.Atoi(r.cols[2])
		if err != nil {
			t.Fatalf("%s:%d: %v", path, r.line, err)
		}
		for _, c := range [2][3]string{{r.cols[0], r.cols[1]}, {r.cols[1], r.cols[0]}} {
			got, err := s.Compare(c[0], c[1])
			if err != nil || got != want {
				if bad++; bad <= 20 {
					t.Errorf("%s:%d: Compare(%q, %q) = %d, %v; want %d", path, r.line, c[0], c[1], got, err, want)
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

// semverCheckSatisfies checks a satisfies file (constraint, version,
// true|false|invalid-constraint|invalid-version).
func semverCheckSatisfies(t *testing.T, s Scheme, path string) {
	t.Helper()
	bad := 0
	rows := semverReadTSV(t, path, 3)
	for _, r := range rows {
		c, v, want := r.cols[0], r.cols[1], r.cols[2]
		got, err := s.Satisfies(v, c)
		var ce *InvalidConstraintError
		var ve *InvalidVersionError
		res := strconv.FormatBool(got)
		switch {
		case errors.As(err, &ce) && ce.Constraint == c:
			res = "invalid-constraint"
		case errors.As(err, &ve) && ve.Version == v:
			res = "invalid-version"
		case err != nil:
			res = "error " + err.Error()
		}
		if res != want {
			if bad++; bad <= 20 {
				t.Errorf("%s:%d: Satisfies(%q, %q) = %s (%v); want %s", path, r.line, v, c, res, err, want)
			}
		}
	}
	if bad > 20 {
		t.Errorf("%s: %d failures in all (first 20 shown)", path, bad)
	}
	t.Logf("%s: %d vectors", path, len(rows))
}

// semverCheckValid checks a validity file (input, valid|invalid) through
// Compare(input, input).
func semverCheckValid(t *testing.T, s Scheme, path string) {
	t.Helper()
	rows := semverReadTSV(t, path, 2)
	for _, r := range rows {
		in, want := r.cols[0], r.cols[1]
		_, err := s.Compare(in, in)
		got := "valid"
		if err != nil {
			got = "invalid"
			var ve *InvalidVersionError
			if !errors.As(err, &ve) || ve.Version != in {
				t.Errorf("%s:%d: Compare(%q) error %v is not an *InvalidVersionError carrying the input", path, r.line, in, err)
			}
		}
		if got != want {
			t.Errorf("%s:%d: %q is %s (%v), want %s", path, r.line, in, got, err, want)
		}
	}
	t.Logf("%s: %d vectors", path, len(rows))
}

func TestSemverRangeCompare(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"1.2", "1.2.0", 0},
		{"v1.2.3", "1.2.3", 0},
		{"1", "1.0.0", 0},
		{"1.2.3+build", "1.2.3", 0},
		{"1.2.3-alpha", "1.2.3", -1},
		{"1.2-alpha", "1.2.0", -1},
		{"1.0.0-alpha.1", "1.0.0-alpha.beta", -1},
		{"1.0.0-beta.11", "1.0.0-beta.2", 1},
		{"1.0.0-rc.1", "1.0.0-rc.1.0", -1},
		{"0", "0.0.1", -1},
		{"10.0.0", "9.99.99", 1},
		{"01.2.3", "1.2.3", 0},
		{"18446744073709551616.0.0", "18446744073709551615.0.0", 1},
	} {
		t.Run(c.a+" vs "+c.b, func(t *testing.T) {
			for _, p := range [2][2]string{{c.a, c.b}, {c.b, c.a}} {
				got, err := compareSemverRange(p[0], p[1])
				if err != nil || got != c.want {
					t.Errorf("compareSemverRange(%q, %q) = %d, %v; want %d", p[0], p[1], got, err, c.want)
				}
				c.want = -c.want
			}
		})
	}
	for _, in := range []string{"", "v", "1.", "1..2", "1.2.3.4", "a.b.c", "1.2.3-", "1.2.3-a..b", "1.2.3+", "1.2.3_4", "V1.2.3", " 1.2.3"} {
		t.Run("invalid "+in, func(t *testing.T) {
			_, err := compareSemverRange(in, "1.0.0")
			var ve *InvalidVersionError
			if !errors.As(err, &ve) || ve.Version != in || ve.Ecosystem != "semver" {
				t.Errorf("compareSemverRange(%q) error = %v; want *InvalidVersionError{Ecosystem: semver, Version: %q}", in, err, in)
			}
		})
	}
}

// semverSeedPairs adds the first two columns of every row of a vector
// file as fuzz seeds (a, b, c), with c the previous row's a.
func semverSeedPairs(f *testing.F, path string) {
	prev := "1.0.0"
	for _, r := range semverReadTSV(f, path, 2) {
		f.Add(r.cols[0], r.cols[1], prev)
		prev = r.cols[0]
	}
}

func FuzzSemverRangeCompare(f *testing.F) {
	semverSeedPairs(f, "testdata/golang/compare.tsv")
	f.Add("1.2", "v1.2.0-rc.1", "01")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		s := semverRangeScheme{}
		checkOrder(t, s, a, b, c)
	})
}

// semverRangeScheme wraps compareSemverRange for checkOrder.
type semverRangeScheme struct{}

func (semverRangeScheme) Compare(a, b string) (int, error) { return compareSemverRange(a, b) }
func (semverRangeScheme) Satisfies(string, string) (bool, error) {
	return false, errors.New("not used")
}

// semverCheckOps checks that Satisfies(a, op+b) agrees with cmp, the
// result of Compare(a, b), for each operator (spelled as the ecosystem
// spells it; "" and "=" mean equal).
func semverCheckOps(t *testing.T, s Scheme, a, b string, cmp int, ops ...string) {
	t.Helper()
	for _, op := range ops {
		var want bool
		switch strings.TrimSpace(op) {
		case ">=":
			want = cmp >= 0
		case ">":
			want = cmp > 0
		case "<=":
			want = cmp <= 0
		case "<":
			want = cmp < 0
		case "!=":
			want = cmp != 0
		default:
			want = cmp == 0
		}
		got, err := s.Satisfies(a, op+b)
		if err != nil || got != want {
			t.Fatalf("Satisfies(%q, %q) = %v, %v but Compare = %d", a, op+b, got, err, cmp)
		}
	}
}

// semverInvalidCase is a Satisfies call that must fail: bad says whether
// the "constraint" or the "version" is to blame.
type semverInvalidCase struct{ v, constraint, bad string }

// semverCheckInvalid checks that each case fails with the typed error of
// ecosystem eco carrying the input.
func semverCheckInvalid(t *testing.T, s Scheme, eco string, cases []semverInvalidCase) {
	for _, c := range cases {
		t.Run("invalid "+c.v+" "+c.constraint, func(t *testing.T) {
			_, err := s.Satisfies(c.v, c.constraint)
			var ce *InvalidConstraintError
			var ve *InvalidVersionError
			switch {
			case c.bad == "constraint" && errors.As(err, &ce) && ce.Constraint == c.constraint && ce.Ecosystem == eco:
			case c.bad == "version" && errors.As(err, &ve) && ve.Version == c.v && ve.Ecosystem == eco:
			default:
				t.Errorf("Satisfies(%q, %q) error = %v; want an invalid %s error carrying the input", c.v, c.constraint, err, c.bad)
			}
		})
	}
}
