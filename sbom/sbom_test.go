package sbom

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPackageURL(t *testing.T) {
	deb12 := &Distro{ID: "debian", VersionID: "12"}
	tests := []struct {
		name string
		p    Package
		d    *Distro
		want string
	}{
		{"deb", Package{Type: "deb", Namespace: "debian", Name: "openssl", Version: "3.0.11-1~deb12u2", Arch: "amd64"}, deb12,
			"pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12"},
		{"deb from another source", Package{Type: "deb", Namespace: "debian", Name: "libssl3", Version: "3.0.11-1~deb12u2", Arch: "amd64", Origin: &Origin{Name: "openssl"}}, deb12,
			"pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl"},
		{"rpm epoch", Package{Type: "rpm", Namespace: "redhat", Name: "bash", Version: "1:5.1.8-6.el9", Arch: "x86_64"}, &Distro{ID: "rhel", VersionID: "9.2"},
			"pkg:rpm/redhat/bash@5.1.8-6.el9?arch=x86_64&distro=rhel-9.2&epoch=1"},
		{"rpm zero epoch", Package{Type: "rpm", Namespace: "redhat", Name: "bash", Version: "0:5.1.8-6.el9"}, nil,
			"pkg:rpm/redhat/bash@5.1.8-6.el9"},
		{"apk", Package{Type: "apk", Namespace: "alpine", Name: "musl", Version: "1.2.4_git20230717-r4", Arch: "x86_64"}, &Distro{ID: "alpine", VersionID: "3.19.4"},
			"pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.4"},
		{"npm scoped", Package{Type: "npm", Namespace: "@babel", Name: "core", Version: "7.24.0"}, deb12,
			"pkg:npm/%40babel/core@7.24.0"},
		{"maven", Package{Type: "maven", Namespace: "org.apache.logging.log4j", Name: "log4j-core", Version: "2.14.1"}, nil,
			"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PackageURL(tt.p, tt.d); got != tt.want {
				t.Errorf("PackageURL() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSort(t *testing.T) {
	inv := Inventory{
		Packages: []Package{
			{Type: "deb", Name: "zlib1g", Version: "1", Files: []string{"/b", "/a"}},
			{Type: "apk", Name: "musl", Version: "2"},
			{Type: "deb", Name: "bash", Version: "5"},
		},
		Problems: []Problem{{Path: "/z", Message: "m"}, {Path: "/a", Message: "m"}},
	}
	inv.Sort()
	want := Inventory{
		Packages: []Package{
			{Type: "apk", Name: "musl", Version: "2"},
			{Type: "deb", Name: "bash", Version: "5"},
			{Type: "deb", Name: "zlib1g", Version: "1", Files: []string{"/a", "/b"}},
		},
		Problems: []Problem{{Path: "/a", Message: "m"}, {Path: "/z", Message: "m"}},
	}
	if diff := cmp.Diff(want, inv); diff != "" {
		t.Errorf("Sort (-want +got):\n%s", diff)
	}
}

func TestParsePackageURL(t *testing.T) {
	for _, p := range []Package{
		{Type: "deb", Namespace: "debian", Name: "bash", Version: "5.2.15-2+b8", Arch: "amd64"},
		{Type: "npm", Namespace: "@babel", Name: "core", Version: "7.22.0"},
		{Type: "maven", Namespace: "org.apache.logging.log4j", Name: "log4j-core", Version: "2.17.1"},
	} {
		got, err := ParsePackageURL(PackageURL(p, &Distro{ID: "debian", VersionID: "12"}))
		if err != nil {
			t.Fatal(err)
		}
		if got.Type != p.Type || got.Namespace != p.Namespace || got.Name != p.Name || got.Version != p.Version || got.Qualifiers["arch"] != p.Arch {
			t.Errorf("round trip of %+v gave %+v", p, got)
		}
	}
	if _, err := ParsePackageURL("npm/x@1"); err == nil {
		t.Error("no error for a string without the pkg: scheme")
	}
}
