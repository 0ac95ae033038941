package version

import (
	"encoding/json"
	"errors"
	"os"
	"testing"
)

// TestNPMFixtures runs node-semver's own fixtures (range-include,
// range-exclude, comparisons, equality), with their options.
func TestNPMFixtures(t *testing.T) {
	data, err := os.ReadFile("testdata/npm/node-semver-fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Cases map[string][]struct {
			A       string
			B       any // one case has false: not a string, excluded
			Options npmOptionsJSON
			Expect  string
		}
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	n := 0
	for file, cases := range f.Cases {
		for i, c := range cases {
			b, ok := c.B.(string)
			if !ok {
				continue // node-semver's "not a string" case; Go types rule it out
			}
			c := struct{ A, B, Expect string }{c.A, b, c.Expect}
			n++
			o := npmOptions{loose: cases[i].Options.Loose, includePrerelease: cases[i].Options.IncludePrerelease}
			switch c.Expect {
			case "include", "exclude":
				got, err := npmSatisfies(c.B, c.A, o)
				var ve *InvalidVersionError
				if c.Expect == "exclude" && errors.As(err, &ve) {
					continue // node-semver's false for an invalid version is our error
				}
				if err != nil || got != (c.Expect == "include") {
					t.Errorf("%s[%d]: satisfies(%q, %q, %+v) = %v, %v; want %s", file, i, c.B, c.A, o, got, err, c.Expect)
				}
			case "gt", "eq":
				want := map[string]int{"gt": 1, "eq": 0}[c.Expect]
				for _, p := range [][2]string{{c.A, c.B}, {c.B, c.A}} {
					a, err1 := npmParse(p[0], o.loose)
					b, err2 := npmParse(p[1], o.loose)
					if err := errors.Join(err1, err2); err != nil {
						t.Errorf("%s[%d]: %v", file, i, err)
						continue
					}
					if got := npmCompare(&a, &b); got != want {
						t.Errorf("%s[%d]: compare(%q, %q, %+v) = %d, want %d", file, i, p[0], p[1], o, got, want)
					}
					want = -want
				}
			default:
				t.Fatalf("%s[%d]: unknown expectation %q", file, i, c.Expect)
			}
		}
	}
	t.Logf("%d fixtures", n)
}

type npmOptionsJSON struct {
	Loose             bool `json:"loose"`
	IncludePrerelease bool `json:"includePrerelease"`
}

func TestNPMVectors(t *testing.T) {
	s := npmScheme{}
	t.Run("compare", func(t *testing.T) { checkVectors(t, s, "testdata/npm/compare.tsv", escaped) })
	t.Run("valid", func(t *testing.T) { checkValidity(t, s, NPM, "testdata/npm/valid.tsv", escaped) })
	t.Run("satisfies", func(t *testing.T) { checkSatisfies(t, s, "testdata/npm/satisfies.tsv", escaped) })
	t.Run("satisfies random", func(t *testing.T) { checkSatisfies(t, s, "testdata/npm/satisfies-random.tsv", escaped) })
	t.Run("satisfies random valid", func(t *testing.T) { checkSatisfies(t, s, "testdata/npm/satisfies-random-valid.tsv", escaped) })
}

func TestNPMErrors(t *testing.T) {
	checkErrors(t, npmScheme{}, NPM, "1.0.0", []errorCase{
		{name: "invalid 1.2.3 blerg", v: "1.2.3", constraint: "blerg"},
		{name: "invalid 1.2.3 >=01.2.3", v: "1.2.3", constraint: ">=01.2.3"},
		{name: "invalid 1.2.3 >=1.2.3 || >x.x blerg", v: "1.2.3", constraint: ">=1.2.3 || >x.x blerg"},
		{name: "invalid 1.2.3 ^9007199254740991", v: "1.2.3", constraint: "^9007199254740991"},
		{name: "invalid =1.2.3 >=1", v: "=1.2.3", constraint: ">=1", badVersion: true},
		{name: "invalid 1.2 >=1", v: "1.2", constraint: ">=1", badVersion: true},
		{name: "invalid  *", v: "", constraint: "*", badVersion: true},
		{name: "invalid 9007199254740992.0.0 *", v: "9007199254740992.0.0", constraint: "*", badVersion: true},
	})
	for _, in := range []string{"", "v", "V1.2.3", "1.2.3.4", "01.2.3", "1.2.3-01", "1.2.3-", "1.2.3+"} {
		t.Run("compare "+in, func(t *testing.T) {
			checkInvalidVersion(t, npmScheme{}, NPM, "1.0.0", in)
		})
	}
}
