package rpm

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/sbom"
)

// dbs are the real databases in testdata, with the path each is
// catalogued at and the rpm backend that reads it live (none for NDB:
// Debian's rpm has none; gen.sh goes through SQLite for it).
var dbs = []struct {
	dir, file, path, backend string
	distro                   *sbom.Distro
	namespace                string
	count                    int
}{
	{"cbl-mariner-2.0", "rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite", "sqlite", &sbom.Distro{ID: "mariner", VersionID: "2.0"}, "mariner", 37},
	{"sle15-bci", "Packages.db", "/usr/lib/sysimage/rpm/Packages.db", "", &sbom.Distro{ID: "sles", VersionID: "15.3"}, "suse", 35},
	{"libuuid-bdb", "Packages", "/var/lib/rpm/Packages", "bdb_ro", &sbom.Distro{ID: "rhel", VersionID: "8.8"}, "redhat", 1},
	{"scalibr-epoch-bdb", "Packages", "/var/lib/rpm/Packages", "bdb_ro", nil, "", 1},
	{"libuuid-bdb-512-be", "Packages", "/var/lib/rpm/Packages", "bdb_ro", &sbom.Distro{ID: "centos"}, "centos", 1},
	{"hello-bdb-64k-be", "Packages", "/var/lib/rpm/Packages", "bdb_ro", &sbom.Distro{ID: "amzn", VersionID: "2"}, "amazon", 1},
}

// rpmQF is the query format gen.sh gives rpm -qa; readTSV reads it.
const rpmQF = `%{NAME}\t%{EPOCH}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{MODULARITYLABEL}\t%{LICENSE}\t%{VENDOR}\n`

// row is what rpm -qa states of a package.
type row struct {
	Name, Version, Arch, Origin, OriginVersion, Modularity, License, Vendor string
}

// readTSV reads rpm -qa output in rpmQF form ("(none)" for an absent
// tag), leaving out gpg-pubkey as Catalog does.
func readTSV(t *testing.T, b []byte) []row {
	t.Helper()
	none := func(s string) string {
		if s == "(none)" {
			return ""
		}
		return s
	}
	var rows []row
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 9 {
			t.Fatalf("line %q: %d fields, want 9", line, len(f))
		}
		if f[0] == "gpg-pubkey" {
			continue
		}
		epoch := ""
		if f[1] != "(none)" {
			epoch = f[1] + ":"
		}
		r := row{Name: f[0], Version: epoch + f[2] + "-" + f[3], Arch: none(f[4]),
			Modularity: none(f[6]), License: none(f[7]), Vendor: none(f[8])}
		if name, vr, ok := parseSourceRPM(f[5]); ok {
			r.Origin, r.OriginVersion = name, epoch+vr
		}
		rows = append(rows, r)
	}
	sortRows(rows)
	return rows
}

func sortRows(rows []row) {
	slices.SortFunc(rows, func(a, b row) int {
		return strings.Compare(a.Name+" "+a.Version+" "+a.Arch, b.Name+" "+b.Version+" "+b.Arch)
	})
}

func rows(pkgs []sbom.Package) []row {
	var out []row
	for _, p := range pkgs {
		r := row{Name: p.Name, Version: p.Version, Arch: p.Arch, Modularity: p.Metadata["rpm:modularitylabel"], Vendor: p.Vendor}
		if p.Origin != nil {
			r.Origin, r.OriginVersion = p.Origin.Name, p.Origin.Version
		}
		if len(p.Licenses) > 0 {
			r.License = p.Licenses[0]
		}
		out = append(out, r)
	}
	sortRows(out)
	return out
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func catalogBytes(ctx context.Context, b []byte, path string, d *sbom.Distro) ([]sbom.Package, error) {
	in := &Input{Path: path, FS: fstest.MapFS{strings.TrimPrefix(path, "/"): {Data: b}}, Distro: d}
	return (&Cataloger{}).Catalog(ctx, in)
}

func catalogDir(t testing.TB, dir, file, path string, d *sbom.Distro) []sbom.Package {
	t.Helper()
	pkgs, err := catalogBytes(context.Background(), readTestdata(t, filepath.Join(dir, file)), path, d)
	if err != nil {
		t.Fatalf("Catalog: %v", err)
	}
	return pkgs
}

// TestExpected compares every real database with the listing rpm made of
// it (testdata/gen.sh), and checks the fields the listing does not hold.
func TestExpected(t *testing.T) {
	for _, db := range dbs {
		t.Run(db.dir, func(t *testing.T) {
			want := readTSV(t, readTestdata(t, filepath.Join(db.dir, "expected-packages.tsv")))
			pkgs := catalogDir(t, db.dir, db.file, db.path, db.distro)
			if diff := cmp.Diff(want, rows(pkgs)); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
			if len(pkgs) != db.count || len(want) != db.count {
				t.Errorf("got %d packages, rpm listed %d, want %d", len(pkgs), len(want), db.count)
			}
			t.Logf("%d packages match rpm's %d", len(pkgs), len(want))
			if !slices.IsSortedFunc(pkgs, sbom.ComparePackages) {
				t.Error("packages not in ComparePackages order")
			}
			for _, p := range pkgs {
				if p.Type != "rpm" || p.Namespace != db.namespace || !slices.Equal(p.Evidence, []string{db.path}) || p.PURL != "" || p.Layer != "" {
					t.Errorf("%s: type %q namespace %q evidence %q purl %q layer %q", p.Name, p.Type, p.Namespace, p.Evidence, p.PURL, p.Layer)
				}
				if !slices.IsSorted(p.Files) || len(slices.Compact(slices.Clone(p.Files))) != len(p.Files) {
					t.Errorf("%s: files not sorted and unique", p.Name)
				}
				for _, f := range p.Files {
					if !strings.HasPrefix(f, "/") {
						t.Errorf("%s: file %q not rooted", p.Name, f)
					}
				}
			}
		})
	}
}

// TestFiles compares the owned files of the packages gen.sh asked rpm -ql
// about.
func TestFiles(t *testing.T) {
	for _, db := range dbs {
		t.Run(db.dir, func(t *testing.T) {
			want := map[string][]string{}
			sc := bufio.NewScanner(bytes.NewReader(readTestdata(t, filepath.Join(db.dir, "expected-files.tsv"))))
			for sc.Scan() {
				name, path, ok := strings.Cut(sc.Text(), "\t")
				if !ok || strings.HasPrefix(name, "#") {
					continue
				}
				if path == "(contains no files)" {
					want[name] = want[name][:0:0]
					continue
				}
				want[name] = append(want[name], path)
			}
			if len(want) == 0 {
				t.Fatal("no packages in expected-files.tsv")
			}
			got := map[string][]string{}
			for _, p := range catalogDir(t, db.dir, db.file, db.path, db.distro) {
				if _, ok := want[p.Name]; ok {
					got[p.Name] = p.Files
				}
			}
			n := 0
			for name := range want {
				slices.Sort(want[name])
				want[name] = slices.Compact(want[name])
				n += len(want[name])
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
			t.Logf("%d files of %d packages match rpm -ql", n, len(want))
		})
	}
}

// TestFields pins every field of one package.
func TestFields(t *testing.T) {
	pkgs := catalogDir(t, "scalibr-epoch-bdb", "Packages", "/var/lib/rpm/Packages", &sbom.Distro{ID: "rocky"})
	want := []sbom.Package{{
		Type: "rpm", Namespace: "rocky", Name: "hello", Version: "1:0.0.1-rls", Arch: "x86_64",
		Origin:   &sbom.Origin{Name: "hello", Version: "1:0.0.1-rls"},
		Licenses: []string{"GPL"}, Evidence: []string{"/var/lib/rpm/Packages"},
		Files: []string{"/usr/bin/hello.sh"},
	}}
	if diff := cmp.Diff(want, pkgs); diff != "" {
		t.Errorf("hello (-want +got):\n%s", diff)
	}
}

// TestRPMTool runs rpm over the BerkeleyDB and SQLite databases, when it
// is installed, and compares its listing with Catalog's.
func TestRPMTool(t *testing.T) {
	rpm, err := exec.LookPath("rpm")
	if err != nil {
		t.Skip("rpm not installed")
	}
	for _, db := range dbs {
		if db.backend == "" {
			continue
		}
		t.Run(db.dir, func(t *testing.T) {
			dir := t.TempDir() // rpm wants a writable dbpath
			if err := os.WriteFile(filepath.Join(dir, db.file), readTestdata(t, filepath.Join(db.dir, db.file)), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(rpm, "--dbpath", dir, "-D", "_db_backend "+db.backend, "-qa", "--qf", rpmQF).Output()
			if err != nil {
				t.Skipf("rpm: %v", err)
			}
			want := readTSV(t, out)
			if diff := cmp.Diff(want, rows(catalogDir(t, db.dir, db.file, db.path, db.distro))); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
			t.Logf("%d packages match rpm %s", len(want), db.backend)
		})
	}
}

func TestWants(t *testing.T) {
	for path, want := range map[string]bool{
		"/var/lib/rpm/Packages":              true,
		"/var/lib/rpm/Packages.db":           true,
		"/var/lib/rpm/rpmdb.sqlite":          true,
		"/usr/lib/sysimage/rpm/Packages":     true,
		"/usr/lib/sysimage/rpm/Packages.db":  true,
		"/usr/lib/sysimage/rpm/rpmdb.sqlite": true,
		"/var/lib/rpm/Name":                  false,
		"/var/lib/rpm/rpmdb.sqlite-shm":      false,
		"/var/lib/rpm/rpmdb.sqlite-wal":      false,
		"/var/lib/rpm/x/Packages":            false,
		"/opt/var/lib/rpm/Packages":          false,
		"var/lib/rpm/Packages":               false,
		"/var/lib/dpkg/status":               false,
		"Packages":                           false,
		"":                                   false,
	} {
		if got := (&Cataloger{}).Wants(path); got != want {
			t.Errorf("Wants(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestParseSourceRPM(t *testing.T) {
	for _, tc := range []struct{ in, name, vr string }{
		{"util-linux-2.32.1-42.el8_8.src.rpm", "util-linux", "2.32.1-42.el8_8"},
		{"hello-0.0.1-rls.src.rpm", "hello", "0.0.1-rls"},
		{"kernel-5.14.0-1.nosrc.rpm", "kernel", "5.14.0-1"},
		{"a-1-2.src.rpm", "a", "1-2"},
		{"", "", ""},
		{"hello.src.rpm", "", ""},
		{"hello-1.src.rpm", "", ""},
		{"-1-2.src.rpm", "", ""},
		{"a-1-.src.rpm", "", ""},
		{"a-1-2.rpm", "", ""},
	} {
		name, vr, ok := parseSourceRPM(tc.in)
		if name != tc.name || vr != tc.vr || ok != (tc.name != "") {
			t.Errorf("parseSourceRPM(%q) = %q, %q, %v; want %q, %q", tc.in, name, vr, ok, tc.name, tc.vr)
		}
	}
}

func TestNamespace(t *testing.T) {
	for id, want := range map[string]string{
		"rhel": "redhat", "centos": "centos", "rocky": "rocky", "almalinux": "almalinux", "fedora": "fedora",
		"ol": "oracle", "amzn": "amazon", "mariner": "mariner", "azurelinux": "azurelinux",
		"opensuse-leap": "opensuse", "opensuse-tumbleweed": "opensuse", "sles": "suse", "sle-micro": "suse",
		"photon": "vmware", "openEuler": "openEuler", "": "",
	} {
		if got := namespace(id); got != want {
			t.Errorf("namespace(%q) = %q, want %q", id, got, want)
		}
	}
}

// TestCatalogErrors feeds Catalog unreadable databases: each gives no
// packages and an error naming the file.
func TestCatalogErrors(t *testing.T) {
	sqliteHeader := make([]byte, 4096)
	copy(sqliteHeader, sqliteMagic)
	const path = "/var/lib/rpm/Packages"
	for _, tc := range []struct {
		name string
		fs   fs.FS
		want string
	}{
		{"missing", fstest.MapFS{}, "file does not exist"},
		{"empty", fstest.MapFS{"var/lib/rpm/Packages": {}}, "empty file"},
		{"garbage", fstest.MapFS{"var/lib/rpm/Packages": {Data: []byte("not an rpm database at all, just text")}}, "not a BerkeleyDB, NDB or SQLite"},
		{"sqlite header only", fstest.MapFS{"var/lib/rpm/Packages": {Data: sqliteHeader}}, "sqlite: "},
		{"sqlite without Packages", fstest.MapFS{"var/lib/rpm/Packages": {Data: emptySQLite(t)}}, "no such table: Packages"},
		{"truncated bdb", fstest.MapFS{"var/lib/rpm/Packages": {Data: readTestdata(t, "scalibr-epoch-bdb/Packages")[:600]}}, "last page"},
		{"truncated ndb", fstest.MapFS{"var/lib/rpm/Packages": {Data: readTestdata(t, "sle15-bci/Packages.db")[:100]}}, "ndb: "},
		{"directory", fstest.MapFS{"var/lib/rpm/Packages/x": {}}, ""},
		{"too large", hugeFS{fstest.MapFS{"var/lib/rpm/Packages": {Data: []byte("x")}}}, "larger than MaxDatabaseSize"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkgs, err := (&Cataloger{}).Catalog(context.Background(), &Input{Path: path, FS: tc.fs})
			if err == nil || !strings.HasPrefix(err.Error(), "rpm: "+path+": ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one naming the file and %q", err, tc.want)
			}
			if len(pkgs) != 0 {
				t.Errorf("got %d packages", len(pkgs))
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, db := range dbs {
		if _, err := catalogBytes(ctx, readTestdata(t, filepath.Join(db.dir, db.file)), db.path, nil); err != context.Canceled {
			t.Errorf("%s cancelled: err = %v", db.dir, err)
		}
	}
}

// hugeFS serves files whose Stat claims MaxDatabaseSize+1 bytes.
type hugeFS struct{ fstest.MapFS }

func (h hugeFS) Open(name string) (fs.File, error) {
	f, err := h.MapFS.Open(name)
	return hugeFile{f}, err
}

type hugeFile struct{ fs.File }

func (f hugeFile) Stat() (fs.FileInfo, error) {
	fi, err := f.File.Stat()
	return hugeInfo{fi}, err
}

type hugeInfo struct{ fs.FileInfo }

func (hugeInfo) Size() int64 { return MaxDatabaseSize + 1 }

// emptySQLite is a SQLite database with no tables: the 100-byte header
// of the Mariner database on one page of its page size.
func emptySQLite(t *testing.T) []byte {
	b := readTestdata(t, "cbl-mariner-2.0/rpmdb.sqlite")
	page := int(b[16])<<8 | int(b[17])
	out := make([]byte, page)
	copy(out, b[:100])
	out[28], out[29], out[30], out[31] = 0, 0, 0, 1 // database size: 1 page
	out[100] = 0x0d                                 // an empty table leaf page: sqlite_schema
	out[105], out[106] = byte(page>>8), byte(page)  // cell content area starts at the end
	return out
}

// TestCorruptRecord breaks one record of each format: that package is
// skipped and named in the error, and every other one is returned.
func TestCorruptRecord(t *testing.T) {
	for _, tc := range []struct {
		name, dir, file, path string
		corrupt               func([]byte) []byte
		want                  string
	}{
		{"ndb checksum", "sle15-bci", "Packages.db", "/usr/lib/sysimage/rpm/Packages.db", func(b []byte) []byte {
			b[len(b)-100] ^= 0xff // inside the last blob
			return b
		}, "checksum"},
		{"ndb header", "sle15-bci", "Packages.db", "/usr/lib/sysimage/rpm/Packages.db", func(b []byte) []byte {
			off := firstBlob(t, b)
			copy(b[off+16:], []byte{0xff, 0xff, 0xff, 0xff}) // the header's il
			fixAdler(b, off)
			return b
		}, "index entries"},
		{"bdb overflow loop", "libuuid-bdb", "Packages", "/var/lib/rpm/Packages", func(b []byte) []byte {
			pg := firstOverflow(t, b)
			copy(b[pg*4096+16:], le32(uint32(pg))) // next page: itself
			return b
		}, "overflow chain reaches page"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			good := catalogDir(t, tc.dir, tc.file, tc.path, nil)
			b := tc.corrupt(readTestdata(t, filepath.Join(tc.dir, tc.file)))
			pkgs, err := catalogBytes(context.Background(), b, tc.path, nil)
			if err == nil || !strings.Contains(err.Error(), "record ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one naming the record and %q", err, tc.want)
			}
			if len(pkgs) != len(good)-1 {
				t.Errorf("got %d packages, want %d", len(pkgs), len(good)-1)
			}
			t.Log(err)
		})
	}
}

// TestHang reads the BerkeleyDB on which go-rpmdb v0.1.1 looped forever:
// a string array whose count overruns the header is an error, at once.
func TestHang(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pkgs, err := catalogBytes(ctx, readTestdata(t, "hang-bdb"), "/var/lib/rpm/Packages", nil)
	if err == nil || errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "overrun") {
		t.Errorf("err = %v, want a malformed header", err)
	}
	if len(pkgs) != 0 {
		t.Errorf("got %d packages", len(pkgs))
	}
}

// TestSQLiteWAL reads a WAL-mode database, the caller's bytes untouched.
func TestSQLiteWAL(t *testing.T) {
	b := readTestdata(t, "cbl-mariner-2.0/rpmdb.sqlite")
	if b[18] != 2 || b[19] != 2 {
		t.Fatalf("testdata is not in WAL mode: %d %d", b[18], b[19])
	}
	blobs, err := readSQLite(context.Background(), b)
	if err != nil || len(blobs) != 37 {
		t.Fatalf("readSQLite: %d blobs, %v", len(blobs), err)
	}
	if b[18] != 2 || b[19] != 2 {
		t.Error("readSQLite changed its input")
	}
	// A -wal file beside the database is reported, with the packages.
	fsys := fstest.MapFS{"var/lib/rpm/rpmdb.sqlite": {Data: b}, "var/lib/rpm/rpmdb.sqlite-wal": {Data: make([]byte, 4096)}}
	pkgs, err := (&Cataloger{}).Catalog(context.Background(), &Input{Path: "/var/lib/rpm/rpmdb.sqlite", FS: fsys})
	if len(pkgs) != 37 || err == nil || !strings.Contains(err.Error(), "rpmdb.sqlite-wal: 4096 bytes") {
		t.Errorf("with a -wal file: %d packages, err %v", len(pkgs), err)
	}
	fsys["var/lib/rpm/rpmdb.sqlite-wal"] = &fstest.MapFile{}
	if pkgs, err := (&Cataloger{}).Catalog(context.Background(), &Input{Path: "/var/lib/rpm/rpmdb.sqlite", FS: fsys}); len(pkgs) != 37 || err != nil {
		t.Errorf("with an empty -wal file: %d packages, err %v", len(pkgs), err)
	}
}

// BenchmarkCatalog reads the two larger real databases whole: SQLite
// (37 packages, 1.1 MB) and NDB (35 packages, 1.3 MB).
func BenchmarkCatalog(b *testing.B) {
	for _, db := range dbs[:2] {
		data := readTestdata(b, filepath.Join(db.dir, db.file))
		b.Run(db.dir, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := catalogBytes(context.Background(), data, db.path, db.distro); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestConcurrent runs one Cataloger on every database at once (each
// SQLite read registers a VFS of its own).
func TestConcurrent(t *testing.T) {
	c := &Cataloger{}
	errs := make(chan error, 2*len(dbs))
	for range 2 {
		for _, db := range dbs {
			data := readTestdata(t, filepath.Join(db.dir, db.file))
			go func() {
				pkgs, err := c.Catalog(context.Background(), &Input{Path: db.path, FS: fstest.MapFS{db.path[1:]: {Data: data}}})
				if err == nil && len(pkgs) != db.count {
					err = errors.New(db.dir + ": wrong count")
				}
				errs <- err
			}()
		}
	}
	for range 2 * len(dbs) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
