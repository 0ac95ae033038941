package version

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestDebVectors(t *testing.T) {
	for _, f := range []string{"dpkg.tsv", "dpkg-realworld-oracle.tsv", "compare.tsv"} {
		t.Run(f, func(t *testing.T) {
			checkVectors(t, debScheme{}, filepath.Join("testdata", "deb", f), plain)
		})
	}
}

func TestDebValidity(t *testing.T) {
	checkValidity(t, debScheme{}, Deb, filepath.Join("testdata", "deb", "validity.tsv"), escaped)
}

func TestDebSatisfiesVectors(t *testing.T) {
	checkSatisfies(t, debScheme{}, filepath.Join("testdata", "deb", "satisfies.tsv"), plain)
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
