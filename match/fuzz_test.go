package match

import (
	"strings"
	"testing"
)

// FuzzParseCPE checks that parseCPE never panics, and that what it reads
// of a CPE it accepts is lowercase where CPE matching folds case.
func FuzzParseCPE(f *testing.F) {
	for _, s := range []string{
		"cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*",
		"cpe:2.3:a:opencontainers:runc:v1.0.1:*:*:*:*:*:*:*",
		`cpe:2.3:a:vendor\:x:prod\\uct:1.0:*:*:*:*:*:*:*`,
		"cpe:2.3:o:debian:debian_linux:12:*:*:*:*:*:*:*",
		"cpe:/a:redhat:enterprise_linux:8::appstream",
		"cpe:2.3:a",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := parseCPE(s)
		if !ok {
			return
		}
		if !strings.HasPrefix(s, "cpe:2.3:") {
			t.Fatalf("accepted %q without the cpe:2.3: prefix", s)
		}
		for _, v := range []string{n.part, n.vendor, n.product} {
			if v != strings.ToLower(v) {
				t.Fatalf("parseCPE(%q) = %+v: not lowercased", s, n)
			}
		}
	})
}

func TestCVEOf(t *testing.T) {
	for id, want := range map[string]string{
		"CVE-2024-3094":          "CVE-2024-3094",
		"UBUNTU-CVE-2021-3782":   "CVE-2021-3782",
		"DEBIAN-CVE-2023-12345":  "CVE-2023-12345",
		"CVE-2024-309":           "",
		"XCVE-2024-3094":         "",
		"CVE-24-3094":            "",
		"GHSA-jfh8-c2jp-5v3q":    "",
		"USN-5614-1":             "",
		"CVE-2024-3094-withdraw": "",
		"":                       "",
	} {
		if got := cveOf(id); got != want {
			t.Errorf("cveOf(%q) = %q, want %q", id, got, want)
		}
	}
}
