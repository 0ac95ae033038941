package python

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// catalogAll runs c over every file of fsys it wants, as the scanner
// does, and returns the packages (sorted) and the error texts.
func catalogAll(t *testing.T, c catalog.Cataloger, fsys fs.FS) ([]sbom.Package, []string) {
	t.Helper()
	var pkgs []sbom.Package
	var errs []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !c.Wants("/"+p) {
			return err
		}
		got, err := c.Catalog(context.Background(), &catalog.Input{Path: "/" + p, FS: fsys})
		pkgs = append(pkgs, got...)
		if err != nil {
			errs = append(errs, err.Error())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(pkgs, sbom.ComparePackages)
	return pkgs, errs
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const site = "usr/lib/python3.11/site-packages/"

// realSite lays the real metadata files of testdata/metadata out as pip
// and setuptools install them, with a RECORD and an installed-files.txt.
func realSite(t testing.TB) fstest.MapFS {
	f := func(name string) *fstest.MapFile { return &fstest.MapFile{Data: readTestdata(t, "metadata/"+name)} }
	return fstest.MapFS{
		site + "Flask-2.0.0.dist-info/METADATA":            f("Flask-2.0.0.dist-info-METADATA"),
		site + "asyncssh-2.14.2.dist-info/METADATA":        f("asyncssh-2.14.2.METADATA"),
		site + "distlib-0.3.1-py3.9.egg-info":              f("distlib-0.3.1-py3.9.egg-info"),
		site + "iniconfig-2.0.0.dist-info/METADATA":        f("iniconfig-2.0.0.METADATA"),
		site + "networkx-3.0.dist-info/METADATA":           f("networkx-3.0.METADATA"),
		site + "setuptools-51.3.3-py3.8.egg-info/PKG-INFO": f("setuptools-51.3.3-py3.8.egg-info.PKG-INFO"),
		site + "zipp-3.12.1.dist-info/METADATA":            f("zipp-3.12.1.METADATA"),
		site + "Flask-2.0.0.dist-info/RECORD": {Data: []byte(
			"../../../bin/flask,sha256=l3Ua1z2yBPu8dfGwP8pQu4R3nn7hJ5CmAxg8PFl_AJ8,224\n" +
				"Flask-2.0.0.dist-info/METADATA,sha256=k4rq-gmZ2-2jCE-xYm7ZyTyU4rr36BdyV3jhaw7Dvog,3810\n" +
				"Flask-2.0.0.dist-info/RECORD,,\n" +
				"flask/__init__.py,sha256=Jm7vQ4Bf6-6EWnLylMjhBc5jhS2SznYsrVA8oCz2iWk,2207\n" +
				"\"flask/odd,name.py\",sha256=AAAA,1\n")},
		site + "setuptools-51.3.3-py3.8.egg-info/installed-files.txt": {Data: []byte(
			"../setuptools/__init__.py\n../pkg_resources/__init__.py\nPKG-INFO\n")},
		// not installed: a wheel's metadata in a source tree, and a fixture inside a package
		"src/app/vendor/six-1.16.0.dist-info/METADATA":         {Data: []byte("Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n")},
		site + "pip/_vendor/tests/idna-3.4.dist-info/METADATA": {Data: []byte("Metadata-Version: 2.1\nName: idna\nVersion: 3.4\n")},
	}
}

func TestInstalledRealMetadata(t *testing.T) {
	got, errs := catalogAll(t, &Installed{}, realSite(t))
	ev := func(s ...string) []string {
		for i := range s {
			s[i] = "/" + site + s[i]
		}
		return s
	}
	want := []sbom.Package{
		{Type: "pypi", Name: "asyncssh", Version: "2.14.2", Licenses: []string{"Eclipse Public License v2.0"}, Evidence: ev("asyncssh-2.14.2.dist-info/METADATA")},
		{Type: "pypi", Name: "distlib", Version: "0.3.1", Licenses: []string{"Python license"}, Evidence: ev("distlib-0.3.1-py3.9.egg-info")},
		{
			Type: "pypi", Name: "flask", Version: "2.0.0", Licenses: []string{"BSD-3-Clause"},
			Evidence: ev("Flask-2.0.0.dist-info/METADATA", "Flask-2.0.0.dist-info/RECORD"),
			Files: []string{
				"/usr/bin/flask",
				"/" + site + "Flask-2.0.0.dist-info/METADATA",
				"/" + site + "Flask-2.0.0.dist-info/RECORD",
				"/" + site + "flask/__init__.py",
				"/" + site + "flask/odd,name.py",
			},
			Metadata: map[string]string{"pypi:name": "Flask"},
		},
		{Type: "pypi", Name: "iniconfig", Version: "2.0.0", Licenses: []string{"MIT"}, Evidence: ev("iniconfig-2.0.0.dist-info/METADATA")},
		{Type: "pypi", Name: "networkx", Version: "3.0", Evidence: ev("networkx-3.0.dist-info/METADATA")},
		{
			// its classifiers follow a description with empty lines, so they
			// are in the body, as Python reads it; License is UNKNOWN
			Type: "pypi", Name: "setuptools", Version: "51.3.3",
			Evidence: ev("setuptools-51.3.3-py3.8.egg-info/PKG-INFO", "setuptools-51.3.3-py3.8.egg-info/installed-files.txt"),
			Files: []string{
				"/" + site + "pkg_resources/__init__.py",
				"/" + site + "setuptools-51.3.3-py3.8.egg-info/PKG-INFO",
				"/" + site + "setuptools/__init__.py",
			},
		},
		{Type: "pypi", Name: "zipp", Version: "3.12.1", Licenses: []string{"MIT"}, Evidence: ev("zipp-3.12.1.dist-info/METADATA")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("packages (-want +got):\n%s", diff)
	}
	if len(errs) > 0 {
		t.Errorf("errors: %q", errs)
	}
}

func TestWants(t *testing.T) {
	lock := []struct {
		path string
		want bool
	}{
		{"/src/poetry.lock", true},
		{"/src/Pipfile.lock", true},
		{"/src/uv.lock", true},
		{"/src/pdm.lock", true},
		{"/src/pylock.toml", true},
		{"/src/pylock.dev.toml", true},
		{"/src/pylock..toml", false},
		{"/src/requirements.txt", true},
		{"/src/requirements-dev.txt", true},
		{"/src/requirements_prod.txt", true},
		{"/src/requirements.in", false},
		{"/src/dev-requirements.txt", false},
		{"/src/Pipfile", false},
		{"/src/pyproject.toml", false},
		{"/src/poetry.lock.bak", false},
		{"/usr/lib/python3/dist-packages/foo-1.0.dist-info/METADATA", false},
	}
	for _, tt := range lock {
		if got := (&Lockfile{}).Wants(tt.path); got != tt.want {
			t.Errorf("Lockfile.Wants(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
	installed := []struct {
		path string
		want bool
	}{
		{"/usr/lib/python3/dist-packages/foo-1.0.dist-info/METADATA", true},
		{"/usr/local/lib/python3.11/site-packages/foo-1.0.dist-info/RECORD", true},
		{"/app/.venv/lib/python3.12/site-packages/foo-1.0.egg-info/PKG-INFO", true},
		{"/app/.venv/lib/python3.12/site-packages/foo-1.0.egg-info/installed-files.txt", true},
		{"/usr/lib/python3/dist-packages/foo-1.0.egg-info", true},
		{"/usr/lib/python3/dist-packages/foo-1.0.dist-info/WHEEL", false},
		{"/usr/lib/python3/dist-packages/foo-1.0.egg-info/SOURCES.txt", false},
		{"/usr/lib/python3/dist-packages/foo-1.0.dist-info/licenses/METADATA", false},
		{"/usr/lib/python3/dist-packages/foo/tests/bar-1.0.dist-info/METADATA", false},
		{"/src/bar-1.0.dist-info/METADATA", false},
		{"/usr/lib/python3/dist-packages/.dist-info/METADATA", false},
		{"/usr/lib/python3/dist-packages/.egg-info", false},
		{"/usr/lib/python3/dist-packages/foo-1.0-py3.11.egg/EGG-INFO/PKG-INFO", false},
		{"/usr/lib/python3/dist-packages/poetry.lock", false},
		{"/site-packages/foo-1.0.dist-info/METADATA", true},
		{"/src/requirements.txt", false},
	}
	for _, tt := range installed {
		if got := (&Installed{}).Wants(tt.path); got != tt.want {
			t.Errorf("Installed.Wants(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func meta(name, version string, extra ...string) *fstest.MapFile {
	s := "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n" + strings.Join(extra, "")
	return &fstest.MapFile{Data: []byte(s)}
}

// TestInstalledPrecision holds the cases where a naive reading would give
// extra or missing packages.
func TestInstalledPrecision(t *testing.T) {
	const dp = "usr/lib/python3/dist-packages/"
	const venv = "app/.venv/lib/python3.11/site-packages/"
	tests := []struct {
		name string
		fs   fstest.MapFS
		want []sbom.Package
		errs []string // substrings, in order
	}{{
		name: "dist-info and egg-info of one package",
		fs: fstest.MapFS{
			dp + "foo_bar-1.0.dist-info/METADATA":                  meta("Foo_Bar", "1.0", "License-Expression: MIT\n"),
			dp + "foo_bar-1.0.dist-info/RECORD":                    {Data: []byte("foo_bar/__init__.py,,\n")},
			dp + "foo.bar-1.0-py3.11.egg-info/PKG-INFO":            meta("foo.bar", "1.0"),
			dp + "foo.bar-1.0-py3.11.egg-info/installed-files.txt": {Data: []byte("../foo_bar/__init__.py\n../foo_bar/util.py\n")},
		},
		want: []sbom.Package{{
			Type: "pypi", Name: "foo-bar", Version: "1.0", Licenses: []string{"MIT"},
			Evidence: []string{
				"/" + dp + "foo_bar-1.0.dist-info/METADATA",
				"/" + dp + "foo.bar-1.0-py3.11.egg-info/PKG-INFO",
				"/" + dp + "foo_bar-1.0.dist-info/RECORD",
				"/" + dp + "foo.bar-1.0-py3.11.egg-info/installed-files.txt",
			},
			Files:    []string{"/" + dp + "foo_bar/__init__.py", "/" + dp + "foo_bar/util.py"},
			Metadata: map[string]string{"pypi:name": "Foo_Bar"},
		}},
	}, {
		name: "two dist-info folders of one version",
		fs: fstest.MapFS{
			dp + "foo-1.0.dist-info/METADATA":    meta("foo", "1.0"),
			dp + "Foo-1.0.dist-info/METADATA":    meta("Foo", "1.0"),
			dp + "foo-1.0.egg-info":              meta("foo", "1.0"),
			dp + "foobar-1.0.dist-info/METADATA": meta("foobar", "1.0"),
		},
		want: []sbom.Package{
			{Type: "pypi", Name: "foo", Version: "1.0", Evidence: []string{"/" + dp + "Foo-1.0.dist-info/METADATA", "/" + dp + "foo-1.0.dist-info/METADATA", "/" + dp + "foo-1.0.egg-info"}, Metadata: map[string]string{"pypi:name": "Foo"}},
			{Type: "pypi", Name: "foobar", Version: "1.0", Evidence: []string{"/" + dp + "foobar-1.0.dist-info/METADATA"}},
		},
	}, {
		name: "two versions in a venv and the system",
		fs: fstest.MapFS{
			dp + "requests-2.28.1.egg-info/PKG-INFO":    meta("requests", "2.28.1"),
			venv + "requests-2.32.3.dist-info/METADATA": meta("requests", "2.32.3"),
			venv + "requests-2.28.1.dist-info/METADATA": meta("requests", "2.28.1"),
		},
		want: []sbom.Package{
			{Type: "pypi", Name: "requests", Version: "2.28.1", Evidence: []string{"/" + venv + "requests-2.28.1.dist-info/METADATA"}},
			{Type: "pypi", Name: "requests", Version: "2.28.1", Evidence: []string{"/" + dp + "requests-2.28.1.egg-info/PKG-INFO"}},
			{Type: "pypi", Name: "requests", Version: "2.32.3", Evidence: []string{"/" + venv + "requests-2.32.3.dist-info/METADATA"}},
		},
	}, {
		name: "metadata outside site-packages",
		fs: fstest.MapFS{
			dp + "pkg/tests/fixtures/evil-9.9.dist-info/METADATA": meta("evil", "9.9"),
			"src/evil-9.9.dist-info/METADATA":                     meta("evil", "9.9"),
			"src/evil.egg-info/PKG-INFO":                          meta("evil", "9.9"),
		},
	}, {
		name: "malformed header after name and version",
		fs: fstest.MapFS{
			dp + "foo-1.0.dist-info/METADATA": meta("foo", "1.0", "this is not a header\nLicense: MIT\n"),
		},
		want: []sbom.Package{{Type: "pypi", Name: "foo", Version: "1.0", Evidence: []string{"/" + dp + "foo-1.0.dist-info/METADATA"}}},
		errs: []string{`python: /` + dp + `foo-1.0.dist-info/METADATA: line 4: not a header: "this is not a header"`},
	}, {
		name: "malformed header before the version",
		fs: fstest.MapFS{
			dp + "foo-1.0.dist-info/METADATA": {Data: []byte("Metadata-Version: 2.1\nName: foo\nVersion 1.0\nVersion: 1.0\n")},
			dp + "bar-2.0.dist-info/METADATA": meta("bar", "2.0"),
		},
		want: []sbom.Package{{Type: "pypi", Name: "bar", Version: "2.0", Evidence: []string{"/" + dp + "bar-2.0.dist-info/METADATA"}}},
		errs: []string{"line 3: not a header: \"Version 1.0\"\nno Version"},
	}, {
		name: "no name, bad name, empty file",
		fs: fstest.MapFS{
			dp + "a-1.0.dist-info/METADATA": {Data: []byte("Metadata-Version: 2.1\nVersion: 1.0\n")},
			dp + "b-1.0.dist-info/METADATA": meta("b c", "1.0"),
			dp + "c-1.0.dist-info/METADATA": {Data: []byte("")},
		},
		errs: []string{"a-1.0.dist-info/METADATA: no Name", `b-1.0.dist-info/METADATA: invalid Name "b c"`, "c-1.0.dist-info/METADATA: no Name\nno Version"},
	}, {
		name: "continuation lines, CRLF and case",
		fs: fstest.MapFS{
			dp + "foo-1.0.dist-info/METADATA": {Data: []byte("Metadata-Version: 2.4\r\nname: foo\r\nVERSION:   1.0rc1  \r\nLicense: line one\r\n  line two\r\nClassifier: License :: OSI Approved :: MIT License\r\n\r\nName: body\r\n")},
		},
		want: []sbom.Package{{Type: "pypi", Name: "foo", Version: "1.0rc1", Licenses: []string{"MIT"}, Evidence: []string{"/" + dp + "foo-1.0.dist-info/METADATA"}}},
	}, {
		name: "the first of a repeated field counts",
		fs: fstest.MapFS{
			dp + "foo-1.0.dist-info/METADATA": meta("foo", "1.0", "Name: bar\nVersion: 2.0\nLicense: MIT\nLicense: GPL\n"),
		},
		want: []sbom.Package{{Type: "pypi", Name: "foo", Version: "1.0", Licenses: []string{"MIT"}, Evidence: []string{"/" + dp + "foo-1.0.dist-info/METADATA"}}},
	}, {
		name: "a broken RECORD still gives the package",
		fs: fstest.MapFS{
			dp + "foo-1.0.dist-info/METADATA": meta("foo", "1.0"),
			dp + "foo-1.0.dist-info/RECORD":   {Data: []byte("a,b\n\"unterminated\n")},
		},
		want: []sbom.Package{{Type: "pypi", Name: "foo", Version: "1.0", Evidence: []string{"/" + dp + "foo-1.0.dist-info/METADATA"}}},
		errs: []string{`foo-1.0.dist-info/RECORD: parse error on line 2, column 15: extraneous or missing " in quoted-field`},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := catalogAll(t, &Installed{}, tt.fs)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
			if len(errs) != len(tt.errs) {
				t.Fatalf("errors %q, want ones containing %q", errs, tt.errs)
			}
			slices.Sort(errs)
			for i := range errs {
				if !strings.Contains(errs[i], tt.errs[i]) {
					t.Errorf("error %q does not contain %q", errs[i], tt.errs[i])
				}
			}
		})
	}
}

func TestInstalledCompanionAndOthers(t *testing.T) {
	fsys := realSite(t)
	for _, p := range []string{
		"/" + site + "Flask-2.0.0.dist-info/RECORD",
		"/" + site + "setuptools-51.3.3-py3.8.egg-info/installed-files.txt",
		"/etc/passwd",
		"/" + site + "setuptools-51.3.3-py3.8.egg-info",
	} {
		got, err := (&Installed{}).Catalog(context.Background(), &catalog.Input{Path: p, FS: fsys})
		if got != nil || err != nil {
			t.Errorf("Catalog(%s) = %v, %v; want nil, nil", p, got, err)
		}
	}
	_, err := (&Installed{}).Catalog(context.Background(), &catalog.Input{Path: "/" + site + "gone-1.0.dist-info/METADATA", FS: fsys})
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "python: ") {
		t.Errorf("missing file: err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (&Installed{}).Catalog(ctx, &catalog.Input{Path: "/" + site + "zipp-3.12.1.dist-info/METADATA", FS: fsys}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	big := fstest.MapFS{site + "big-1.0.dist-info/METADATA": {Data: make([]byte, MaxFileSize+1)}}
	if _, err := (&Installed{}).Catalog(context.Background(), &catalog.Input{Path: "/" + site + "big-1.0.dist-info/METADATA", FS: big}); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("too large: err = %v", err)
	}
}

// TestInstalledOracle builds a real site-packages directory and compares
// the distributions Python's importlib.metadata finds in it with ours.
func TestInstalledOracle(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	root := t.TempDir()
	fsys := realSite(t)
	// one package with two metadata folders, which Python lists twice
	fsys[site+"zipp-3.12.1-py3.11.egg-info/PKG-INFO"] = &fstest.MapFile{Data: readTestdata(t, "metadata/zipp-3.12.1.METADATA")}
	for name, f := range fsys {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := importlibDists(t, py, filepath.Join(root, filepath.FromSlash(site)))
	got, errs := catalogAll(t, &Installed{}, os.DirFS(root))
	var names []string
	for _, p := range got {
		if path.Dir(path.Dir(p.Evidence[0])) != "/"+strings.TrimSuffix(site, "/") && path.Dir(p.Evidence[0]) != "/"+strings.TrimSuffix(site, "/") {
			continue // not in the directory Python was asked about
		}
		names = append(names, p.Name+"@"+p.Version)
	}
	if len(want) != 7 {
		t.Errorf("python3 found %d distinct distributions, want 7: %q", len(want), want)
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("packages against importlib.metadata (-want +got):\n%s", diff)
	}
	if len(errs) > 0 {
		t.Errorf("errors: %q", errs)
	}
}

// importlibDists returns the distributions importlib.metadata finds in
// dir, as "normalised-name@version", sorted and without duplicates.
func importlibDists(t *testing.T, py, dir string) []string {
	t.Helper()
	const script = `import importlib.metadata as m, json, sys
print(json.dumps(sorted([d.metadata["Name"], d.version] for d in m.distributions(path=[sys.argv[1]]))))`
	out, err := exec.Command(py, "-c", script, dir).Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var dists [][2]string
	if err := json.Unmarshal(out, &dists); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range dists {
		want = append(want, normalize(d[0])+"@"+d[1])
	}
	slices.Sort(want)
	return slices.Compact(want)
}

// TestInstalledDebian reads the metadata of six Debian bookworm packages
// (apt-get download, dpkg -x: see testdata/PROVENANCE.md). Ground truth:
// each package's upstream version, the file lists of dpkg -c for
// RECORD's files, and importlib.metadata.
func TestInstalledDebian(t *testing.T) {
	root := filepath.Join("testdata", "debian", "root")
	got, errs := catalogAll(t, &Installed{}, os.DirFS(root))
	if len(errs) > 0 {
		t.Errorf("errors: %q", errs)
	}
	var names []string
	for _, p := range got {
		names = append(names, p.Name+"@"+p.Version)
	}
	// the .deb versions less their Debian revisions
	debs := map[string]string{
		"python3-certifi": "2022.9.24-1", "python3-idna": "3.3-1+deb12u1", "python3-packaging": "23.0-1",
		"python3-setuptools": "66.1.1-1+deb12u2", "python3-six": "1.16.0-4", "python3-tomli": "2.0.1-2",
	}
	var want []string
	for deb, v := range debs {
		up, _, _ := strings.Cut(v, "-")
		want = append(want, strings.TrimPrefix(deb, "python3-")+"@"+up)
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("packages against the .deb versions (-want +got):\n%s", diff)
	}
	for _, p := range got {
		b := readTestdata(t, "debian/dpkg-contents/python3-"+p.Name+".list")
		var shipped []string
		for _, f := range strings.Fields(string(b)) {
			if strings.HasPrefix(f, "/usr/lib/python3/dist-packages/") {
				shipped = append(shipped, f)
			}
		}
		slices.Sort(shipped)
		if len(p.Files) == 0 {
			continue // an egg-info folder without installed-files.txt: no file list
		}
		if diff := cmp.Diff(shipped, p.Files); diff != "" {
			t.Errorf("%s: Files against dpkg -c (-want +got):\n%s", p.Name, diff)
		}
	}
	if py, err := exec.LookPath("python3"); err == nil {
		if diff := cmp.Diff(importlibDists(t, py, filepath.Join(root, "usr/lib/python3/dist-packages")), names); diff != "" {
			t.Errorf("packages against importlib.metadata (-want +got):\n%s", diff)
		}
	}
	// from the License field, or the classifiers where it is absent
	// (packaging) or UNKNOWN
	licenses := map[string][]string{}
	for _, p := range got {
		licenses[p.Name] = p.Licenses
	}
	wantLicenses := map[string][]string{
		"certifi": {"MPL-2.0"}, "idna": {"BSD-3-Clause"}, "packaging": {"Apache Software License", "BSD License"},
		"setuptools": {"MIT"}, "six": {"MIT"}, "tomli": {"MIT"},
	}
	if diff := cmp.Diff(wantLicenses, licenses); diff != "" {
		t.Errorf("licenses (-want +got):\n%s", diff)
	}
}

// TestMetadataAgainstPython compares the name and version parseMetadata
// reads with those Python's importlib.metadata reads from the same text.
func TestMetadataAgainstPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	inputs := []string{
		"Metadata-Version: 2.1\nName: foo\nVersion: 1.0\n",
		"Name: foo\r\nVersion: 1.0\r\n",
		"\nName: foo\nVersion: 1.0\n",
		"Name: foo\n \nVersion: 1.0\n",
		"Name: foo\nSummary: a\n  b\n\tc\nVersion: 1.0\n",
		"Name: foo\nDescription: a\n\n b\nVersion: 1.0\n",
		"Name : foo\nVersion: 1.0\n",
		"Name: foo\nnot a header\nVersion: 1.0\n",
		"Name: foo\nVersion: 1.0\nnot a header\n",
		"name: foo\nVERSION: 1.0\n",
		"Name: foo\nName: bar\nVersion: 1.0\nVersion: 2.0\n",
		"Name:foo\nVersion:1.0\n",
		"Name:   foo   \nVersion:   1.0rc1   \n",
		"Name: foo\nVersion: 1.0\n\nName: bar\n",
		"Name: foo\n: x\nVersion: 1.0\n",
		"Version: 1.0\n",
		"Name: foo_bar.baz\nVersion: 1!2.0.post1+local.7\n",
	}
	in, err := json.Marshal(inputs)
	if err != nil {
		t.Fatal(err)
	}
	const script = `import email, json, sys
print(json.dumps([[m["Name"], m["Version"]] for m in map(email.message_from_string, json.load(sys.stdin))]))`
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var want [][2]*string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for i, s := range inputs {
		m, _ := parseMetadata([]byte(s))
		var w [2]string
		if want[i][0] != nil && want[i][1] != nil {
			w = [2]string{strings.TrimSpace(*want[i][0]), strings.TrimSpace(*want[i][1])}
		}
		if got := [2]string{m.name, m.version}; got != w {
			t.Errorf("%q: got %q, Python %q", s, got, w)
		}
	}
}
