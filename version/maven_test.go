package version

import (
	"strings"
	"testing"
)

func TestMavenVectors(t *testing.T) {
	for _, f := range []string{
		"testdata/maven/maven-ComparableVersionTest-3.8.7.tsv",
		"testdata/maven/maven-realworld-oracle.tsv",
		"testdata/maven/maven-hard-0.tsv",
		"testdata/maven/maven-hard-1.tsv",
	} {
		t.Run(f, func(t *testing.T) { checkVectors(t, mavenScheme{}, f, plain) })
	}
}

// TestMavenClaircoreList reads claircore's "a op b" list (op is <, ==, >).
func TestMavenClaircoreList(t *testing.T) {
	const path = "testdata/maven/maven-compare.claircore.list"
	checkVectorList(t, mavenScheme{}, path, readOpVectors(t, path))
}

// mavenRangeDeviations lists the oracle's range cases this scheme answers
// differently on purpose, with the reason.
var mavenRangeDeviations = map[string]string{
	"[]": "Maven reads [] as [0]; an empty version is rejected, so [] is an invalid constraint",
}

// TestMavenRanges checks Satisfies against maven-ranges.tsv:
// "spec<TAB>version<TAB>true|false|error[<TAB>note]".
func TestMavenRanges(t *testing.T) {
	const path = "testdata/maven/maven-ranges.tsv"
	rows := readTSV(t, path, 3, plain)
	var checked []row
	for _, r := range rows {
		c := r.cols[0]
		if _, ok := mavenRangeDeviations[c]; ok || !strings.HasPrefix(c, "[") && !strings.HasPrefix(c, "(") {
			// A spec not starting with a set is a soft version to Maven,
			// which everything satisfies; here it is the plain comparator
			// syntax, where a bare version means equality.
			continue
		}
		checked = append(checked, r)
	}
	checkSatisfiesRows(t, mavenScheme{}, path, checked)
	t.Logf("%d cases, %d skipped as deliberate deviations", len(rows), len(rows)-len(checked))
}

func TestMavenSatisfies(t *testing.T) {
	checkSatisfiesTable(t, mavenScheme{}, []satisfiesCase{
		{"1.0", "1.0", true}, // a bare version is exact equality here
		{"1.0.0", "1.0", true},
		{"1.1", "1.0", false},
		{"1.5", ">= 1.0, < 2.0", true},
		{"2.0", ">= 1.0, < 2.0", false},
		{"2.0-SNAPSHOT", ">= 1.0, < 2.0", true},
		{"3.1", "< 1.0 || >= 3", true},
		{"1.0", "  [1.0,2.0)  ", true},
		{"1.0-SNAPSHOT", "[1.0,2.0)", false},
		{"1.2.3", "(,1.0],[1.2,)", true},
		{"1.1", "(,1.0],[1.2,)", false},
	})
}

func TestMavenErrors(t *testing.T) {
	checkErrors(t, mavenScheme{}, Maven, "1.0", []errorCase{
		{name: "empty version", v: "", constraint: "[1.0,)", badVersion: true, reason: "empty"},
		{name: "[1.0", v: "1.0", constraint: "[1.0", reason: "unbounded range"},
		{name: "(1.0)", v: "1.0", constraint: "(1.0)", reason: "single version must be surrounded by []"},
		{name: "[2.0,1.0]", v: "1.0", constraint: "[2.0,1.0]", reason: "range defies version ordering"},
		{name: "(1.0,1.0]", v: "1.0", constraint: "(1.0,1.0]", reason: "range defies version ordering"},
		{name: "[1.0,2.0),[1.5,3.0)", v: "1.0", constraint: "[1.0,2.0),[1.5,3.0)", reason: "ranges overlap"},
		{name: "[1.0,2.0),1.5", v: "1.0", constraint: "[1.0,2.0),1.5", reason: "only fully-qualified sets allowed in multiple set scenario"},
		{name: "[]", v: "1.0", constraint: "[]", reason: "empty version in []"},
		{name: "", v: "1.0", constraint: "", reason: "empty"},
		{name: ">=", v: "1.0", constraint: ">=", reason: "operator >= has no version"},
	})
}

// TestMavenNotTransitive pins a cycle that maven-artifact 3.8.7's
// ComparableVersion itself produces (checked with Gen.java, and in
// maven-hard-*.tsv): its ordering is not transitive on such inputs, and
// this scheme, which must agree with Maven, is not either.
func TestMavenNotTransitive(t *testing.T) {
	for _, c := range []compareCase{
		{"C0A0A.C0C0C0", "0A1", -1},
		{"0A1", "00", -1},
		{"C0A0A.C0C0C0", "00", 1},
	} {
		checkCompare(t, mavenScheme{}, c)
	}
}
