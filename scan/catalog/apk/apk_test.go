package apk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

const dbPath = "/lib/apk/db/installed"

// oracles are the real databases in testdata, each with the listings
// gen.sh made from apk-tools 2.14.4 itself, and the records apk rejects.
var oracles = []struct {
	db, base string
	errs     []string // substrings of the expected error, one per skipped record
}{
	{db: "alpine-3.19.4-installed", base: "alpine-3.19.4"},
	{db: "scalibr-alpine-installed", base: "scalibr-alpine"},
	{db: "trivy-alpine-installed", base: "trivy-alpine", errs: []string{
		`apk: /lib/apk/db/installed: record at line 23: package "invalidPackageWithoutAVersion": no V (version) field`,
	}},
}

// readTSV returns the lines of a testdata listing, each split at tabs.
func readTSV(t *testing.T, name string) [][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for l := range strings.Lines(string(b)) {
		rows = append(rows, strings.Split(strings.TrimSuffix(l, "\n"), "\t"))
	}
	return rows
}

func parseFile(t *testing.T, name string) ([]sbom.Package, error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(context.Background(), bytes.NewReader(b), dbPath)
}

// TestOracle compares Parse with apk's own listings (gen.sh): name,
// version, arch, origin, licence, and every owned file.
func TestOracle(t *testing.T) {
	for _, o := range oracles {
		t.Run(o.base, func(t *testing.T) {
			pkgs, err := parseFile(t, o.db)
			checkErr(t, err, o.errs)
			var got, gotFiles [][]string
			for _, p := range pkgs {
				origin := ""
				if p.Origin != nil {
					origin = p.Origin.Name
					if p.Origin.Version != p.Version {
						t.Errorf("%s: origin version %q, want the package's %q", p.Name, p.Origin.Version, p.Version)
					}
				}
				got = append(got, []string{p.Name, p.Version, p.Arch, origin, strings.Join(p.Licenses, " ")})
				for _, f := range p.Files {
					gotFiles = append(gotFiles, []string{p.Name, f})
				}
				if diff := cmp.Diff([]string{dbPath}, p.Evidence); diff != "" {
					t.Errorf("%s: evidence (-want +got):\n%s", p.Name, diff)
				}
				if p.Type != "apk" || p.Namespace != "alpine" {
					t.Errorf("%s: type %q namespace %q, want apk alpine", p.Name, p.Type, p.Namespace)
				}
			}
			want := readTSV(t, "expected-"+o.base+".tsv")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
			// apk lists files in database order; Parse sorts them.
			wantFiles := readTSV(t, "expected-files-"+o.base+".tsv")
			slices.SortStableFunc(wantFiles, slices.Compare)
			if diff := cmp.Diff(wantFiles, gotFiles); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
			t.Logf("%d packages, %d files match apk", len(got), len(gotFiles))
		})
	}
}

// TestApkLive runs gen.sh, and so apk-tools itself, again when it can:
// as root, with chroot, and with the Alpine minirootfs tarball found at
// $LOADLINE_ALPINE_MINIROOTFS or in the shared data beside the
// repository. Its listings must equal the committed ones.
func TestApkLive(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	if os.Geteuid() != 0 {
		t.Skip("chroot needs root")
	}
	for _, tool := range []string{"sh", "chroot", "tar", "awk"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s", tool)
		}
	}
	const tarball = "data/rootfs/alpine-3.19.4-rootfs-subset.tar.gz"
	var rootfs string
	for _, p := range []string{os.Getenv("LOADLINE_ALPINE_MINIROOTFS"), "../../../../shared/" + tarball, "/work/shared/" + tarball} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				rootfs, _ = filepath.Abs(p)
				break
			}
		}
	}
	if rootfs == "" {
		t.Skip("no Alpine minirootfs tarball")
	}
	out := t.TempDir()
	cmd := exec.Command("sh", "gen.sh", rootfs, out)
	cmd.Dir = "testdata"
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen.sh: %v\n%s", err, b)
	}
	for _, o := range oracles {
		for _, name := range []string{"expected-" + o.base + ".tsv", "expected-files-" + o.base + ".tsv"} {
			want, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s: apk now (-want) and committed (+got):\n%s", name, diff)
			}
		}
	}
}

// TestApkInfoV checks the Alpine 3.19.4 minirootfs against `apk info -v`
// run in it: the same name-version set, exactly.
func TestApkInfoV(t *testing.T) {
	pkgs, err := parseFile(t, "alpine-3.19.4-installed")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range pkgs {
		got = append(got, p.Name+"-"+p.Version)
	}
	var want []string
	for _, r := range readTSV(t, "alpine-minirootfs-3.19.4.apk-info-v.txt") {
		want = append(want, r[0])
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("apk info -v (-want +got):\n%s", diff)
	}
}

func checkErr(t *testing.T, err error, want []string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Errorf("error %v, want none", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	var got []string
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			got = append(got, e.Error())
		}
	} else {
		got = []string{err.Error()}
	}
	if len(got) != len(want) {
		t.Fatalf("errors %q, want %d matching %q", got, len(want), want)
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("error %d: %q, want it to contain %q", i, got[i], want[i])
		}
	}
}

// TestParseFields checks one record field by field.
func TestParseFields(t *testing.T) {
	in := "C:Q1abc=\nP:musl-utils\nV:1.2.4_git20230717-r4\nA:x86_64\nL:MIT AND BSD-2-Clause AND GPL-2.0-or-later\n" +
		"o:musl\nm:Natanael Copa <ncopa@alpinelinux.org>\nU:https://musl.libc.org/\nc:abc123\nD:scanelf\n" +
		"R:at-root\nF:usr/bin\nR:ldd\nR:iconv\na:0:0:755\nZ:Q1x=\nF:etc\nF:sbin\nR:ldconfig\n"
	got, err := Parse(context.Background(), strings.NewReader(in), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	want := []sbom.Package{{
		Type: "apk", Namespace: "alpine", Name: "musl-utils", Version: "1.2.4_git20230717-r4", Arch: "x86_64",
		Origin:   &sbom.Origin{Name: "musl", Version: "1.2.4_git20230717-r4"},
		Licenses: []string{"MIT AND BSD-2-Clause AND GPL-2.0-or-later"},
		Evidence: []string{dbPath},
		Files:    []string{"/at-root", "/sbin/ldconfig", "/usr/bin/iconv", "/usr/bin/ldd"},
		Metadata: map[string]string{
			"apk:maintainer": "Natanael Copa <ncopa@alpinelinux.org>",
			"apk:url":        "https://musl.libc.org/",
			"apk:commit":     "abc123",
		},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestParseErrors checks that each malformed record is skipped and named,
// and the good ones kept.
func TestParseErrors(t *testing.T) {
	good := "P:zlib\nV:1.3.1-r0\n"
	for _, tc := range []struct {
		name, in string
		want     []string // names of the packages kept
		errs     []string
	}{
		{"empty", "", nil, nil},
		{"blank lines only", "\n\n \n", nil, nil},
		{"no P", "V:1-r0\nA:x86_64\n\n" + good, []string{"zlib"}, []string{"record at line 1: no P (name) field"}},
		{"no V", "P:a\n\n" + good, []string{"zlib"}, []string{`record at line 1: package "a": no V (version) field`}},
		{"empty V", "P:a\nV:\n\n" + good, []string{"zlib"}, []string{`package "a": no V (version) field`}},
		{"not a field", good + "\nP:a\nV:1\nnonsense\n", []string{"zlib"}, []string{`record at line 4: line 6: not a field (X:value): "nonsense"`}},
		{"short line", "P:a\nV:1\nx\n\n" + good, []string{"zlib"}, []string{"line 3: not a field"}},
		{"second P", "P:a\nP:b\nV:1\n\n" + good, []string{"zlib"}, []string{"line 2: second P field"}},
		{"two bad", "P:a\n\nV:1\n\n" + good, []string{"zlib"}, []string{"record at line 1:", "record at line 3: no P"}},
		{"CRLF", "P:a\r\nV:1\r\n\r\n" + good, []string{"a", "zlib"}, nil},
		{"no final newline", "P:a\nV:1", []string{"a"}, nil},
		{"line too long", good + "\nP:a\nT:" + strings.Repeat("x", maxLine) + "\n", []string{"zlib"}, []string{"line 5: bufio.Scanner: token too long"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkgs, err := Parse(context.Background(), strings.NewReader(tc.in), dbPath)
			checkErr(t, err, tc.errs)
			if err != nil && !strings.HasPrefix(err.Error(), "apk: "+dbPath+": ") {
				t.Errorf("error %q lacks the prefix %q", err, "apk: "+dbPath+": ")
			}
			var names []string
			for _, p := range pkgs {
				names = append(names, p.Name)
			}
			if diff := cmp.Diff(tc.want, names); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseLimit(t *testing.T) {
	in := "P:a\nV:1\n\nP:b\nV:2\n\nP:c\nV:3\n"
	pkgs, err := parse(context.Background(), strings.NewReader(in), dbPath, 16)
	checkErr(t, err, []string{"larger than 16 bytes"})
	if len(pkgs) != 1 {
		t.Errorf("got %d packages, want the 1 record read whole before the limit", len(pkgs))
	}
	if _, err := parse(context.Background(), strings.NewReader(in), dbPath, int64(len(in))); err != nil {
		t.Errorf("a database of exactly the limit: %v", err)
	}
}

func TestParseCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Parse(ctx, strings.NewReader("P:a\nV:1\n\nP:b\nV:2\n"), dbPath)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

func TestCatalog(t *testing.T) {
	db, err := os.ReadFile("testdata/alpine-3.19.4-installed")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"lib/apk/db/installed": {Data: db}, "usr/lib/apk/db/installed": {Data: db}}
	var c Cataloger
	if c.Name() != "apk" {
		t.Errorf("Name() = %q", c.Name())
	}
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"/lib/apk/db/installed", true},
		{"/usr/lib/apk/db/installed", true},
		{"/lib/apk/db/installed.bak", false},
		{"lib/apk/db/installed", false},
		{"/lib/apk/db/scripts.tar", false},
		{"/var/lib/dpkg/status", false},
	} {
		if got := c.Wants(tc.path); got != tc.want {
			t.Errorf("Wants(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
	for _, tc := range []struct {
		name   string
		distro *sbom.Distro
		want   string
	}{
		{"no distro", nil, "alpine"},
		{"alpine", &sbom.Distro{ID: "alpine", VersionID: "3.19.4"}, "alpine"},
		{"wolfi", &sbom.Distro{ID: "wolfi"}, "wolfi"},
		{"chainguard", &sbom.Distro{ID: "chainguard"}, "chainguard"},
		{"like alpine", &sbom.Distro{ID: "postmarketos-edge", IDLike: []string{"alpine"}}, "postmarketos-edge"},
		{"not apk", &sbom.Distro{ID: "debian"}, "alpine"},
		{"empty id", &sbom.Distro{}, "alpine"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/lib/apk/db/installed", "/usr/lib/apk/db/installed"} {
				pkgs, err := c.Catalog(context.Background(), &catalog.Input{Path: path, FS: fsys, Distro: tc.distro})
				if err != nil {
					t.Fatal(err)
				}
				if len(pkgs) != 15 {
					t.Fatalf("got %d packages, want 15", len(pkgs))
				}
				for _, p := range pkgs {
					if p.Namespace != tc.want || p.Evidence[0] != path || p.PURL != "" || p.Layer != "" {
						t.Fatalf("%s: namespace %q evidence %q purl %q layer %q; want namespace %q evidence %q, no purl or layer",
							p.Name, p.Namespace, p.Evidence, p.PURL, p.Layer, tc.want, path)
					}
				}
			}
		})
	}
	_, err = c.Catalog(context.Background(), &catalog.Input{Path: "/lib/apk/db/missing", FS: fsys})
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "apk: /lib/apk/db/missing: ") {
		t.Errorf("missing file: error %v, want fs.ErrNotExist prefixed apk: /lib/apk/db/missing:", err)
	}
}

// TestDeterministic checks that the same input gives the same output.
func TestDeterministic(t *testing.T) {
	a, _ := parseFile(t, "trivy-alpine-installed")
	b, _ := parseFile(t, "trivy-alpine-installed")
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("(-first +second):\n%s", diff)
	}
}

func FuzzParse(f *testing.F) {
	for _, o := range oracles {
		b, err := os.ReadFile(filepath.Join("testdata", o.db))
		if err != nil {
			f.Fatal(err)
		}
		// The first records only: the fuzzer minimizes every new input it
		// finds, and minimizing a whole 15 KiB database takes minutes.
		for len(b) > 2048 {
			i := bytes.LastIndex(b[:len(b)-1], []byte("\n\n"))
			if i < 0 {
				break
			}
			b = b[:i+1]
		}
		f.Add(b)
	}
	f.Add([]byte("P:a\nV:1\nR:x\n\nP:\n\nV:2\n\nF:\nR:\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		pkgs, err := Parse(context.Background(), bytes.NewReader(b), dbPath)
		if err != nil && !strings.HasPrefix(err.Error(), "apk: "+dbPath+": ") {
			t.Errorf("error %q lacks the prefix", err)
		}
		for i, p := range pkgs {
			if p.Type != "apk" || p.Name == "" || p.Version == "" || len(p.Evidence) != 1 {
				t.Errorf("package %d insane: %+v", i, p)
			}
			if p.Origin != nil && (p.Origin.Name == "" || p.Origin.Version != p.Version) {
				t.Errorf("package %d: origin %+v", i, p.Origin)
			}
			for j, f := range p.Files {
				if !strings.HasPrefix(f, "/") || j > 0 && p.Files[j-1] >= f {
					t.Errorf("package %d: files not rooted, sorted and unique: %q", i, p.Files)
					break
				}
			}
			if i > 0 && sbom.ComparePackages(pkgs[i-1], p) > 0 {
				t.Errorf("packages out of order at %d", i)
			}
		}
		_ = fmt.Sprint(pkgs)
	})
}
