package version

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// vector is one labelled comparison: Compare(a, b) must be want.
type vector struct {
	a, b string
	want int
	line int // line number in the file, for messages
}

// readVectors reads a tab-separated vector file: "a<TAB>b<TAB>want", where
// want is -1, 0 or 1 and any further columns are notes. Blank lines and
// lines starting with '#' are skipped.
func readVectors(t testing.TB, path string) []vector {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var vs []vector
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 3 {
			t.Fatalf("%s:%d: want a<TAB>b<TAB>expected, got %q", path, n, line)
		}
		want, err := strconv.Atoi(cols[2])
		if err != nil || want < -1 || want > 1 {
			t.Fatalf("%s:%d: expected must be -1, 0 or 1, got %q", path, n, cols[2])
		}
		vs = append(vs, vector{a: cols[0], b: cols[1], want: want, line: n})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		t.Fatalf("%s: no vectors", path)
	}
	return vs
}

// checkVectors checks every vector in both orientations.
func checkVectors(t *testing.T, s Scheme, path string) {
	t.Helper()
	vs := readVectors(t, path)
	bad := 0
	for _, v := range vs {
		for _, c := range []struct {
			a, b string
			want int
		}{{v.a, v.b, v.want}, {v.b, v.a, -v.want}} {
			got, err := s.Compare(c.a, c.b)
			if err != nil || got != c.want {
				bad++
				if bad <= 20 {
					t.Errorf("%s:%d: Compare(%q, %q) = %d, %v; want %d", path, v.line, c.a, c.b, got, err, c.want)
				}
			}
		}
	}
	if bad > 20 {
		t.Errorf("%s: %d failures in all (first 20 shown)", path, bad)
	}
	t.Logf("%s: %d vectors", path, len(vs))
}

// checkOrder checks the properties every ordering must have, for fuzz
// tests: Compare never panics, is reflexive and antisymmetric on valid
// versions, and transitive on a triple. It returns false if a, b or c is
// invalid (so the caller may skip further checks).
func checkOrder(t *testing.T, s Scheme, a, b, c string) bool {
	t.Helper()
	for _, x := range []string{a, b, c} {
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
