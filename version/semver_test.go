package version

import (
	"errors"
	"testing"
)

func TestSemverRangeCompare(t *testing.T) {
	checkCompareTable(t, semverRangeScheme{}, " vs ", []compareCase{
		{"1.2", "1.2.0", 0},
		{"v1.2.3", "1.2.3", 0},
		{"1", "1.0.0", 0},
		{"1.2.3+build", "1.2.3", 0},
		{"1.2.3-alpha", "1.2.3", -1},
		{"1.2-alpha", "1.2.0", -1},
		{"1.0.0-alpha.1", "1.0.0-alpha.beta", -1},
		{"1.0.0-beta.11", "1.0.0-beta.2", 1},
		{"1.0.0-rc.1", "1.0.0-rc.1.0", -1},
		{"0", "0.0.1", -1},
		{"10.0.0", "9.99.99", 1},
		{"01.2.3", "1.2.3", 0},
		{"18446744073709551616.0.0", "18446744073709551615.0.0", 1},
	})
	for _, in := range []string{"", "v", "1.", "1..2", "1.2.3.4", "a.b.c", "1.2.3-", "1.2.3-a..b", "1.2.3+", "1.2.3_4", "V1.2.3", " 1.2.3"} {
		t.Run("invalid "+in, func(t *testing.T) {
			checkInvalidVersion(t, semverRangeScheme{}, "semver", "1.0.0", in)
		})
	}
}

func FuzzSemverRangeCompare(f *testing.F) {
	addSeeds(f, fuzzSeeds(f, "testdata/golang/compare.tsv", escaped, 1, -1))
	f.Add("1.2", "v1.2.0-rc.1", "01")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		s := semverRangeScheme{}
		checkOrder(t, s, a, b, c)
	})
}

// semverRangeScheme wraps compareSemverRange for checkOrder.
type semverRangeScheme struct{}

func (semverRangeScheme) Compare(a, b string) (int, error) { return compareSemverRange(a, b) }
func (semverRangeScheme) Satisfies(string, string) (bool, error) {
	return false, errors.New("not used")
}
