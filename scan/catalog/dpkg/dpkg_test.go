package dpkg

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
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

// oracles pairs each status file in testdata with the dpkg-query listing
// of it (see testdata/gen.sh and testdata/PROVENANCE.md).
var oracles = []struct{ status, expected string }{
	{"debian-12-minbase/status", "debian-12-minbase/expected-packages.tsv"},
	{"debian-12-buildhost.status.gz", "expected-debian-12-buildhost.tsv"},
	{"claircore-debian-only.status", "expected-claircore-debian-only.tsv"},
	{"claircore-postgresql.status", "expected-claircore-postgresql.tsv"},
	{"claircore-texlive.status.gz", "expected-claircore-texlive.tsv"},
	{"scalibr-valid.status", "expected-scalibr-valid.tsv"},
	{"trivy-ubuntu-bionic.status", "expected-trivy-ubuntu-bionic.tsv"},
}

// readTestdata returns the file's bytes, decompressed when it is a .gz.
func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(name, ".gz") {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	b, err = io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// row is one line of a dpkg-query listing: package, version,
// architecture, source package, source version, db:Status-Abbrev.
type row [6]string

// parseListing reads dpkg-query output, skipping "#" comment lines.
func parseListing(t *testing.T, b []byte) []row {
	t.Helper()
	var rows []row
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSuffix(line, "\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != len(row{}) {
			t.Fatalf("listing line %q: %d fields, want %d", line, len(f), len(row{}))
		}
		rows = append(rows, row(f))
	}
	slices.SortFunc(rows, func(a, b row) int { return slices.Compare(a[:], b[:]) })
	return rows
}

// installedRows are the rows of packages Parse reports, with the status
// column cleared: db:Status-Abbrev's second letter (the package state)
// is installed, triggers-pending, triggers-awaited, half-configured or
// unpacked.
func installedRows(rows []row) []row {
	var out []row
	for _, r := range rows {
		if len(r[5]) >= 2 && strings.ContainsRune("itWFU", rune(r[5][1])) {
			r[5] = ""
			out = append(out, r)
		}
	}
	return out
}

// pkgRows turns packages into listing rows as dpkg-query prints them:
// the source is the package itself when Origin is nil, and its version
// the package's own when Origin.Version is "".
func pkgRows(pkgs []sbom.Package) []row {
	var rows []row
	for _, p := range pkgs {
		src, srcVer := p.Name, p.Version
		if p.Origin != nil {
			src = p.Origin.Name
			if p.Origin.Version != "" {
				srcVer = p.Origin.Version
			}
		}
		rows = append(rows, row{p.Name, p.Version, p.Arch, src, srcVer, ""})
	}
	slices.SortFunc(rows, func(a, b row) int { return slices.Compare(a[:], b[:]) })
	return rows
}

func TestParseMatchesDpkgQuery(t *testing.T) {
	for _, o := range oracles {
		t.Run(o.status, func(t *testing.T) {
			const path = "/var/lib/dpkg/status"
			listing := parseListing(t, readTestdata(t, o.expected))
			pkgs, err := Parse(context.Background(), bytes.NewReader(readTestdata(t, o.status)), path)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			want := installedRows(listing)
			if diff := cmp.Diff(want, pkgRows(pkgs)); diff != "" {
				t.Errorf("packages differ from %s (-want +got):\n%s", o.expected, diff)
			}
			t.Logf("%d packages match %s (%d listed by dpkg-query)", len(pkgs), o.expected, len(listing))
			if !slices.IsSortedFunc(pkgs, sbom.ComparePackages) {
				t.Error("packages not in sbom.ComparePackages order")
			}
			for _, p := range pkgs {
				if p.Type != "deb" || p.Namespace != "debian" || !slices.Equal(p.Evidence, []string{path}) {
					t.Errorf("%s: Type %q Namespace %q Evidence %q", p.Name, p.Type, p.Namespace, p.Evidence)
				}
			}

			t.Run("dpkg-query", func(t *testing.T) {
				if _, err := exec.LookPath("dpkg-query"); err != nil {
					t.Skip("dpkg-query not installed")
				}
				admin := t.TempDir()
				for _, d := range []string{"info", "updates"} {
					if err := os.Mkdir(filepath.Join(admin, d), 0o755); err != nil {
						t.Fatal(err)
					}
				}
				if err := os.WriteFile(filepath.Join(admin, "status"), readTestdata(t, o.status), 0o644); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command("dpkg-query", "--admindir="+admin, "-W", "-f",
					`${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\t${db:Status-Abbrev}\n`)
				out, err := cmd.Output()
				if err != nil {
					t.Fatalf("dpkg-query: %v", err)
				}
				if diff := cmp.Diff(listing, parseListing(t, out)); diff != "" {
					t.Errorf("%s differs from dpkg-query now (-want +got):\n%s", o.expected, diff)
				}
			})
		})
	}
}

// minbaseFS is the Debian 12 minbase database with two real .list
// files. Module zips allow no ':' in file names, so testdata holds
// libzstd1:amd64.list as libzstd1_amd64.list.
func minbaseFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{"var/lib/dpkg/status": {Data: readTestdata(t, "debian-12-minbase/status")}}
	for l, file := range map[string]string{"base-files.list": "base-files.list", "libzstd1:amd64.list": "libzstd1_amd64.list"} {
		fsys["var/lib/dpkg/info/"+l] = &fstest.MapFile{Data: readTestdata(t, "debian-12-minbase/info/"+file)}
	}
	return fsys
}

func TestCatalogMinbase(t *testing.T) {
	fsys := minbaseFS(t)
	c := &Cataloger{}
	in := &catalog.Input{Path: "/var/lib/dpkg/status", FS: fsys, Distro: &sbom.Distro{ID: "debian", VersionID: "12"}}
	pkgs, err := c.Catalog(context.Background(), in)
	if err != nil {
		t.Fatalf("Catalog: %v", err)
	}
	want := installedRows(parseListing(t, readTestdata(t, "debian-12-minbase/expected-packages.tsv")))
	if diff := cmp.Diff(want, pkgRows(pkgs)); diff != "" {
		t.Errorf("packages (-want +got):\n%s", diff)
	}
	if len(pkgs) != 96 {
		t.Errorf("%d packages, want 96", len(pkgs))
	}
	byName := map[string]sbom.Package{}
	for _, p := range pkgs {
		byName[p.Name] = p
	}

	zstd := byName["libzstd1"]
	wantZstd := sbom.Package{
		Type: "deb", Namespace: "debian", Name: "libzstd1", Version: "1.5.4+dfsg2-5", Arch: "amd64",
		Origin:   &sbom.Origin{Name: "libzstd"},
		Evidence: []string{"/var/lib/dpkg/status", "/var/lib/dpkg/info/libzstd1:amd64.list"},
		Files: []string{
			"/usr", "/usr/lib", "/usr/lib/x86_64-linux-gnu",
			"/usr/lib/x86_64-linux-gnu/libzstd.so.1", "/usr/lib/x86_64-linux-gnu/libzstd.so.1.5.4",
			"/usr/share", "/usr/share/doc", "/usr/share/doc/libzstd1",
			"/usr/share/doc/libzstd1/changelog.Debian.gz", "/usr/share/doc/libzstd1/changelog.gz",
			"/usr/share/doc/libzstd1/copyright",
		},
	}
	if diff := cmp.Diff(wantZstd, zstd); diff != "" {
		t.Errorf("libzstd1 (-want +got):\n%s", diff)
	}
	bf := byName["base-files"]
	if diff := cmp.Diff([]string{"/var/lib/dpkg/status", "/var/lib/dpkg/info/base-files.list"}, bf.Evidence); diff != "" {
		t.Errorf("base-files evidence (-want +got):\n%s", diff)
	}
	if !slices.Contains(bf.Files, "/etc/debian_version") || slices.Contains(bf.Files, "/.") || !slices.IsSorted(bf.Files) {
		t.Errorf("base-files files: %q", bf.Files)
	}
	bash := byName["bash"]
	if bash.Files != nil || !slices.Equal(bash.Evidence, []string{"/var/lib/dpkg/status"}) {
		t.Errorf("bash, with no .list file: Files %q Evidence %q", bash.Files, bash.Evidence)
	}
	if diff := cmp.Diff(&sbom.Origin{Name: "bash", Version: "5.2.15-2"}, bash.Origin); diff != "" {
		t.Errorf("bash origin (-want +got):\n%s", diff)
	}

	// The .list files are wanted but read with the status file.
	got, err := c.Catalog(context.Background(), &catalog.Input{Path: "/var/lib/dpkg/info/base-files.list", FS: fsys})
	if got != nil || err != nil {
		t.Errorf("Catalog(.list) = %v, %v; want nil, nil", got, err)
	}
}

func TestCatalogNamespace(t *testing.T) {
	fsys := fstest.MapFS{"var/lib/dpkg/status": {Data: []byte("Package: a\nStatus: install ok installed\nVersion: 1\n")}}
	for _, tc := range []struct {
		distro *sbom.Distro
		want   string
	}{
		{nil, "debian"},
		{&sbom.Distro{}, "debian"},
		{&sbom.Distro{ID: "debian"}, "debian"},
		{&sbom.Distro{ID: "ubuntu", IDLike: []string{"debian"}}, "ubuntu"},
		{&sbom.Distro{ID: "linuxmint", IDLike: []string{"ubuntu", "debian"}}, "linuxmint"},
		{&sbom.Distro{ID: "alpine"}, "debian"},
	} {
		pkgs, err := (&Cataloger{}).Catalog(context.Background(), &catalog.Input{Path: "/var/lib/dpkg/status", FS: fsys, Distro: tc.distro})
		if err != nil || len(pkgs) != 1 {
			t.Fatalf("Catalog: %v, %v", pkgs, err)
		}
		if pkgs[0].Namespace != tc.want {
			t.Errorf("distro %+v: namespace %q, want %q", tc.distro, pkgs[0].Namespace, tc.want)
		}
	}
}

func TestCatalogDistroless(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, n := range []string{"foo", "foo.md5sums"} {
		fsys["var/lib/dpkg/status.d/"+n] = &fstest.MapFile{Data: readTestdata(t, "status.d/"+n)}
	}
	// foo has no Status field: installed, as distroless writes it; bar
	// has "deinstall ok config-files": not installed.
	want := []sbom.Package{{
		Type: "deb", Namespace: "debian", Name: "foo", Version: "1.2.3", Arch: "amd64",
		Evidence: []string{"/var/lib/dpkg/status.d/foo"},
	}}
	got, err := (&Cataloger{}).Catalog(context.Background(), &catalog.Input{Path: "/var/lib/dpkg/status.d/foo", FS: fsys})
	if err != nil {
		t.Fatalf("Catalog: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCatalogUnreadableList(t *testing.T) {
	fsys := fstest.MapFS{
		"var/lib/dpkg/status":        {Data: []byte("Package: a\nStatus: install ok installed\nVersion: 1\n")},
		"var/lib/dpkg/info/a.list/x": {}, // a.list is a directory
	}
	pkgs, err := (&Cataloger{}).Catalog(context.Background(), &catalog.Input{Path: "/var/lib/dpkg/status", FS: fsys})
	if len(pkgs) != 1 || pkgs[0].Files != nil || !slices.Equal(pkgs[0].Evidence, []string{"/var/lib/dpkg/status"}) {
		t.Errorf("packages %+v, want a without files", pkgs)
	}
	if err == nil || !strings.HasPrefix(err.Error(), "dpkg: /var/lib/dpkg/info/a.list: ") {
		t.Errorf("err = %v, want one naming a.list", err)
	}
}

func TestCatalogMissing(t *testing.T) {
	_, err := (&Cataloger{}).Catalog(context.Background(), &catalog.Input{Path: "/var/lib/dpkg/status", FS: fstest.MapFS{}})
	if !errors.Is(err, os.ErrNotExist) || !strings.HasPrefix(err.Error(), "dpkg: ") {
		t.Errorf("err = %v, want a dpkg: not-exist error", err)
	}
}

func TestWants(t *testing.T) {
	for path, want := range map[string]bool{
		"/var/lib/dpkg/status":                     true,
		"/var/lib/dpkg/status.d/foo":               true,
		"/var/lib/dpkg/status.d/libc6":             true,
		"/var/lib/dpkg/info/bash.list":             true,
		"/var/lib/dpkg/info/libc6:amd64.list":      true,
		"/var/lib/dpkg/status-old":                 false,
		"/var/lib/dpkg/status.d/foo.md5sums":       false,
		"/var/lib/dpkg/status.d/":                  false,
		"/var/lib/dpkg/status.d/a/b":               false,
		"/var/lib/dpkg/info/bash.md5sums":          false,
		"/var/lib/dpkg/info/.list":                 false,
		"/var/lib/dpkg/info/x/bash.list":           false,
		"/var/lib/dpkg/available":                  false,
		"/usr/var/lib/dpkg/status":                 false,
		"var/lib/dpkg/status":                      false,
		"/var/lib/dpkg/status.d/foo.md5sums.extra": true,
		"/usr/share/doc/bash/copyright":            true,
		"/usr/share/doc/copyright":                 false,
		"/usr/share/doc/bash/x/copyright":          false,
		"/usr/share/doc//copyright":                false,
		"/usr/share/doc/bash/copyright.gz":         false,
	} {
		if got := (&Cataloger{}).Wants(path); got != want {
			t.Errorf("Wants(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	const path = "/var/lib/dpkg/status"
	const ok = "Package: good\nStatus: install ok installed\nVersion: 1.0\n"
	for _, tc := range []struct {
		name, in string
		want     []string // names of the packages returned
		errs     []string // the joined errors, one a line
	}{
		{"no Package", "Version: 1\nStatus: install ok installed\n\n" + ok, []string{"good"},
			[]string{"dpkg: /var/lib/dpkg/status: paragraph at line 1: no Package field"}},
		{"not a field", ok + "\nPackage: bad\nthis is no field\n\n" + strings.ReplaceAll(ok, "good", "good2"), []string{"good", "good2"},
			[]string{`dpkg: /var/lib/dpkg/status: paragraph at line 5: line 6: not a field: "this is no field"`}},
		{"continuation first", " cont\nPackage: x\n\n" + ok, []string{"good"},
			[]string{"dpkg: /var/lib/dpkg/status: paragraph at line 1: line 1: continuation line before any field"}},
		{"bad Status", "Package: x\nStatus: install ok\nVersion: 1\n\n" + ok, []string{"good"},
			[]string{`dpkg: /var/lib/dpkg/status: paragraph at line 1: package x: bad Status "install ok"`}},
		{"unknown state", "Package: x\nStatus: install ok gone\nVersion: 1\n\n" + ok, []string{"good"},
			[]string{`dpkg: /var/lib/dpkg/status: paragraph at line 1: package x: bad Status "install ok gone"`}},
		{"no Version", ok + "\nPackage: x\nStatus: install ok installed\n", []string{"good"},
			[]string{"dpkg: /var/lib/dpkg/status: paragraph at line 5: package x: no Version field"}},
		{"bad Source", ok + "\nPackage: x\nStatus: install ok installed\nVersion: 1\nSource: y (1\n", []string{"good"},
			[]string{`dpkg: /var/lib/dpkg/status: paragraph at line 5: package x: bad Source "y (1"`}},
		{"duplicate field", "Package: x\npackage: y\nStatus: install ok installed\nVersion: 1\n\n" + ok, []string{"good"},
			[]string{"dpkg: /var/lib/dpkg/status: paragraph at line 1: line 2: duplicate field package"}},
		{"space in version", "Package: x\nStatus: install ok installed\nVersion: 1 2\n\n" + ok, []string{"good"},
			[]string{`dpkg: /var/lib/dpkg/status: paragraph at line 1: package x: version "1 2" has white space`}},
		{"continued Version", "Package: x\nStatus: install ok installed\nVersion: 1\n 2\n\n" + ok, []string{"good"},
			[]string{"dpkg: /var/lib/dpkg/status: paragraph at line 1: line 4: field version continues on a second line"}},
		{"slash in name", "Package: ../x\nStatus: install ok installed\nVersion: 1\n\n" + ok, []string{"good"},
			[]string{`dpkg: /var/lib/dpkg/status: paragraph at line 1: package name "../x" has white space or a slash`}},
		{"line too long", ok + "\nPackage: x\nDescription: " + strings.Repeat("a", maxLine) + "\n", []string{"good"},
			[]string{"dpkg: /var/lib/dpkg/status: line 6: bufio.Scanner: token too long"}},
		{"two errors", "Version: 1\n\nPackage: x\nStatus: install ok installed\n\n" + ok, []string{"good"}, []string{
			"dpkg: /var/lib/dpkg/status: paragraph at line 1: no Package field",
			"dpkg: /var/lib/dpkg/status: paragraph at line 3: package x: no Version field"}},
		{"not installed, no error", "Package: x\nVersion: 1\n\nPackage: y\nStatus: purge ok not-installed\n\n" +
			"Package: z\nStatus: install reinst-required half-installed\nVersion: 1\n\n" + ok, []string{"good"}, nil},
		{"installed states", strings.Join([]string{
			"Package: a\nStatus: hold ok unpacked\nVersion: 1",
			"Package: b\nStatus: deinstall reinst-required half-configured\nVersion: 1",
			"Package: c\nStatus: install ok triggers-awaited\nVersion: 1",
			"Package: d\nStatus: purge ok triggers-pending\nVersion: 1",
			"Package: e\nStatus: unknown ok config-files\nVersion: 1",
		}, "\n\n"), []string{"a", "b", "c", "d"}, nil},
		{"CRLF, blank-with-spaces separator, continuation", "Package: x\r\nStatus: install ok installed\r\nVersion: 2\r\n" +
			"Description: d\r\n more\r\n \t\r\n" + ok, []string{"good", "x"}, nil},
		{"empty", "", nil, nil},
		{"blank lines only", "\n\n \n", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkgs, err := Parse(context.Background(), strings.NewReader(tc.in), path)
			var names []string
			for _, p := range pkgs {
				names = append(names, p.Name)
			}
			if diff := cmp.Diff(tc.want, names); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
			var errs []string
			if err != nil {
				errs = strings.Split(err.Error(), "\n")
			}
			if diff := cmp.Diff(tc.errs, errs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseSource(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want *sbom.Origin
	}{
		{"glibc", &sbom.Origin{Name: "glibc"}},
		{"bash (5.2.15-2)", &sbom.Origin{Name: "bash", Version: "5.2.15-2"}},
		{"git  ( 1:2.20.1-2 )", &sbom.Origin{Name: "git", Version: "1:2.20.1-2"}},
		{"a (1", nil},
		{"a 1)", nil},
		{"a ()", nil},
		{"a (1 2)", nil},
		{"(a)", nil},
	} {
		got, ok := parseSource(tc.in)
		if diff := cmp.Diff(tc.want, got); diff != "" || ok != (tc.want != nil) {
			t.Errorf("parseSource(%q) ok=%v (-want +got):\n%s", tc.in, ok, diff)
		}
	}
}

func TestParseCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	pkgs, err := Parse(ctx, bytes.NewReader(readTestdata(t, "scalibr-valid.status")), "/var/lib/dpkg/status")
	if len(pkgs) != 0 || !errors.Is(err, context.Canceled) {
		t.Errorf("Parse(canceled) = %d packages, %v; want 0, context.Canceled", len(pkgs), err)
	}
}

func TestSizeLimit(t *testing.T) {
	// Parse and readOptional read through a limitReader.
	sc := newScanner(&limitReader{r: strings.NewReader("/a\n/b\n/c\n"), n: 6, limit: 6})
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if sc.Err() == nil || sc.Err().Error() != "larger than 0 MiB" {
		t.Errorf("Err = %v, want larger than 0 MiB", sc.Err())
	}
	// Exactly at the limit is fine.
	sc = newScanner(&limitReader{r: strings.NewReader("/a\n/b\n"), n: 6, limit: 6})
	for sc.Scan() {
	}
	if sc.Err() != nil {
		t.Errorf("at the limit: %v", sc.Err())
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"claircore-debian-only.status", "claircore-postgresql.status", "scalibr-valid.status", "status.d/foo"} {
		f.Add(readTestdata(f, name), false)
	}
	f.Add([]byte("Package: x\r\nSource: y (1)\r\nVersion: 1\r\n continued\r\n\r\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, distroless bool) {
		path := "/var/lib/dpkg/status"
		if distroless {
			path = "/var/lib/dpkg/status.d/x"
		}
		pkgs, _ := Parse(context.Background(), bytes.NewReader(data), path)
		if !slices.IsSortedFunc(pkgs, sbom.ComparePackages) {
			t.Error("not sorted")
		}
		for _, p := range pkgs {
			if p.Type != "deb" || p.Name == "" || p.Version == "" || strings.ContainsAny(p.Name+p.Version+p.Arch, " \t\r\n/") ||
				!slices.Equal(p.Evidence, []string{path}) || (p.Origin != nil && p.Origin.Name == "") {
				t.Errorf("insane package %+v", p)
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	data := readTestdata(b, "debian-12-buildhost.status.gz")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(context.Background(), bytes.NewReader(data), "/var/lib/dpkg/status"); err != nil {
			b.Fatal(err)
		}
	}
}
