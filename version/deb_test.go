package version

import (
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

func TestDebInvalidVersion(t *testing.T) {
	checkErrors(t, debScheme{}, Deb, "1.0", badVersions(">= 1.0", " ", "1.0-", "1:", ":1", "x:1", "1 0", "-1:1", "2147483648:1", "1:-1", "1.0\x00"))
}

func TestDebInvalidConstraint(t *testing.T) {
	checkErrors(t, debScheme{}, Deb, "1.0", badConstraints("1.0", "", " ", ">=", ">= 1.0,", "| 1.0", "== 1.0", "<> 1.0", "><1.0", ">= 1.0 2.0", "(>= 1.0", ">= 1.0-", ">= x:1", ">= (1.0)"))
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
