package version

import (
	"strconv"
	"strings"
	"testing"
)

// TestGolangVectors checks x/mod/semver's own test vectors and the
// oracle files, each with and without the leading "v".
func TestGolangVectors(t *testing.T) {
	s := golangScheme{}
	t.Run("compare", func(t *testing.T) { checkVectors(t, s, "testdata/golang/compare.tsv", escaped) })
	t.Run("valid", func(t *testing.T) { checkValidity(t, s, Golang, "testdata/golang/valid.tsv", escaped) })
	t.Run("realworld", func(t *testing.T) { checkVectors(t, s, "testdata/golang/realworld-compare.tsv", escaped) })
	t.Run("no v", func(t *testing.T) {
		for _, path := range []string{"testdata/golang/compare.tsv", "testdata/golang/go-semver.tsv"} {
			for _, r := range readTSV(t, path, 3, escaped) {
				a, b := r.cols[0], r.cols[1]
				want, _ := strconv.Atoi(r.cols[2])
				if golangValid(a) && golangValid(b) {
					if got, err := s.Compare(a[1:], b[1:]); err != nil || got != want {
						t.Errorf("%s:%d: Compare(%q, %q) = %d, %v; want %d", path, r.line, a[1:], b[1:], got, err, want)
					}
				}
			}
		}
		for _, r := range readTSV(t, "testdata/golang/valid.tsv", 2, escaped) {
			in := r.cols[0]
			if !strings.HasPrefix(in, "v") || strings.HasPrefix(in, "vv") {
				continue
			}
			if got, want := golangValid(in[1:]), r.cols[1] == "valid"; got != want {
				t.Errorf("valid.tsv:%d: %q valid = %v, want %v", r.line, in[1:], got, want)
			}
		}
	})
	t.Run("x/mod TestCompare", func(t *testing.T) {
		// x/mod orders invalid versions lowest and equal to each other;
		// where that decides a row, Compare must return the typed error.
		path := "testdata/golang/go-semver.tsv"
		for _, r := range readTSV(t, path, 3, escaped) {
			a, b := r.cols[0], r.cols[1]
			want, _ := strconv.Atoi(r.cols[2])
			got, err := s.Compare(a, b)
			if !golangValid(a) || !golangValid(b) {
				if !isInvalidVersion(err, Golang, a) && !isInvalidVersion(err, Golang, b) {
					t.Errorf("%s:%d: Compare(%q, %q) = %d, %v; want an *InvalidVersionError", path, r.line, a, b, got, err)
				}
				continue
			}
			if err != nil || got != want {
				t.Errorf("%s:%d: Compare(%q, %q) = %d, %v; want %d", path, r.line, a, b, got, err, want)
			}
		}
	})
	t.Run("x/mod canonical", func(t *testing.T) {
		path := "testdata/golang/go-semver-canonical.tsv"
		for _, r := range readTSV(t, path, 1, escaped) {
			in, canon := r.cols[0], ""
			if len(r.cols) > 1 {
				canon = r.cols[1]
			}
			if got, want := golangValid(in), canon != ""; got != want {
				t.Errorf("%s:%d: %q valid = %v, want %v", path, r.line, in, got, want)
			}
			if canon == "" {
				continue
			}
			if c, err := s.Compare(in, canon); err != nil || c != 0 {
				t.Errorf("%s:%d: Compare(%q, canonical %q) = %d, %v; want 0", path, r.line, in, canon, c, err)
			}
		}
	})
}

func golangValid(v string) bool {
	_, err := golangParse(v)
	return err == nil
}

func TestGolangSatisfies(t *testing.T) {
	checkSatisfiesTable(t, golangScheme{}, []satisfiesCase{
		{"v1.2.3", ">= 1.2.0, < 1.3.0", true},
		{"1.2.3", ">= v1.2.0, < v1.3.0", true},
		{"v1.3.0-rc.1", "< v1.3.0", true},
		{"v1.3.0", "< v1.3.0", false},
		{"v2.0.0+incompatible", "= v2.0.0", true},
		{"v0.0.0-20191109021931-daa7c04131f5", "< 0.1.0", true},
		{"v1.2.4-0.20191109021931-daa7c04131f5", "> v1.2.3, < v1.2.4", true},
		{"v1.2.3", "< 1.0.0 || >= 1.2", true},
		{"v1.1.0", "< 1.0.0 || >= 1.2", false},
		{"v1.2.3", "!= v1.2.3", false},
	})
	checkErrors(t, golangScheme{}, Golang, "v1.0.0", []errorCase{
		{name: "invalid v1.2.3 >= v1.2-pre", v: "v1.2.3", constraint: ">= v1.2-pre"},
		{name: "invalid v1.2.3 ", v: "v1.2.3", constraint: ""},
		{name: "invalid v1.2.3 >=", v: "v1.2.3", constraint: ">="},
		{name: "invalid v1.2.3 ~1.2", v: "v1.2.3", constraint: "~1.2"},
		{name: "invalid v1.2-pre >= 1.0.0", v: "v1.2-pre", constraint: ">= 1.0.0", badVersion: true},
		{name: "invalid latest >= 1.0.0", v: "latest", constraint: ">= 1.0.0", badVersion: true},
	})
}
