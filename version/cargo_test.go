package version

import "testing"

func TestCargoVectors(t *testing.T) {
	s := cargoScheme{}
	t.Run("compare", func(t *testing.T) { semverCheckCompare(t, s, "testdata/cargo/compare.tsv") })
	t.Run("valid", func(t *testing.T) { semverCheckValid(t, s, "testdata/cargo/valid.tsv") })
	t.Run("satisfies", func(t *testing.T) { semverCheckSatisfies(t, s, "testdata/cargo/satisfies.tsv") })
	t.Run("crate tests", func(t *testing.T) { semverCheckSatisfies(t, s, "testdata/cargo/crate-tests.tsv") })
	t.Run("satisfies random", func(t *testing.T) { semverCheckSatisfies(t, s, "testdata/cargo/satisfies-random.tsv") })
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
