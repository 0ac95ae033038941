package distro

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/sbom"
)

// loadTree reads testdata/<dir> into a MapFS, keeping symbolic links as
// links (fstest.MapFS follows them inside itself).
func loadTree(t testing.TB, dir string) fstest.MapFS {
	t.Helper()
	root := filepath.Join("testdata", dir)
	m := fstest.MapFS{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink}
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// fixtures are the testdata trees and the distro each is, as its
// os-release (or legacy file) and the package documentation say.
var fixtures = []struct {
	dir  string
	want *sbom.Distro
}{
	{"alpine-3.19", &sbom.Distro{ID: "alpine", VersionID: "3.19.4", Name: "Alpine Linux v3.19"}},
	{"debian-12", &sbom.Distro{ID: "debian", VersionID: "12", Codename: "bookworm", Name: "Debian GNU/Linux 12 (bookworm)"}},
	{"debian-12-host", &sbom.Distro{ID: "debian", VersionID: "12", Codename: "bookworm", Name: "Debian GNU/Linux 12 (bookworm)"}},
	{"debian-10", &sbom.Distro{ID: "debian", VersionID: "10", Codename: "buster", Name: "Debian GNU/Linux 10 (buster)"}},
	// Google distroless: no VERSION_CODENAME; the codename is in VERSION.
	{"distroless-debian-12", &sbom.Distro{ID: "debian", VersionID: "12", Codename: "bookworm", Name: "Distroless"}},
	// Older distroless: no VERSION_ID; debian_version completes it.
	{"distroless-debian-10-old", &sbom.Distro{ID: "debian", VersionID: "10", Codename: "buster", Name: "Distroless"}},
	{"ubuntu-18.04", &sbom.Distro{ID: "ubuntu", IDLike: []string{"debian"}, VersionID: "18.04", Codename: "bionic", Name: "Ubuntu 18.04.3 LTS"}},
	{"ubuntu-22.04", &sbom.Distro{ID: "ubuntu", IDLike: []string{"debian"}, VersionID: "22.04", Codename: "jammy", Name: "Ubuntu 22.04.2 LTS"}},
	// VERSION_CODENAME wins over UBUNTU_CODENAME.
	{"linuxmint-19.2", &sbom.Distro{ID: "linuxmint", IDLike: []string{"ubuntu"}, VersionID: "19.2", Codename: "tina", Name: "Linux Mint 19.2"}},
	{"rhel-9.4", &sbom.Distro{ID: "rhel", IDLike: []string{"fedora"}, VersionID: "9.4", Name: "Red Hat Enterprise Linux 9.4 (Plow)", CPEName: "cpe:/o:redhat:enterprise_linux:9::baseos"}},
	{"ubi-8.0", &sbom.Distro{ID: "rhel", IDLike: []string{"fedora"}, VersionID: "8.0", Name: "Red Hat Enterprise Linux 8.0 (Ootpa)", CPEName: "cpe:/o:redhat:enterprise_linux:8.0:GA"}},
	{"centos-7", &sbom.Distro{ID: "centos", IDLike: []string{"rhel", "fedora"}, VersionID: "7", Name: "CentOS Linux 7 (Core)", CPEName: "cpe:/o:centos:centos:7"}},
	{"rocky-9.3", &sbom.Distro{ID: "rocky", IDLike: []string{"rhel", "centos", "fedora"}, VersionID: "9.3", Name: "Rocky Linux 9.3 (Blue Onyx)", CPEName: "cpe:/o:rocky:rocky:9::baseos"}},
	{"alma-9.4", &sbom.Distro{ID: "almalinux", IDLike: []string{"rhel", "centos", "fedora"}, VersionID: "9.4", Name: "AlmaLinux 9.4 (Seafoam Ocelot)", CPEName: "cpe:/o:almalinux:almalinux:9::baseos"}},
	{"oracle-8.10", &sbom.Distro{ID: "ol", IDLike: []string{"fedora"}, VersionID: "8.10", Name: "Oracle Linux Server 8.10", CPEName: "cpe:/o:oracle:linux:8:10:server"}},
	{"fedora-42", &sbom.Distro{ID: "fedora", VersionID: "42", Name: "Fedora Linux 42 (Container Image)", CPEName: "cpe:/o:fedoraproject:fedora:42"}},
	{"fedora-30", &sbom.Distro{ID: "fedora", VersionID: "30", Name: "Fedora 30 (Container Image)", CPEName: "cpe:/o:fedoraproject:fedora:30"}},
	{"mariner-2.0", &sbom.Distro{ID: "mariner", VersionID: "2.0", Name: "CBL-Mariner/Linux"}},
	{"azurelinux-3.0", &sbom.Distro{ID: "azurelinux", VersionID: "3.0", Name: "Microsoft Azure Linux 3.0"}},
	{"opensuse-leap-15.2.1", &sbom.Distro{ID: "opensuse-leap", IDLike: []string{"suse", "opensuse"}, VersionID: "15.2.1", Name: "openSUSE Leap 15.2.1 Beta", CPEName: "cpe:/o:opensuse:leap:15.2.1"}},
	{"opensuse-tumbleweed", &sbom.Distro{ID: "opensuse-tumbleweed", IDLike: []string{"opensuse", "suse"}, VersionID: "20220412", Name: "openSUSE Tumbleweed", CPEName: "cpe:/o:opensuse:tumbleweed:20220412"}},
	{"opensuse-leap-42.3", &sbom.Distro{ID: "opensuse", IDLike: []string{"suse"}, VersionID: "42.3", Name: "openSUSE Leap 42.3", CPEName: "cpe:/o:opensuse:leap:42.3"}},
	{"sles-15.3", &sbom.Distro{ID: "sles", IDLike: []string{"suse"}, VersionID: "15.3", Name: "SUSE Linux Enterprise Server 15 SP3", CPEName: "cpe:/o:suse:sles:15:sp3"}},
	{"photon-4.0", &sbom.Distro{ID: "photon", VersionID: "4.0", Name: "VMware Photon OS/Linux"}},
	{"wolfi", &sbom.Distro{ID: "wolfi", VersionID: "20221118", Name: "Wolfi"}},
	// Legacy release files, where no os-release exists.
	{"alma-8.4-legacy", &sbom.Distro{ID: "almalinux", VersionID: "8.4", Name: "AlmaLinux release 8.4 (Electric Cheetah)"}},
	{"centos-7.6-legacy", &sbom.Distro{ID: "centos", VersionID: "7.6.1810", Name: "CentOS Linux release 7.6.1810 (Core)"}},
	{"centos-stream-9-legacy", &sbom.Distro{ID: "centos", VersionID: "9", Name: "CentOS Stream release 9"}},
	{"oracle-7.6-legacy", &sbom.Distro{ID: "ol", VersionID: "7.6", Name: "Oracle Linux Server release 7.6"}},
	{"rocky-8.4-legacy", &sbom.Distro{ID: "rocky", VersionID: "8.4", Name: "Rocky Linux release 8.4 (Green Obsidian)"}},
	{"rhel-8.10-legacy", &sbom.Distro{ID: "rhel", VersionID: "8.10", Name: "Red Hat Enterprise Linux release 8.10 (Ootpa)"}},
	{"alma-8.10-redhat-release", &sbom.Distro{ID: "almalinux", VersionID: "8.10", Name: "AlmaLinux release 8.10 (Cerulean Leopard)"}},
	{"rocky-8.10-redhat-release", &sbom.Distro{ID: "rocky", VersionID: "8.10", Name: "Rocky Linux release 8.10 (Green Obsidian)"}},
	{"rhcos-4.16-legacy", &sbom.Distro{ID: "rhcos", VersionID: "4.16", Name: "Red Hat Enterprise Linux CoreOS release 4.16"}},
	{"amzn-2-legacy", &sbom.Distro{ID: "amzn", VersionID: "2", Name: "Amazon Linux release 2 (Karoo)"}},
	{"amzn-2018.03-legacy", &sbom.Distro{ID: "amzn", VersionID: "2018.03", Name: "Amazon Linux AMI release 2018.03"}},
	{"debian-10.8-legacy", &sbom.Distro{ID: "debian", VersionID: "10", Codename: "buster", Name: "Debian GNU/Linux 10 (buster)"}},
	{"debian-13.5-legacy", &sbom.Distro{ID: "debian", VersionID: "13", Codename: "trixie", Name: "Debian GNU/Linux 13 (trixie)"}},
	{"debian-buster-sid-legacy", &sbom.Distro{ID: "debian", Codename: "buster", Name: "Debian GNU/Linux buster/sid"}},
}

func TestDetectFixtures(t *testing.T) {
	for _, tc := range fixtures {
		t.Run(tc.dir, func(t *testing.T) {
			for name, fsys := range map[string]fs.FS{
				"MapFS": loadTree(t, tc.dir),
				"DirFS": os.DirFS(filepath.Join("testdata", tc.dir)),
			} {
				got, err := Detect(fsys)
				if err != nil {
					t.Errorf("%s: Detect: %v", name, err)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("%s: Detect (-want +got):\n%s", name, diff)
				}
			}
		})
	}
}

// TestDetectLegacyOnly drops the os-release files of the real rootfs
// trees: the legacy files alone must give the same distro, but for what
// only os-release says.
func TestDetectLegacyOnly(t *testing.T) {
	tests := []struct {
		dir  string
		want *sbom.Distro
	}{
		{"alpine-3.19", &sbom.Distro{ID: "alpine", VersionID: "3.19.4", Name: "Alpine Linux v3.19"}},
		{"debian-12", &sbom.Distro{ID: "debian", VersionID: "12", Codename: "bookworm", Name: "Debian GNU/Linux 12 (bookworm)"}},
		{"debian-12-host", &sbom.Distro{ID: "debian", VersionID: "12", Codename: "bookworm", Name: "Debian GNU/Linux 12 (bookworm)"}},
	}
	for _, tc := range tests {
		t.Run(tc.dir, func(t *testing.T) {
			m := loadTree(t, tc.dir)
			delete(m, "etc/os-release")
			delete(m, "usr/lib/os-release")
			got, err := Detect(m)
			if err != nil {
				t.Errorf("Detect: %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Detect (-want +got):\n%s", diff)
			}
		})
	}
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func link(target string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink}
}

// TestDetectOneFile covers the file shapes no fixture has, one file each.
// The legacy contents follow what the distros write (vendor spec files:
// "VMware Photon OS %{version}\nPHOTON_BUILD_NUMBER=...").
func TestDetectOneFile(t *testing.T) {
	tests := []struct {
		name, path, content string
		want                *sbom.Distro
	}{
		{"system-release of a non-Amazon distro is skipped", "etc/system-release", "Foo Linux release 1\n", nil},
		{"photon-release", "etc/photon-release", "VMware Photon OS 4.0\nPHOTON_BUILD_NUMBER=2f5aad892\n", &sbom.Distro{ID: "photon", VersionID: "4.0", Name: "VMware Photon OS 4.0"}},
		{"photon 1.0 release", "etc/photon-release", "VMware Photon Linux 1.0\nPHOTON_BUILD_NUMBER=62c543d\n", &sbom.Distro{ID: "photon", VersionID: "1.0", Name: "VMware Photon Linux 1.0"}},
		{"mariner-release", "etc/mariner-release", "CBL-Mariner 2.0.20230811\nMARINER_BUILD_NUMBER=c5977a5\n", &sbom.Distro{ID: "mariner", VersionID: "2.0", Name: "CBL-Mariner 2.0.20230811"}},
		{"fedora-release", "etc/fedora-release", "Fedora release 38 (Thirty Eight)\n", &sbom.Distro{ID: "fedora", VersionID: "38", Name: "Fedora release 38 (Thirty Eight)"}},
		{"SuSE-release, SLES with patch level", "etc/SuSE-release", "SUSE Linux Enterprise Server 12 (x86_64)\nVERSION = 12\nPATCHLEVEL = 3\n", &sbom.Distro{ID: "sles", VersionID: "12.3", Name: "SUSE Linux Enterprise Server 12"}},
		{"SuSE-release, openSUSE", "etc/SuSE-release", "openSUSE 42.3 (x86_64)\nVERSION = 42.3\nCODENAME = Malachite\n", &sbom.Distro{ID: "opensuse", VersionID: "42.3", Name: "openSUSE 42.3"}},
		{"lsb-release with a several-word DISTRIB_ID", "etc/lsb-release", "DISTRIB_ID=\"VMware Photon OS\"\nDISTRIB_RELEASE=\"4.0\"\n", nil},
		{"alpine edge", "etc/alpine-release", "3.20.0_alpha20240315\n", &sbom.Distro{ID: "alpine", VersionID: "3.20.0_alpha20240315", Name: "Alpine Linux edge"}},
		{"debian codename from VERSION_ID alone", "etc/os-release", "ID=debian\nVERSION_ID=\"11\"\n", &sbom.Distro{ID: "debian", VersionID: "11", Codename: "bullseye"}},
		{"unknown debian_version", "etc/debian_version", "99.1\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Detect(fstest.MapFS{tc.path: file(tc.content)})
			if err != nil {
				t.Errorf("Detect: %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Detect (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDetectCases covers order, links and errors.
func TestDetectCases(t *testing.T) {
	debianTesting := "PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nID=debian\nVERSION_CODENAME=trixie\n"
	ubuntuLSB := "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=16.04\nDISTRIB_CODENAME=xenial\nDISTRIB_DESCRIPTION=\"Ubuntu 16.04 LTS\"\n"
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		want    *sbom.Distro
		wantErr string // substring; "" for none
	}{
		{name: "empty", fsys: fstest.MapFS{}},
		{
			name: "debian testing keeps its empty VersionID",
			fsys: fstest.MapFS{"etc/os-release": file(debianTesting), "etc/debian_version": file("trixie/sid\n")},
			want: &sbom.Distro{ID: "debian", Codename: "trixie", Name: "Debian GNU/Linux trixie/sid"},
		},
		{
			name:    "an unreadable debian_version is reported, the os-release kept",
			fsys:    fstest.MapFS{"etc/os-release": file("ID=debian\n"), "etc/debian_version": link("debian_version")},
			want:    &sbom.Distro{ID: "debian"},
			wantErr: "distro: /etc/debian_version: readlink",
		},
		{name: "no ID anywhere", fsys: fstest.MapFS{"etc/os-release": file("NAME=Linux\n")}},
		{
			name: "etc before usr/lib",
			fsys: fstest.MapFS{"etc/os-release": file("ID=a\n"), "usr/lib/os-release": file("ID=b\n")},
			want: &sbom.Distro{ID: "a"},
		},
		{
			name: "usr/lib when etc has no ID",
			fsys: fstest.MapFS{"etc/os-release": file("# empty\n"), "usr/lib/os-release": file("ID=B\nNAME=Bee\nVERSION=\"1 (one)\"\n")},
			want: &sbom.Distro{ID: "b", Name: "Bee 1 (one)"},
		},
		{
			name: "os-release before legacy",
			fsys: fstest.MapFS{"etc/os-release": file("ID=ubuntu\n"), "etc/lsb-release": file(ubuntuLSB), "etc/debian_version": file("bookworm/sid\n")},
			want: &sbom.Distro{ID: "ubuntu"},
		},
		{
			name: "lsb-release before debian_version",
			fsys: fstest.MapFS{"etc/lsb-release": file(ubuntuLSB), "etc/debian_version": file("stretch/sid\n")},
			want: &sbom.Distro{ID: "ubuntu", VersionID: "16.04", Codename: "xenial", Name: "Ubuntu 16.04 LTS"},
		},
		{
			name: "centos-release before its redhat-release and system-release links",
			fsys: fstest.MapFS{
				"etc/centos-release": file("CentOS Linux release 7.9.2009 (Core)\n"),
				"etc/redhat-release": link("centos-release"),
				"etc/system-release": link("centos-release"),
			},
			want: &sbom.Distro{ID: "centos", VersionID: "7.9.2009", Name: "CentOS Linux release 7.9.2009 (Core)"},
		},
		{
			name: "absolute link stays inside the root",
			fsys: fstest.MapFS{"etc/os-release": link("/usr/lib/os-release"), "usr/lib/os-release": file("ID=inside\n")},
			want: &sbom.Distro{ID: "inside"},
		},
		{
			name: "dot-dot is clamped at the root",
			fsys: fstest.MapFS{"etc/os-release": link("../../../../usr/lib/os-release"), "usr/lib/os-release": file("ID=clamped\n")},
			want: &sbom.Distro{ID: "clamped"},
		},
		{
			name: "linked directory",
			fsys: fstest.MapFS{"etc": link("real-etc"), "real-etc/alpine-release": file("3.18.0\n")},
			want: &sbom.Distro{ID: "alpine", VersionID: "3.18.0", Name: "Alpine Linux v3.18"},
		},
		{
			name: "dangling link is a missing file",
			fsys: fstest.MapFS{"etc/os-release": link("../usr/lib/os-release"), "etc/alpine-release": file("3.19.4\n")},
			want: &sbom.Distro{ID: "alpine", VersionID: "3.19.4", Name: "Alpine Linux v3.19"},
		},
		{
			name:    "link loop is reported, the next source used",
			fsys:    fstest.MapFS{"etc/os-release": link("os-release"), "usr/lib/os-release": file("ID=next\n")},
			want:    &sbom.Distro{ID: "next"},
			wantErr: "distro: /etc/os-release: readlink etc/os-release: too many levels of symbolic links",
		},
		{
			name:    "too large is reported, the next source used",
			fsys:    fstest.MapFS{"etc/os-release": file("ID=big\n" + strings.Repeat("#\n", maxFileSize)), "etc/alpine-release": file("3.19.4\n")},
			want:    &sbom.Distro{ID: "alpine", VersionID: "3.19.4", Name: "Alpine Linux v3.19"},
			wantErr: "distro: /etc/os-release: larger than 65536 bytes",
		},
		{
			name:    "malformed line is reported, the good lines used",
			fsys:    fstest.MapFS{"etc/os-release": file("ID=debian\nVERSION_ID=\"12\nNAME\n")},
			want:    &sbom.Distro{ID: "debian"},
			wantErr: "distro: /etc/os-release: line 2: VERSION_ID: unterminated double quote\ndistro: /etc/os-release: line 3: no \"=\"",
		},
		{
			name:    "a directory where a file should be",
			fsys:    fstest.MapFS{"etc/os-release/x": file("")},
			wantErr: "distro: /etc/os-release:",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Detect(tc.fsys)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Detect (-want +got):\n%s", diff)
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("Detect error: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("Detect error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestWants(t *testing.T) {
	for _, p := range []string{"/etc/os-release", "/usr/lib/os-release", "/etc/alpine-release", "/etc/debian_version", "/etc/redhat-release", "/etc/SuSE-release", "/etc/lsb-release", "/etc/system-release"} {
		if !Wants(p) {
			t.Errorf("Wants(%q) = false, want true", p)
		}
	}
	for _, p := range []string{"etc/os-release", "/etc/os-release.d", "/etc/suse-release", "/var/lib/dpkg/status", "/", ""} {
		if Wants(p) {
			t.Errorf("Wants(%q) = true, want false", p)
		}
	}
	// Every source is wanted, so the scanner gathers what Detect reads.
	for _, s := range sources {
		if !Wants("/" + s.path) {
			t.Errorf("Wants(%q) = false for a source", "/"+s.path)
		}
	}
}
