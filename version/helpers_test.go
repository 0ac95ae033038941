package version

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Shared helpers for the schemes' tests: reading tab-separated oracle
// files, and checking compare, satisfies and validity vectors.

// colFormat says how the columns of a test file are written.
type colFormat bool

const (
	// plain columns are taken as they stand.
	plain colFormat = false
	// escaped columns are the insides of Go string literals ("\t",
	// "\u00a0", "\\"...), which also covers the escapes of the generators
	// that write JSON (ASCII only), Ruby or PHP strings.
	escaped colFormat = true
)

// row is one row of a tab-separated test file, with its line number.
type row struct {
	cols []string
	line int
}

// readTSV reads a tab-separated test file whose rows have at least n
// columns. Blank lines and lines starting with '#' are skipped. With
// escaped, the first n columns are decoded (further columns are notes and
// stay as they are). A file with no rows fails the test.
func readTSV(t testing.TB, path string, n int, f colFormat) []row {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var rows []row
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) < n {
			t.Fatalf("%s:%d: want %d columns, got %q", path, line, n, text)
		}
		if f == escaped {
			for i, c := range cols[:n] {
				u, err := strconv.Unquote(`"` + strings.ReplaceAll(c, `"`, `\"`) + `"`)
				if err != nil {
					t.Fatalf("%s:%d: column %d %q: %v", path, line, i+1, c, err)
				}
				cols[i] = u
			}
		}
		rows = append(rows, row{cols: cols, line: line})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no rows", path)
	}
	return rows
}

// vector is one labelled comparison: Compare(a, b) must be want.
type vector struct {
	a, b string
	want int
	line int // line number in the file, for messages
}

// readVectors reads a vector file: "a<TAB>b<TAB>want", where want is -1,
// 0 or 1 and any further columns are notes.
func readVectors(t testing.TB, path string, f colFormat) []vector {
	t.Helper()
	var vs []vector
	for _, r := range readTSV(t, path, 3, f) {
		want, err := strconv.Atoi(r.cols[2])
		if err != nil || want < -1 || want > 1 {
			t.Fatalf("%s:%d: expected must be -1, 0 or 1, got %q", path, r.line, r.cols[2])
		}
		vs = append(vs, vector{a: r.cols[0], b: r.cols[1], want: want, line: r.line})
	}
	return vs
}

// maxShown is how many failures a file check reports one by one.
const maxShown = 20

// readOpVectors reads claircore's lists of "a op b" lines, op being <, ==
// or >.
func readOpVectors(t testing.TB, path string) []vector {
	t.Helper()
	var vs []vector
	for _, r := range readTSV(t, path, 1, plain) {
		fs := strings.Fields(r.cols[0])
		if len(fs) != 3 {
			t.Fatalf("%s:%d: want `a op b`, got %q", path, r.line, r.cols[0])
		}
		want, ok := map[string]int{"<": -1, "==": 0, ">": 1}[fs[1]]
		if !ok {
			t.Fatalf("%s:%d: unknown operator %q", path, r.line, fs[1])
		}
		vs = append(vs, vector{a: fs[0], b: fs[2], want: want, line: r.line})
	}
	return vs
}

// checkVectors checks every vector of a file in both orientations.
func checkVectors(t *testing.T, s Scheme, path string, f colFormat) {
	t.Helper()
	checkVectorList(t, s, path, readVectors(t, path, f))
}

// checkVectorList checks the vectors read from path in both orientations.
func checkVectorList(t *testing.T, s Scheme, path string, vs []vector) {
	t.Helper()
	bad := 0
	for _, v := range vs {
		for _, c := range []struct {
			a, b string
			want int
		}{{v.a, v.b, v.want}, {v.b, v.a, -v.want}} {
			got, err := s.Compare(c.a, c.b)
			if err != nil || got != c.want {
				if bad++; bad <= maxShown {
					t.Errorf("%s:%d: Compare(%q, %q) = %d, %v; want %d", path, v.line, c.a, c.b, got, err, c.want)
				}
			}
			p, err := Parse(s, c.a)
			if err == nil {
				got, err = p.Compare(c.b)
			}
			if err != nil || got != c.want {
				if bad++; bad <= maxShown {
					t.Errorf("%s:%d: Parse(%q).Compare(%q) = %d, %v; want %d", path, v.line, c.a, c.b, got, err, c.want)
				}
			}
		}
	}
	if bad > maxShown {
		t.Errorf("%s: %d failures in all (first %d shown)", path, bad, maxShown)
	}
	t.Logf("%s: %d vectors", path, len(vs))
}

// satisfiesOutcome names the result of Satisfies(v, c) as the satisfies
// files spell it: "true", "false", "invalid-constraint" or
// "invalid-version" (for a typed error carrying the input), else "error:
// " and the error.
func satisfiesOutcome(s Scheme, v, c string) (string, error) {
	got, err := s.Satisfies(v, c)
	var ce *InvalidConstraintError
	var ve *InvalidVersionError
	switch {
	case errors.As(err, &ce) && ce.Constraint == c:
		return "invalid-constraint", err
	case errors.As(err, &ve) && ve.Version == v:
		return "invalid-version", err
	case err != nil:
		return "error: " + err.Error(), err
	}
	return strconv.FormatBool(got), nil
}

// checkSatisfiesRows checks "constraint<TAB>version<TAB>want" rows, want
// being true, false, invalid-constraint or invalid-version ("error" is an
// older spelling of invalid-constraint).
func checkSatisfiesRows(t *testing.T, s Scheme, path string, rows []row) {
	t.Helper()
	bad := 0
	for _, r := range rows {
		c, v, want := r.cols[0], r.cols[1], r.cols[2]
		if want == "error" {
			want = "invalid-constraint"
		}
		if got, err := satisfiesOutcome(s, v, c); got != want {
			if bad++; bad <= maxShown {
				t.Errorf("%s:%d: Satisfies(%q, %q) = %s (%v); want %s", path, r.line, v, c, got, err, want)
			}
		}
	}
	if bad > maxShown {
		t.Errorf("%s: %d failures in all (first %d shown)", path, bad, maxShown)
	}
}

// checkSatisfies checks a satisfies file (see checkSatisfiesRows).
func checkSatisfies(t *testing.T, s Scheme, path string, f colFormat) {
	t.Helper()
	rows := readTSV(t, path, 3, f)
	checkSatisfiesRows(t, s, path, rows)
	t.Logf("%s: %d cases", path, len(rows))
}

// checkValidity checks a "version<TAB>valid|invalid" file: Compare(v, v)
// succeeds for valid rows and returns an *InvalidVersionError of eco
// carrying v for invalid ones.
func checkValidity(t *testing.T, s Scheme, eco, path string, f colFormat) {
	t.Helper()
	rows := readTSV(t, path, 2, f)
	for _, r := range rows {
		v := r.cols[0]
		_, err := s.Compare(v, v)
		switch r.cols[1] {
		case "valid":
			if err != nil {
				t.Errorf("%s:%d: Compare(%q, itself) = %v, want no error", path, r.line, v, err)
			}
		case "invalid":
			if !isInvalidVersion(err, eco, v) {
				t.Errorf("%s:%d: Compare(%q, itself) error = %v, want *InvalidVersionError for it", path, r.line, v, err)
			}
		default:
			t.Fatalf("%s:%d: bad verdict %q", path, r.line, r.cols[1])
		}
	}
	t.Logf("%s: %d versions", path, len(rows))
}

// compareCase is one row of a Compare table test.
type compareCase struct {
	a, b string
	want int
}

// checkCompare checks Compare(a, b) and, the other way round, Compare(b, a).
func checkCompare(t *testing.T, s Scheme, c compareCase) {
	t.Helper()
	for _, p := range []compareCase{c, {c.b, c.a, -c.want}} {
		if got, err := s.Compare(p.a, p.b); err != nil || got != p.want {
			t.Errorf("Compare(%q, %q) = %d, %v; want %d", p.a, p.b, got, err, p.want)
		}
	}
}

// checkCompareTable runs each case as a subtest named a+sep+b.
func checkCompareTable(t *testing.T, s Scheme, sep string, cases []compareCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.a+sep+c.b, func(t *testing.T) { checkCompare(t, s, c) })
	}
}

// satisfiesCase is one row of a Satisfies table test.
type satisfiesCase struct {
	v, constraint string
	want          bool
}

// checkSatisfiesTable runs each case as a subtest named by its version
// and constraint.
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

// inputError is what the tests look at in an *InvalidVersionError or an
// *InvalidConstraintError.
type inputError struct {
	Kind      string // "version" or "constraint"
	Ecosystem string
	Input     string // the version or constraint the error carries
	Reason    string
}

// asInputError returns the *InvalidVersionError or *InvalidConstraintError
// in err's chain as an inputError; ok is false if there is neither.
func asInputError(err error) (e inputError, ok bool) {
	var ve *InvalidVersionError
	var ce *InvalidConstraintError
	switch {
	case errors.As(err, &ve):
		return inputError{"version", ve.Ecosystem, ve.Version, ve.Reason}, true
	case errors.As(err, &ce):
		return inputError{"constraint", ce.Ecosystem, ce.Constraint, ce.Reason}, true
	}
	return inputError{}, false
}

// isInvalidVersion reports whether err is an *InvalidVersionError of eco
// carrying input, with a reason.
func isInvalidVersion(err error, eco, input string) bool {
	e, ok := asInputError(err)
	return ok && e == inputError{"version", eco, input, e.Reason} && e.Reason != ""
}

// isInvalidConstraint reports whether err is an *InvalidConstraintError of
// eco carrying input, with a reason.
func isInvalidConstraint(err error, eco, input string) bool {
	e, ok := asInputError(err)
	return ok && e == inputError{"constraint", eco, input, e.Reason} && e.Reason != ""
}

// checkInputError checks that err, returned by call, is the typed error
// want. An empty want.Reason accepts any reason that contains inReason
// (and is not empty).
func checkInputError(t *testing.T, call string, err error, want inputError, inReason string) {
	t.Helper()
	got, _ := asInputError(err)
	if want.Reason == "" {
		want.Reason = fmt.Sprintf("(a reason containing %q)", inReason)
		if got.Reason != "" && strings.Contains(got.Reason, inReason) {
			want.Reason = got.Reason
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s error mismatch (-want +got):\n%s", call, diff)
	}
}

// checkTypedError fails unless err, from Satisfies(v, constraint), is nil
// or a typed error of eco carrying the input it blames.
func checkTypedError(t *testing.T, err error, eco, v, constraint string) {
	t.Helper()
	if err == nil {
		return
	}
	e, ok := asInputError(err)
	switch {
	case !ok:
		t.Fatalf("Satisfies(%q, %q): untyped error %v", v, constraint, err)
	case e.Kind == "version" && (e.Input != v || e.Ecosystem != eco),
		e.Kind == "constraint" && (e.Input != constraint || e.Ecosystem != eco):
		t.Fatalf("Satisfies(%q, %q): %#v does not carry the input", v, constraint, err)
	}
}

// errorCase is a Satisfies(v, constraint) call that must fail. With
// badVersion, v is to blame and Compare must reject it too, on either side
// of a valid version; else the constraint is. The error must give a reason:
// reason exactly if set, else one containing inReason.
type errorCase struct {
	name          string
	v, constraint string
	badVersion    bool
	reason        string
	inReason      string
}

// badVersions returns an errorCase, named by the version, for each version
// in Satisfies(v, constraint).
func badVersions(constraint string, versions ...string) []errorCase {
	var cs []errorCase
	for _, v := range versions {
		cs = append(cs, errorCase{name: v, v: v, constraint: constraint, badVersion: true})
	}
	return cs
}

// badConstraints returns an errorCase, named by the constraint, for each
// constraint in Satisfies(v, constraint).
func badConstraints(v string, constraints ...string) []errorCase {
	var cs []errorCase
	for _, c := range constraints {
		cs = append(cs, errorCase{name: c, v: v, constraint: c})
	}
	return cs
}

// checkErrors runs each case as a subtest: the error must be of ecosystem
// eco and carry the input to blame. valid is a version s accepts, for
// Compare.
func checkErrors(t *testing.T, s Scheme, eco, valid string, cases []errorCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Satisfies(c.v, c.constraint)
			want := inputError{Kind: "constraint", Ecosystem: eco, Input: c.constraint, Reason: c.reason}
			if c.badVersion {
				want.Kind, want.Input = "version", c.v
			}
			checkInputError(t, fmt.Sprintf("Satisfies(%q, %q)", c.v, c.constraint), err, want, c.inReason)
			if !c.badVersion {
				return
			}
			for _, p := range [][2]string{{c.v, valid}, {valid, c.v}} {
				_, err := s.Compare(p[0], p[1])
				checkInputError(t, fmt.Sprintf("Compare(%q, %q)", p[0], p[1]), err, want, c.inReason)
			}
		})
	}
}

// checkInvalidVersion checks that Compare rejects v on either side of
// valid with an *InvalidVersionError of eco carrying v.
func checkInvalidVersion(t *testing.T, s Scheme, eco, valid, v string) {
	t.Helper()
	for _, p := range [][2]string{{v, valid}, {valid, v}} {
		if _, err := s.Compare(p[0], p[1]); !isInvalidVersion(err, eco, v) {
			t.Errorf("Compare(%q, %q) error = %v; want *InvalidVersionError for %q", p[0], p[1], err, v)
		}
	}
}

// fuzzSeeds returns seeds for a fuzz test from every step-th row of a
// tab-separated vector file: the row's first two columns, and the first
// column of the row ahead rows further on (wrapping round; ahead may be
// negative).
func fuzzSeeds(t testing.TB, path string, f colFormat, step, ahead int) [][3]string {
	t.Helper()
	rows := readTSV(t, path, 2, f)
	var seeds [][3]string
	for i := 0; i < len(rows); i += step {
		c := rows[((i+ahead)%len(rows)+len(rows))%len(rows)].cols[0]
		seeds = append(seeds, [3]string{rows[i].cols[0], rows[i].cols[1], c})
	}
	return seeds
}

// addSeeds adds seeds to a fuzz test of three strings.
func addSeeds(f *testing.F, seeds [][3]string) {
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2])
	}
}

// checkOps checks, for fuzz tests, that Satisfies(a, op+b) agrees with ab,
// the result of Compare(a, b), for each operator (spelled as the ecosystem
// spells it, with any space after it; "", "=" and "==" mean equal).
func checkOps(t *testing.T, s Scheme, a, b string, ab int, ops ...string) {
	t.Helper()
	for _, op := range ops {
		var want bool
		switch strings.TrimSpace(op) {
		case ">=":
			want = ab >= 0
		case ">":
			want = ab > 0
		case "<=":
			want = ab <= 0
		case "<":
			want = ab < 0
		case "!=":
			want = ab != 0
		default:
			want = ab == 0
		}
		got, err := s.Satisfies(a, op+b)
		if err != nil || got != want {
			t.Fatalf("Satisfies(%q, %q) = %v, %v but Compare = %d", a, op+b, got, err, ab)
		}
	}
}

// checkPair checks, for fuzz tests, that Compare never panics and is
// reflexive on a and b and antisymmetric on the pair. It returns false if a
// or b is invalid (so the caller may skip further checks).
func checkPair(t *testing.T, s Scheme, a, b string) bool {
	t.Helper()
	for _, x := range []string{a, b} {
		r, err := s.Compare(x, x)
		if err != nil {
			return false
		}
		if r != 0 {
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

// checkOrder checks the properties every ordering must have, for fuzz
// tests: checkPair on (a, b) and (b, c), and transitivity on the triple.
// It returns false if a, b or c is invalid.
func checkOrder(t *testing.T, s Scheme, a, b, c string) bool {
	t.Helper()
	if !checkPair(t, s, a, b) || !checkPair(t, s, b, c) {
		return false
	}
	ab, _ := s.Compare(a, b)
	bc, _ := s.Compare(b, c)
	ac, _ := s.Compare(a, c)
	if ab <= 0 && bc <= 0 && ac > 0 {
		t.Fatalf("not transitive: %q <= %q <= %q but Compare(a, c) = %d", a, b, c, ac)
	}
	if ab >= 0 && bc >= 0 && ac < 0 {
		t.Fatalf("not transitive: %q >= %q >= %q but Compare(a, c) = %d", a, b, c, ac)
	}
	if ab == 0 && bc == 0 && ac != 0 {
		t.Fatalf("not transitive: %q == %q == %q but Compare(a, c) = %d", a, b, c, ac)
	}
	return true
}

// benchPairs returns the pairs of vector files, for a benchmark.
func benchPairs(b *testing.B, paths ...string) [][2]string {
	var ps [][2]string
	for _, p := range paths {
		for _, v := range readVectors(b, p, plain) {
			ps = append(ps, [2]string{v.a, v.b})
		}
	}
	return ps
}

// benchCompare compares the pairs in turn, one pair per op; pairs the
// scheme rejects are dropped first.
func benchCompare(b *testing.B, s Scheme, all [][2]string) {
	var ps [][2]string
	for _, p := range all {
		if _, err := s.Compare(p[0], p[1]); err == nil {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		b.Fatal("no valid pairs")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := ps[i%len(ps)]
		if _, err := s.Compare(p[0], p[1]); err != nil {
			b.Fatal(err)
		}
	}
}
