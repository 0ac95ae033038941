package version

import (
	"errors"
	"testing"
)

func TestNuGetVectors(t *testing.T) {
	checkVectors(t, nugetScheme{}, "testdata/nuget/nuget-compare.tsv", plain)
}

// TestNuGetValid checks which versions parse, from nuget-valid.tsv:
// "version<TAB>valid|invalid[<TAB>note]".
func TestNuGetValid(t *testing.T) {
	checkValidity(t, nugetScheme{}, NuGet, "testdata/nuget/nuget-valid.tsv", plain)
}

// TestNuGetRanges checks Satisfies against nuget-ranges.tsv:
// "constraint<TAB>version<TAB>true|false|valid|error[<TAB>note]".
func TestNuGetRanges(t *testing.T) {
	const path = "testdata/nuget/nuget-ranges.tsv"
	rows := readTSV(t, path, 3, plain)
	for _, r := range rows {
		c, v, want := r.cols[0], r.cols[1], r.cols[2]
		switch want {
		case "valid", "error":
			_, err := nugetScheme{}.Satisfies("1.0.0", c)
			var ce *InvalidConstraintError
			isErr := errors.As(err, &ce) && ce.Constraint == c
			if (want == "error") != isErr || want == "valid" && err != nil {
				t.Errorf("%s:%d: Satisfies(\"1.0.0\", %q) error = %v; want %s", path, r.line, c, err, want)
			}
		case "true", "false":
			got, err := nugetScheme{}.Satisfies(v, c)
			if err != nil || got != (want == "true") {
				t.Errorf("%s:%d: Satisfies(%q, %q) = %v, %v; want %s", path, r.line, v, c, got, err, want)
			}
		default:
			t.Fatalf("%s:%d: bad expectation %q", path, r.line, want)
		}
	}
	t.Logf("%s: %d cases", path, len(rows))
}

func TestNuGetSatisfies(t *testing.T) {
	checkSatisfiesTable(t, nugetScheme{}, []satisfiesCase{
		{"1.0", "1.0", true}, // a bare version is a minimum
		{"2.0", "1.0", true},
		{"0.9", "1.0", false},
		{"1.5.0-beta", "[1.0,2.0)", true}, // no pre-release exclusion
		{"2.0.0-beta", "[1.0,2.0)", true},
		{"2.0", "[1.0,2.0)", false},
		{"2.5", "1.*", true}, // a float is its lowest version
		{"0.9", "1.*", false},
		{"1.0.0-alpha", "1.0.0-*", true},
		{"0.9.9", "1.0.0-*", false},
		{"1.5", ">= 1.0, < 2.0", true},
		{"2.0", ">= 1.0, < 2.0", false},
		{"1.9.9-rc.1", ">= 1.0, < 2.0", true},
		{"3.0", "< 1.0 || >= 3.0", true},
		{"1.0.0", "= 1.0", true},
		{"1.0.0+meta", "[1.0]", true},
		{"1.0.0", "( , )", true}, // NuGet: white-space bounds are no bounds
		{"1.0.0", "[ ]", true},
		{"1.0.0", "(1.0,1.0)", false}, // an empty range, but valid
		{"10.0.0", "1*", true},        // NuGet reads "1*" as >= 10
		{"9.0.0", "1*", false},
	})
}

func TestNuGetCompare(t *testing.T) {
	checkCompareTable(t, nugetScheme{}, " ", []compareCase{
		{"1.0.0-2147483647", "1.0.0-2147483648", -1}, // int32 max is numeric, one more is not
		{"1.0.0-a.-1", "1.0.0-a.0", -1},              // "-1" is a number to int.TryParse
		{"1.0.0-a.-2147483648", "1.0.0-a.-2147483647", -1},
		{"1.0.0--2147483649", "1.0.0-0", 1},
		{"1. 2", "1.2", 0},
		{"1.0 -beta", "1.0-beta", 0},
		{"\u00a01.0\u3000", "1.0", 0},
		{"2147483647.0", "2147483646.9", 1},
		{"1.0.0-A", "1.0.0-a-", -1},
	})
}

func TestNuGetErrors(t *testing.T) {
	checkErrors(t, nugetScheme{}, NuGet, "1.0", []errorCase{
		{name: "", v: "", constraint: "1.0", badVersion: true, reason: "empty"},
		{name: "   ", v: "   ", constraint: "1.0", badVersion: true, reason: "empty"},
		{name: "v1.0", v: "v1.0", constraint: "1.0", badVersion: true, reason: "not 1 to 4 dot-separated numbers, each at most 2147483647, before any '-' or '+'"},
		{name: "2147483648.0", v: "2147483648.0", constraint: "1.0", badVersion: true, reason: "not 1 to 4 dot-separated numbers, each at most 2147483647, before any '-' or '+'"},
		{name: "1.0-01", v: "1.0-01", constraint: "1.0", badVersion: true, reason: `pre-release label "01" is empty, has a character outside [0-9A-Za-z-], or is a number with a leading zero`},
		{name: "1.0+a..b", v: "1.0+a..b", constraint: "1.0", badVersion: true, reason: `build metadata part "" is empty or has a character outside [0-9A-Za-z-]`},
		{name: "", v: "1.0", constraint: "", reason: "empty"},
		{name: "(,)", v: "1.0", constraint: "(,)", reason: "no bounds"},
		{name: "[1.0,2.0,3.0]", v: "1.0", constraint: "[1.0,2.0,3.0]", reason: "more than two bounds"},
		{name: "(1.0)", v: "1.0", constraint: "(1.0)", reason: "a single version must be in [ ]"},
		{name: "[1.0", v: "1.0", constraint: "[1.0", reason: "a range starting with [ must end with ] or )"},
		{name: "[2.0,1.0]", v: "1.0", constraint: "[2.0,1.0]", reason: "lower bound above upper bound"},
		{name: "[1.0,1.0)", v: "1.0", constraint: "[1.0,1.0)", reason: "equal bounds, one inclusive and one exclusive"},
		{name: ">=", v: "1.0", constraint: ">=", reason: "operator >= has no version"},
	})
}
