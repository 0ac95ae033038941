package version

import (
	"cmp"
	"encoding/json"
	"os"
	"testing"
)

func TestPEP440OrderVectors(t *testing.T) {
	checkVectors(t, pep440Scheme{}, "testdata/pypi/pep440-order.tsv", plain)
}

func TestPEP440OracleCompare(t *testing.T) {
	checkVectors(t, pep440Scheme{}, "testdata/pypi/compare.tsv", plain)
}

func TestPEP440OracleCompareEscaped(t *testing.T) {
	checkVectors(t, pep440Scheme{}, "testdata/pypi/compare-escaped.tsv", escaped)
}

// pep440Upstream is pep440-vectors.json, from packaging's test_version.py.
type pep440Upstream struct {
	ValidOrdered []string    `json:"valid_ordered"`
	Invalid      []string    `json:"invalid"`
	Normalized   [][2]string `json:"normalized"`
	EqualPairs   [][2]string `json:"equal_pairs"`
}

func TestPEP440UpstreamVectors(t *testing.T) {
	b, err := os.ReadFile("testdata/pypi/pep440-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var u pep440Upstream
	if err := json.Unmarshal(b, &u); err != nil {
		t.Fatal(err)
	}
	s := pep440Scheme{}
	for i, a := range u.ValidOrdered {
		for j, b := range u.ValidOrdered {
			want := cmp.Compare(i, j)
			if got, err := s.Compare(a, b); err != nil || got != want {
				t.Errorf("Compare(%q, %q) = %d, %v; want %d", a, b, got, err, want)
			}
		}
	}
	// packaging 23.0 accepts "1.0+\u0130" (fixed later, pypa/packaging#469);
	// we follow the later behaviour and reject it with the others.
	for _, v := range u.Invalid {
		checkInvalidVersion(t, pep440Scheme{}, PyPI, "1.0", v)
	}
	for _, n := range u.Normalized {
		got, err := pep440Normalize(n[0])
		if err != nil || got != n[1] {
			t.Errorf("normalise(%q) = %q, %v; want %q", n[0], got, err, n[1])
		}
		if c, err := s.Compare(n[0], n[1]); err != nil || c != 0 {
			t.Errorf("Compare(%q, %q) = %d, %v; want 0", n[0], n[1], c, err)
		}
	}
	for _, p := range u.EqualPairs {
		if c, err := s.Compare(p[0], p[1]); err != nil || c != 0 {
			t.Errorf("Compare(%q, %q) = %d, %v; want 0", p[0], p[1], c, err)
		}
	}
	t.Logf("%d ordered, %d invalid, %d normalised, %d equal", len(u.ValidOrdered), len(u.Invalid), len(u.Normalized), len(u.EqualPairs))
}

func TestPEP440OracleInvalidVersions(t *testing.T) {
	rows := readTSV(t, "testdata/pypi/invalid-versions.tsv", 1, escaped)
	for _, r := range rows {
		checkInvalidVersion(t, pep440Scheme{}, PyPI, "1.0", r.cols[0])
	}
	t.Logf("%d invalid versions", len(rows))
}

func TestPEP440OracleNormalise(t *testing.T) {
	rows := readTSV(t, "testdata/pypi/normalise.tsv", 2, escaped)
	for _, r := range rows {
		in, want := r.cols[0], r.cols[1]
		if got, err := pep440Normalize(in); err != nil || got != want {
			t.Errorf("normalise(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	t.Logf("%d normalisations", len(rows))
}

func TestPEP440OracleSatisfies(t *testing.T) {
	checkSatisfies(t, pep440Scheme{}, "testdata/pypi/satisfies.tsv", escaped)
}

func TestPEP440Errors(t *testing.T) {
	checkErrors(t, pep440Scheme{}, PyPI, "1.0", []errorCase{
		{name: "legacy version", v: "1.0-SNAPSHOT", constraint: ">=1.0", badVersion: true},
		{name: "empty version", v: "", constraint: ">=1.0", badVersion: true},
		{name: "non-ascii local", v: "1.0+\u0130", constraint: ">=1.0", badVersion: true},
		{name: "no operator", v: "1.0", constraint: "1.0"},
		{name: "local with >=", v: "1.0", constraint: ">=1.0+local"},
		{name: "wildcard with <", v: "1.0", constraint: "<1.0.*"},
		{name: "wildcard after pre", v: "1.0", constraint: "==1.0a1.*"},
		{name: "compatible with one number", v: "1.0", constraint: "~=1"},
		{name: "arbitrary non-version", v: "1.0", constraint: "===foo"},
		{name: "arbitrary empty", v: "1.0", constraint: "==="},
		{name: "bad item among good", v: "1.0", constraint: ">=1.0, <2 ,bad"},
		{name: "space inside version", v: "1.0", constraint: "==1. 0"},
		{name: "double operator", v: "1.0", constraint: ">=<1.0"},
	})
}

func TestPEP440Lookup(t *testing.T) {
	s, err := Lookup(PyPI)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Compare("1.0.0", "1.0"); err != nil || got != 0 {
		t.Errorf("Compare(1.0.0, 1.0) = %d, %v; want 0", got, err)
	}
}
