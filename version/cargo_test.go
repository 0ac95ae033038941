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
	checkErrors(t, cargoScheme{}, Cargo, "1.0.0", []errorCase{
		{name: "invalid 1.2.3 ", v: "1.2.3", constraint: ""},
		{name: "invalid 1.2.3 *, 1.0", v: "1.2.3", constraint: "*, 1.0"},
		{name: "invalid 1.2.3 >= 1.2.3 <2", v: "1.2.3", constraint: ">= 1.2.3 <2"},
		{name: "invalid 1.2.3 1.*.3", v: "1.2.3", constraint: "1.*.3"},
		{name: "invalid 1.2.3 1.2-alpha", v: "1.2.3", constraint: "1.2-alpha"},
		{name: "invalid v1.2.3 >=1", v: "v1.2.3", constraint: ">=1", badVersion: true},
		{name: "invalid 1.2 >=1", v: "1.2", constraint: ">=1", badVersion: true},
		{name: "invalid 18446744073709551616.0.0 >=1", v: "18446744073709551616.0.0", constraint: ">=1", badVersion: true},
	})
}
