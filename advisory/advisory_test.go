package advisory_test

import (
	"testing"

	"github.com/loadline/loadline/advisory"
)

func TestReleaseOf(t *testing.T) {
	tests := []struct {
		id, version string
		want        advisory.Release
	}{
		{"debian", "12", advisory.Release{Distro: "debian", Version: "12"}},
		{"debian", "12.4", advisory.Release{Distro: "debian", Version: "12"}},
		{"ubuntu", "22.04", advisory.Release{Distro: "ubuntu", Version: "22.04"}},
		{"alpine", "3.20.3", advisory.Release{Distro: "alpine", Version: "3.20"}},
		{"alpine", "3.21.0_alpha20240807", advisory.Release{Distro: "alpine", Version: "edge"}},
		{"rhel", "9.4", advisory.Release{Distro: "rhel", Version: "9"}},
		{"rocky", "9.3", advisory.Release{Distro: "rocky", Version: "9"}},
		{"amzn", "2023", advisory.Release{Distro: "amzn", Version: "2023"}},
		{"sles", "15.5", advisory.Release{Distro: "sles", Version: "15.5"}},
		{"mariner", "2.0.20240301", advisory.Release{Distro: "mariner", Version: "2.0"}},
		{"wolfi", "20230201", advisory.Release{Distro: "wolfi"}},
		{"Gentoo", "2.14", advisory.Release{Distro: "gentoo", Version: "2.14"}},
	}
	for _, tt := range tests {
		if got := advisory.ReleaseOf(tt.id, tt.version); got != tt.want {
			t.Errorf("ReleaseOf(%q, %q) = %+v, want %+v", tt.id, tt.version, got, tt.want)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	tests := []struct{ eco, name, want string }{
		{"pypi", "Flask_SQLAlchemy", "flask-sqlalchemy"},
		{"pypi", "zope.interface", "zope-interface"},
		{"pypi", "a--_.b", "a-b"},
		{"nuget", "Newtonsoft.Json", "newtonsoft.json"},
		{"composer", "Monolog/Monolog", "monolog/monolog"},
		{"deb", "libWebp", "libWebp"},
		{"npm", "@Babel/core", "@Babel/core"},
		{"", `embarcadero:c\+\+builder`, "embarcadero:c++builder"},
		{"", "Openssl:OpenSSL", "openssl:openssl"},
		{"", `a:b\\c`, `a:b\c`},
	}
	for _, tt := range tests {
		if got := advisory.NormalizeName(tt.eco, tt.name); got != tt.want {
			t.Errorf("NormalizeName(%q, %q) = %q, want %q", tt.eco, tt.name, got, tt.want)
		}
	}
}

func TestEntryName(t *testing.T) {
	for _, tt := range []struct {
		af   advisory.Affected
		want string
	}{
		{advisory.Affected{CPE: "cpe:2.3:a:tukaani:xz:5.6.0:*:*:*:*:*:*:*"}, "tukaani:xz"},
		{advisory.Affected{CPE: `cpe:2.3:a:foo\:bar:baz\\:1:*:*:*:*:*:*:*`}, `foo\:bar:baz\\`},
		{advisory.Affected{CPE: "cpe:2.3:o:linux:linux_kernel"}, ""}, // no version field: not a whole name
		{advisory.Affected{CPE: "cpe:/a:tukaani:xz:5.6.0"}, ""},
		{advisory.Affected{CPE: "cpe:2.3:a::xz:1:*:*:*:*:*:*:*"}, ""},
		{advisory.Affected{Package: "tukaani:xz", CPE: "cpe:2.3:a:other:name:1:*:*:*:*:*:*:*"}, "tukaani:xz"},
		{advisory.Affected{Ecosystem: "deb", CPE: "cpe:2.3:a:tukaani:xz:5.6.0:*:*:*:*:*:*:*"}, ""},
	} {
		if got := advisory.EntryName(&tt.af); got != tt.want {
			t.Errorf("EntryName(%+v) = %q, want %q", tt.af, got, tt.want)
		}
	}
}
