package vex

import "testing"

// TestVersIncludes evaluates vers ranges as the vers specification's
// examples and CycloneDX's test cases write them.
func TestVersIncludes(t *testing.T) {
	tests := []struct {
		r, typ, v string
		want      bool
	}{
		{"vers:semver/>=2.2.0|<=2.4.0", "", "2.3.9", true},
		{"vers:semver/>=2.2.0|<=2.4.0", "", "2.4.0", true},
		{"vers:semver/>=2.2.0|<=2.4.0", "", "2.4.1", false},
		{"vers:semver/<1.5.0|>=7.0.0", "", "1.4.9", true},
		{"vers:semver/<1.5.0|>=7.0.0", "", "3.0.0", false},
		{"vers:semver/<1.5.0|>=7.0.0", "", "7.0.0", true},
		{"vers:semver/<7.0.0|>=1.5.0", "", "3.0.0", true}, // unsorted
		{"vers:semver/<2.6.7.5", "maven", "2.6.7.4", true},
		{"vers:semver/2.7.0|<2.8.11.1", "", "2.7.0", true},
		{"vers:semver/2.9.0|<2.9.5", "", "2.9.5", false},
		{"vers:generic/>=2.9|<=4.1", "", "4.0", true},
		{"vers:generic/>=1.0|<=2.3|2.5|>=2.7|<=2.8|4.2", "", "2.5", true},
		{"vers:generic/>=1.0|<=2.3|2.5|>=2.7|<=2.8|4.2", "", "2.6", false},
		{"vers:deb/>=1:1.2.11|<1:1.2.13.dfsg-1", "", "1:1.2.11.dfsg-2ubuntu1.5", true},
		{"vers:npm/!=1.0.0|>=0.9.0", "", "1.0.0", false},
		{"vers:npm/*", "", "9.9.9", true},
		{"vers:npm/>1.0.0|<2.0.0", "", "1.0.0", false},
		{"semver/>=1.0.0", "", "1.0.0", false}, // no scheme
		{"vers:semver", "", "1.0.0", false},    // no constraints
		{"vers:semver/>=", "", "1.0.0", false}, // empty version
		{"vers:unknown/>=1.0", "", "1.1", true},
	}
	for _, tt := range tests {
		if got := versIncludes(tt.r, tt.typ, tt.v); got != tt.want {
			t.Errorf("versIncludes(%q, %q, %q) = %v, want %v", tt.r, tt.typ, tt.v, got, tt.want)
		}
	}
}

func FuzzVersIncludes(f *testing.F) {
	f.Add("vers:semver/>=2.2.0|<=2.4.0", "npm", "2.3.0")
	f.Add("vers:generic/>=1.0|<=2.3|2.5|>=2.7|<=2.8|4.2", "", "2.5")
	f.Add("vers:deb/>=1:1.2.11|<1:1.2.13.dfsg-1", "deb", "1:1.2.11.dfsg-2ubuntu1.5")
	f.Fuzz(func(t *testing.T, r, typ, v string) {
		versIncludes(r, typ, v)
	})
}
