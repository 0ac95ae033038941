package cyclonedx

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestClassifyLicense(t *testing.T) {
	tests := []struct {
		in   string
		want licenseKind
	}{
		{"MIT", licenseID},
		{"GPL-2.0-only", licenseID},
		{"GPL-2.0+", licenseID}, // a deprecated identifier, still in the list
		{"Classpath-exception-2.0", licenseID},
		{"GPL-2.0-only WITH Classpath-exception-2.0", licenseExpression},
		{"Apache-2.0 OR MIT", licenseExpression},
		{"(MIT OR Apache-2.0) AND LicenseRef-acme-1", licenseExpression},
		{"((MIT))", licenseExpression},
		{"LGPL-2.1-only+", licenseExpression},
		{"LicenseRef-foo", licenseExpression},
		{"DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", licenseExpression},
		{"GPL-2+", licenseName}, // Debian's short name, not SPDX
		{"GPLv3+", licenseName},
		{"BSD-3-clause or GPL-2", licenseName}, // lower-case operator, unknown ids
		{"mit", licenseName},                   // identifiers match case-sensitively here
		{"MIT OR", licenseName},
		{"MIT AND (Apache-2.0", licenseName},
		{"MIT WITH GPL-2.0-only", licenseExpression}, // the list mixes licenses and exceptions
		{"MIT WITH nothing", licenseName},
		{"LicenseRef-", licenseName},
		{"Public Domain", licenseName},
		{"", licenseName},
		{"MIT/X11", licenseName},
	}
	for _, tt := range tests {
		if got := classifyLicense(tt.in); got != tt.want {
			t.Errorf("classifyLicense(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
	if n := len(spdxIDs()); n < 800 {
		t.Errorf("%d SPDX identifiers embedded, want the 811 of the schema", n)
	}
}

func TestParsePURL(t *testing.T) {
	tests := []struct {
		in      string
		want    purl
		wantErr bool
	}{
		{in: "pkg:deb/debian/bash@5.2.15-2%2Bb8?arch=amd64&distro=debian-12", want: purl{Type: "deb", Namespace: "debian", Name: "bash", Version: "5.2.15-2+b8", Qualifiers: map[string]string{"arch": "amd64", "distro": "debian-12"}}},
		{in: "pkg:npm/%40babel/core@7.22.0", want: purl{Type: "npm", Namespace: "@babel", Name: "core", Version: "7.22.0"}},
		{in: "pkg:golang/github.com/foo/bar@v1.2.3#sub/path", want: purl{Type: "golang", Namespace: "github.com/foo", Name: "bar", Version: "v1.2.3"}},
		{in: "pkg:Maven/org.apache/log4j", want: purl{Type: "maven", Namespace: "org.apache", Name: "log4j"}},
		{in: "pkg://pypi/requests@2.31.0?", want: purl{Type: "pypi", Name: "requests", Version: "2.31.0"}},
		{in: "pkg:rpm/redhat/bash@5.1?Epoch=1&&x", want: purl{Type: "rpm", Namespace: "redhat", Name: "bash", Version: "5.1", Qualifiers: map[string]string{"epoch": "1"}}},
		{in: "pkg:generic/name@1@2", want: purl{Type: "generic", Name: "name@1", Version: "2"}},
		{in: "pkg:docker/ns/img@sha256:abc", want: purl{Type: "docker", Namespace: "ns", Name: "img", Version: "sha256:abc"}},
		{in: "npm/x@1", wantErr: true},
		{in: "pkg:npm", wantErr: true},
		{in: "pkg:/x", wantErr: true},
		{in: "pkg:npm/@1", wantErr: true},
		{in: "pkg:npm/x%zz", wantErr: true},
		{in: "pkg:npm/x?a=%zz", wantErr: true},
	}
	for _, tt := range tests {
		got, err := parsePURL(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("parsePURL(%q): error %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil {
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parsePURL(%q) (-want +got):\n%s", tt.in, diff)
			}
		}
	}
}

func TestContentSerial(t *testing.T) {
	s := contentSerial([]byte("x"))
	if !validSerialNumber(s) {
		t.Errorf("contentSerial gives %q, which the schema's pattern rejects", s)
	}
	if s[9+14] != '8' || !strings.ContainsRune("89ab", rune(s[9+19])) {
		t.Errorf("contentSerial gives %q: want version 8, variant 10", s)
	}
	if contentSerial([]byte("y")) == s {
		t.Errorf("contentSerial is the same for different documents")
	}
}
