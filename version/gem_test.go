package version

import "testing"

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

func TestGemErrors(t *testing.T) {
	checkErrors(t, gemScheme{}, Gem, "1.0", []errorCase{
		{name: "space inside", v: "1.0 beta", constraint: ">= 1", badVersion: true},
		{name: "leading v", v: "v1.0", constraint: ">= 1", badVersion: true},
		{name: "build metadata", v: "1.0+b", constraint: ">= 1", badVersion: true},
		{name: "trailing dash", v: "1.0-", constraint: ">= 1", badVersion: true},
		{name: "empty constraint", v: "1.0", constraint: ""},
		{name: "no version", v: "1.0", constraint: ">="},
		{name: "caret", v: "1.0", constraint: "^1.0"},
		{name: "two terms without comma", v: "1.0", constraint: "> 1 < 2"},
		{name: "empty list element", v: "1.0", constraint: ">= 1,"},
		{name: "bad version in constraint", v: "1.0", constraint: "~> 1..0"},
	})
}
