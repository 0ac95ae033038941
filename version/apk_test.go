package version

import (
	"errors"
	"path/filepath"
	"testing"
)

// checkAPKVectors checks a vector file against apk's own order: every
// pair with apkCompareRaw (which orders invalid versions too, as apk
// does), and through Compare, which must agree on valid pairs and return
// an *InvalidVersionError otherwise.
func checkAPKVectors(t *testing.T, path string) {
	t.Helper()
	bad, invalid := 0, 0
	vs := readVectors(t, path, plain)
	for _, v := range vs {
		for _, c := range []struct {
			a, b string
			want int
		}{{v.a, v.b, v.want}, {v.b, v.a, -v.want}} {
			if got := apkCompareRaw(c.a, c.b, false); got != c.want {
				bad++
				if bad <= 20 {
					t.Errorf("%s:%d: apkCompareRaw(%q, %q) = %d; want %d", path, v.line, c.a, c.b, got, c.want)
				}
			}
			got, err := apkScheme{}.Compare(c.a, c.b)
			if apkValidate(c.a) != nil || apkValidate(c.b) != nil {
				invalid++
				var ive *InvalidVersionError
				if !errors.As(err, &ive) {
					t.Errorf("%s:%d: Compare(%q, %q) error = %v, want *InvalidVersionError", path, v.line, c.a, c.b, err)
				}
				continue
			}
			if err != nil || got != c.want {
				bad++
				if bad <= 20 {
					t.Errorf("%s:%d: Compare(%q, %q) = %d, %v; want %d", path, v.line, c.a, c.b, got, err, c.want)
				}
			}
		}
	}
	t.Logf("%s: %d vectors, %d orientations with an invalid version, %d failures", path, len(vs), invalid, bad)
}

func TestAPKVectors(t *testing.T) {
	for _, f := range []string{"apk-tools-version.tsv", "compare.tsv", "raw.tsv"} {
		t.Run(f, func(t *testing.T) { checkAPKVectors(t, filepath.Join("testdata", "apk", f)) })
	}
}

func TestAPKValidity(t *testing.T) {
	checkValidity(t, apkScheme{}, APK, filepath.Join("testdata", "apk", "validity.tsv"), plain)
}

func TestAPKSatisfiesVectors(t *testing.T) {
	checkSatisfies(t, apkScheme{}, filepath.Join("testdata", "apk", "satisfies.tsv"), plain)
}

func TestAPKInvalidVersion(t *testing.T) {
	checkErrors(t, apkScheme{}, APK, "1.0", badVersions(">= 1.0", "1.0bc", "1.0~abc", "abc", "1_foo", "1.0-1", "1.0A", "1-r1_p", "1.111111111111111111", "1.0\x00"))
}

func TestAPKInvalidConstraint(t *testing.T) {
	checkErrors(t, apkScheme{}, APK, "1.0", badConstraints("1.0", "", " , ", ">=", "><1.0", "<>1.0", ">= 1.0bc", ">= >= 1.0", "!1.0", "=1.0~abc"))
}

func TestAPKSatisfies(t *testing.T) {
	checkSatisfiesTable(t, apkScheme{}, []satisfiesCase{
		{"1.2.3-r0", "~1.2", true},
		{"1.2-r5", "~1.2", true},
		{"1.3", "~1.2", false},
		{"1.2_rc1", "~1.2", true},
		{"1.2.3", "~ 1.2", true},
		{"1.2.3", ">=1.2, <1.3", true},
		{"1.3", ">=1.2 <1.3", false},
		{"1.2", "=1.2", true},
		{"1.2", "1.2", true},
		{"1.2-r1", "> 1.2", true},
		{"1.2_rc1", "< 1.2", true},
		{"1.2_p1", "<= 1.2", false},
		{"1.2.3", "<~1.2", true},
		{"1.1", ">~1.2", false},
	})
}
