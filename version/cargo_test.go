package version

import (
	"errors"
	"testing"
)

func TestCargoVectors(t *testing.T) {
	s := cargoScheme{}
	t.Run("compare", func(t *testing.T) { semverCheckCompare(t, s, "testdata/cargo/compare.tsv") })
	t.Run("valid", func(t *testing.T) { semverCheckValid(t, s, "testdata/cargo/valid.tsv") })
	t.Run("satisfies", func(t *testing.T) { semverCheckSatisfies(t, s, "testdata/cargo/satisfies.tsv") })
}

func TestCargoErrors(t *testing.T) {
	for _, c := range []struct{ v, constraint, bad string }{
		{"1.2.3", "", "constraint"},
		{"1.2.3", "*, 1.0", "constraint"},
		{"1.2.3", ">= 1.2.3 <2", "constraint"},
		{"1.2.3", "1.*.3", "constraint"},
		{"1.2.3", "1.2-alpha", "constraint"},
		{"v1.2.3", ">=1", "version"},
		{"1.2", ">=1", "version"},
		{"18446744073709551616.0.0", ">=1", "version"},
	} {
		t.Run(c.v+" "+c.constraint, func(t *testing.T) {
			_, err := cargoScheme{}.Satisfies(c.v, c.constraint)
			var ce *InvalidConstraintError
			var ve *InvalidVersionError
			switch {
			case c.bad == "constraint" && errors.As(err, &ce) && ce.Constraint == c.constraint && ce.Ecosystem == Cargo:
			case c.bad == "version" && errors.As(err, &ve) && ve.Version == c.v && ve.Ecosystem == Cargo:
			default:
				t.Errorf("Satisfies(%q, %q) error = %v; want an invalid %s error carrying the input", c.v, c.constraint, err, c.bad)
			}
		})
	}
}
