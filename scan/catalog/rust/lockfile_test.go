package rust

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

const crates = "registry+https://github.com/rust-lang/crates.io-index"

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func catalogLock(t *testing.T, data []byte) ([]sbom.Package, error) {
	t.Helper()
	return (&Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/src/Cargo.lock", FS: fstest.MapFS{"src/Cargo.lock": {Data: data}}})
}

// crate returns a Cargo.lock package: source "" is a local crate, and
// deps are name@version of the crates it depends on.
func crate(name, version, source, sum string, deps ...string) sbom.Package {
	p := sbom.Package{Type: "cargo", Name: name, Version: version, Evidence: []string{"/src/Cargo.lock"}}
	if source != "" {
		p.Metadata = map[string]string{MetaSource: source}
	}
	if sum != "" {
		p.Hashes = map[string]string{HashSHA256: sum}
	}
	for _, d := range deps {
		p.DependsOn = append(p.DependsOn, "pkg:cargo/"+d)
	}
	return p
}

// TestLockfile checks the real Cargo.lock files of testdata package by
// package, every dependency edge resolved.
func TestLockfile(t *testing.T) {
	for _, tc := range []struct {
		file string // in testdata, unless data is given
		data []byte
		want []sbom.Package
	}{{
		file: "cargo_normal.lock", // v1: checksums in [metadata], dependencies "name version (source)"
		want: []sbom.Package{
			crate("idna", "0.1.5", crates, ""),
			crate("libc", "0.2.54", crates, "c6785aa7dd976f5fbf3b71cfd9cd49d7f783c1ff565a858d71031c6c313aa5c6"),
			crate("matches", "0.1.8", crates, ""),
			crate("normal", "0.1.0", "", "", "libc@0.2.54"),
			crate("percent-encoding", "1.0.1", crates, ""),
			crate("typemap", "0.3.3", crates, "", "unsafe-any@0.4.2"),
			crate("unsafe-any", "0.4.2", crates, ""),
			crate("url", "1.7.2", crates, "", "idna@0.1.5", "matches@0.1.8", "percent-encoding@1.0.1"),
		},
	}, {
		file: "cargo_v3.lock", // dependencies "name" when unique, "name version" when not
		want: []sbom.Package{
			crate("aho-corasick", "0.7.20", crates, "cc936419f96fa211c1b9166887b38e5e40b19958e5b895be7c1f93adec7071ac", "memchr@2.5.0"),
			crate("app", "0.1.0", "", "", "memchr@1.0.2", "regex-syntax@0.5.6", "regex@1.7.3"),
			crate("libc", "0.2.140", crates, "99227334921fae1a979cf0bfdfcc6b3e5ce376ef57e16fb6fb3ea2ed6095f80c"),
			crate("memchr", "1.0.2", crates, "148fab2e51b4f1cfc66da2a7c32981d1d3c083a803978268bb11fe4b86925e7a", "libc@0.2.140"),
			crate("memchr", "2.5.0", crates, "2dffe52ecf27772e601905b7522cb4ef790d2cc203488bbd0e2fe85fcb74566d"),
			crate("regex", "1.7.3", crates, "8b1f693b24f6ac912f4893ef08244d70b6067480d2f1a46e950c9691e6749d1d", "aho-corasick@0.7.20", "memchr@2.5.0", "regex-syntax@0.6.29"),
			crate("regex-syntax", "0.5.6", crates, "7d707a4fa2637f2dca2ef9fd02225ec7661fe01a53623c1e6515b6916511f7a7", "ucd-util@0.1.10"),
			crate("regex-syntax", "0.6.29", crates, "f162c6dd7b008981e4d40210aca20b4bd0f9b60ca9271061b07f78537722f2e1"),
			crate("ucd-util", "0.1.10", crates, "abd2fc5d32b590614af8b0a20d837f32eca055edd0bbead59a9cfe80858be003"),
		},
	}, {
		// One version of a crate from two sources: dependencies name the
		// source; a git source keeps its commit.
		file: "inline: git and registry",
		data: []byte(`version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "log 0.4.22 (git+https://github.com/rust-lang/log?branch=master#2b9b7dd4e4a0a8b6a1b2c3d4e5f60718293a4b5c)",
 "serde",
]

[[package]]
name = "log"
version = "0.4.22"
source = "git+https://github.com/rust-lang/log?branch=master#2b9b7dd4e4a0a8b6a1b2c3d4e5f60718293a4b5c"

[[package]]
name = "log"
version = "0.4.22"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "a7a70ba024b9dc04c27ea2f0c0548feb474ec5c54bba33a7f72f873a39d07b24"

[[package]]
name = "serde"
version = "1.0.210"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "c8e3592472072e6e22e0a54d5904d9febf8508f65fb8552499a1abc7d1078c3a"
dependencies = ["log 0.4.22 (registry+https://github.com/rust-lang/crates.io-index)"]

[[patch.unused]]
name = "unused"
version = "1.0.0"
`),
		want: []sbom.Package{
			crate("app", "0.1.0", "", "", "log@0.4.22", "serde@1.0.210"),
			crate("log", "0.4.22", "git+https://github.com/rust-lang/log?branch=master#2b9b7dd4e4a0a8b6a1b2c3d4e5f60718293a4b5c", ""),
			crate("log", "0.4.22", crates, "a7a70ba024b9dc04c27ea2f0c0548feb474ec5c54bba33a7f72f873a39d07b24"),
			crate("serde", "1.0.210", crates, "c8e3592472072e6e22e0a54d5904d9febf8508f65fb8552499a1abc7d1078c3a", "log@0.4.22"),
		},
	}} {
		t.Run(tc.file, func(t *testing.T) {
			data := tc.data
			if data == nil {
				data = readTestdata(t, tc.file)
			}
			got, err := catalogLock(t, data)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
		})
	}
}

// pyList lists name, version, source, checksum and the number of
// dependencies of each [[package]] of a Cargo.lock, read by python's
// tomllib: an independent TOML reader, to count against.
const pyList = `import sys, tomllib
d = tomllib.load(open(sys.argv[1], "rb"))
meta = d.get("metadata", {})
for p in d.get("package", []):
    src = p.get("source", "")
    sum = p.get("checksum") or meta.get("checksum %s %s (%s)" % (p["name"], p["version"], src), "")
    print(p["name"], p["version"], src or "-", sum or "-", len(p.get("dependencies", [])))
`

// TestLockfileOracle compares Catalog with python's tomllib on every
// Cargo.lock of testdata, and on one cargo itself writes (format v4).
func TestLockfileOracle(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	files := map[string]string{}
	for _, f := range []string{"cargo_normal.lock", "cargo_v3.lock"} {
		files[f] = filepath.Join("testdata", f)
	}
	if p, ok := cargoLock(t); ok {
		files["cargo generate-lockfile"] = p
	}
	for name, file := range files {
		t.Run(name, func(t *testing.T) {
			out, err := exec.Command("python3", "-c", pyList, file).Output()
			if err != nil {
				t.Skipf("python3 tomllib: %v", err)
			}
			want := strings.Split(strings.TrimSpace(string(out)), "\n")
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if name == "cargo generate-lockfile" && !strings.Contains(string(data), "\nversion = 4\n") {
				t.Errorf("cargo wrote no v4 lockfile:\n%s", data)
			}
			pkgs, err := catalogLock(t, data)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range pkgs {
				got = append(got, strings.Join([]string{p.Name, p.Version, or(p.Metadata[MetaSource], "-"), or(p.Hashes[HashSHA256], "-"), itoa(len(p.DependsOn))}, " "))
			}
			if diff := cmp.Diff(want, got, cmpSorted); diff != "" {
				t.Errorf("packages (-tomllib +Catalog):\n%s", diff)
			}
			if len(got) < 2 {
				t.Errorf("%d packages", len(got))
			}
		})
	}
}

// cargoLock has cargo write the Cargo.lock (format v4 for cargo 1.83 and
// later) of a workspace of two local crates, offline, and returns its
// path; false when cargo is absent or fails.
func cargoLock(t *testing.T) (string, bool) {
	t.Helper()
	if _, err := exec.LookPath("cargo"); err != nil {
		return "", false
	}
	dir := t.TempDir()
	files := map[string]string{
		"Cargo.toml":      "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nutil = { path = \"util\" }\n",
		"src/main.rs":     "fn main() { util::hello(); }\n",
		"util/Cargo.toml": "[package]\nname = \"util\"\nversion = \"0.2.0\"\nedition = \"2021\"\n",
		"util/src/lib.rs": "pub fn hello() {}\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("cargo", "generate-lockfile", "--offline")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Logf("cargo generate-lockfile: %v\n%s", err, out)
		return "", false
	}
	return filepath.Join(dir, "Cargo.lock"), true
}

func TestLockfileErrors(t *testing.T) {
	lock := `version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["dup", "missing", "ok 1.0.0"]

[[package]]
name = "dup"
version = "1.0.0"

[[package]]
name = "dup"
version = "2.0.0"

[[package]]
name = "ok"
version = "1.0.0"
checksum = "ABCDEF"

[[package]]
name = "noversion"
`
	pkgs, err := catalogLock(t, []byte(lock))
	var got []string
	for _, p := range pkgs {
		got = append(got, sbom.PackageURL(p, nil)+" "+strings.Join(p.DependsOn, ",")+" "+p.Hashes[HashSHA256])
	}
	want := []string{
		"pkg:cargo/app@0.1.0 pkg:cargo/ok@1.0.0 ",
		"pkg:cargo/dup@1.0.0  ",
		"pkg:cargo/dup@2.0.0  ",
		"pkg:cargo/ok@1.0.0  abcdef",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("packages (-want +got):\n%s", diff)
	}
	for _, s := range []string{`dependency "dup": names more than one package`, `dependency "missing": names no package`, `[[package]] 5 (name "noversion"): no name or version`, "/src/Cargo.lock"} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("error %v does not say %s", err, s)
		}
	}
	if pkgs, err := catalogLock(t, []byte("[[package]\nname = ")); pkgs != nil || err == nil || !strings.HasPrefix(err.Error(), "rust: /src/Cargo.lock: ") {
		t.Errorf("not TOML: %v, %v", pkgs, err)
	}
	for p, want := range map[string]bool{"/src/Cargo.lock": true, "/Cargo.lock": true, "/src/Cargo.toml": false, "/src/cargo.lock": false} {
		if got := (&Lockfile{}).Wants(p); got != want {
			t.Errorf("Wants(%q) = %v", p, got)
		}
	}
}

// FuzzLockfile: any content never panics, and every error names the file.
func FuzzLockfile(f *testing.F) {
	for _, name := range []string{"cargo_normal.lock", "cargo_v3.lock"} {
		f.Add(readTestdata(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pkgs, err := (&Lockfile{}).Catalog(context.Background(), &catalog.Input{Path: "/Cargo.lock", FS: fstest.MapFS{"Cargo.lock": {Data: data}}})
		if err != nil && !strings.Contains(err.Error(), "rust: /Cargo.lock: ") {
			t.Errorf("error %q names no file", err)
		}
		for _, p := range pkgs {
			if p.Name == "" || p.Version == "" {
				t.Errorf("package %+v", p)
			}
		}
	})
}
