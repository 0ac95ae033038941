package version

import (
	"errors"
	"testing"
)

func TestGemVectors(t *testing.T) {
	s := gemScheme{}
	for _, f := range []string{"rubygems-version.tsv", "compare.tsv"} {
		t.Run(f, func(t *testing.T) { checkVectors(t, s, "testdata/gem/"+f, plain) })
	}
	t.Run("random-compare.tsv", func(t *testing.T) { checkVectors(t, s, "testdata/gem/random-compare.tsv", escaped) })
	for _, f := range []string{"satisfies.tsv", "random-satisfies.tsv"} {
		t.Run(f, func(t *testing.T) { checkSatisfies(t, s, "testdata/gem/"+f, escaped) })
	}
	for _, f := range []string{"invalid.tsv", "random-valid.tsv"} {
		t.Run(f, func(t *testing.T) { checkValidity(t, s, Gem, "testdata/gem/"+f, escaped) })
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
