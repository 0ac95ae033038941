package version

import "testing"

func TestCargoVectors(t *testing.T) {
	s := cargoScheme{}
	t.Run("compare", func(t *testing.T) { checkVectors(t, s, "testdata/cargo/compare.tsv", escaped) })
	t.Run("valid", func(t *testing.T) { checkValidity(t, s, Cargo, "testdata/cargo/valid.tsv", escaped) })
	t.Run("satisfies", func(t *testing.T) { checkSatisfies(t, s, "testdata/cargo/satisfies.tsv", escaped) })
	t.Run("crate tests", func(t *testing.T) { checkSatisfies(t, s, "testdata/cargo/crate-tests.tsv", escaped) })
	t.Run("satisfies random", func(t *testing.T) { checkSatisfies(t, s, "testdata/cargo/satisfies-random.tsv", escaped) })
}

func TestCargoErrors(t *testing.T) {
	semverCheckInvalid(t, cargoScheme{}, Cargo, []semverInvalidCase{
		{"1.2.3", "", "constraint"},
		{"1.2.3", "*, 1.0", "constraint"},
		{"1.2.3", ">= 1.2.3 <2", "constraint"},
		{"1.2.3", "1.*.3", "constraint"},
		{"1.2.3", "1.2-alpha", "constraint"},
		{"v1.2.3", ">=1", "version"},
		{"1.2", ">=1", "version"},
		{"18446744073709551616.0.0", ">=1", "version"},
	})
}
