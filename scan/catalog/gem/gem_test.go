package gem

import (
	"context"
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

// deviations are testdata gemspecs that RubyGems evaluates as Ruby and
// Installed, which reads literals only, deliberately does not: the error
// Installed gives and the package it keeps ("" for none).
var deviations = map[string]struct{ err, row string }{
	"interpolated.gemspec": {err: "gem: /usr/local/bundle/specifications/interpolated.gemspec: line 4: name: string interpolation: not a literal that RubyGems writes\n" +
		"gem: /usr/local/bundle/specifications/interpolated.gemspec: no literal name"},
	"bad-license.gemspec": {err: "gem: /usr/local/bundle/specifications/bad-license.gemspec: line 7: licenses: at \"LICENSES\": not a literal that RubyGems writes",
		row: "badlicense\t3.2.1\t\t\n"},
}

// placed returns where the tests put a testdata file.
func placed(name string) string {
	if strings.HasSuffix(name, ".lock") {
		return "/srv/" + strings.TrimSuffix(name, ".lock") + "/Gemfile.lock"
	}
	return "/usr/local/bundle/specifications/" + name
}

func catalogFile(t testing.TB, c catalog.Cataloger, name, path string) ([]sbom.Package, error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Wants(path) {
		t.Fatalf("%s does not want %s", c.Name(), path)
	}
	return c.Catalog(context.Background(), &catalog.Input{Path: path, FS: fstest.MapFS{path[1:]: {Data: b}}})
}

// rows lists packages as oracle.rb does: name, version, platform, then
// licences (a gemspec) or the names depended on (a lock file).
func rows(pkgs []sbom.Package, lock bool) string {
	var out []string
	for _, p := range pkgs {
		last := strings.Join(p.Licenses, ",")
		if lock {
			var names []string
			for _, d := range p.DependsOn {
				n := strings.TrimPrefix(d, "pkg:gem/")
				n = n[:strings.IndexAny(n, "@?")]
				names = append(names, n)
			}
			slices.Sort(names)
			last = strings.Join(slices.Compact(names), ",")
		}
		out = append(out, p.Name+"\t"+p.Version+"\t"+p.Arch+"\t"+last+"\n")
	}
	slices.Sort(out)
	return strings.Join(out, "")
}

// TestOracle checks every testdata file against the listing gen.sh made
// with RubyGems and Bundler themselves.
func TestOracle(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.gemspec")
	locks, _ := filepath.Glob("testdata/*.lock")
	if len(files) < 10 || len(locks) < 5 {
		t.Fatalf("found %d gemspecs, %d lock files", len(files), len(locks))
	}
	for _, f := range append(files, locks...) {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			lock := strings.HasSuffix(name, ".lock")
			var c catalog.Cataloger = &Installed{}
			if lock {
				c = &Lockfile{}
			}
			path := placed(name)
			pkgs, err := catalogFile(t, c, name, path)
			b, rerr := os.ReadFile(filepath.Join("testdata", "expected-"+strings.TrimSuffix(strings.TrimSuffix(name, ".gemspec"), ".lock")+".tsv"))
			if rerr != nil {
				t.Fatal(rerr)
			}
			want, wantErr := string(b), ""
			if d, ok := deviations[name]; ok {
				if want == d.row {
					t.Errorf("RubyGems reads %q as Installed does: no deviation", want)
				}
				want, wantErr = d.row, d.err
			}
			if got := errString(err); got != wantErr {
				t.Errorf("error:\n%s\nwant:\n%s", got, wantErr)
			}
			if diff := cmp.Diff(want, rows(pkgs, lock)); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
			for _, p := range pkgs {
				if p.Type != "gem" || p.Namespace != "" || len(p.Evidence) != 1 || p.Evidence[0] != path {
					t.Errorf("%s: type %q namespace %q evidence %q", p.Name, p.Type, p.Namespace, p.Evidence)
				}
			}
			t.Logf("%d gems match", len(pkgs))
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestOracleLive runs gen.sh, and so RubyGems and Bundler, again when
// ruby is here, and checks that it still writes the committed listings.
func TestOracleLive(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	if _, err := exec.LookPath("ruby"); err != nil {
		t.Skip("no ruby")
	}
	out := t.TempDir()
	if b, err := exec.Command("sh", "testdata/gen.sh", out).CombinedOutput(); err != nil {
		t.Fatalf("gen.sh: %v\n%s", err, b)
	}
	got, _ := filepath.Glob(filepath.Join(out, "*.tsv"))
	if len(got) < 15 {
		t.Fatalf("gen.sh wrote %d files", len(got))
	}
	for _, f := range got {
		a, _ := os.ReadFile(f)
		b, err := os.ReadFile(filepath.Join("testdata", filepath.Base(f)))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(a), string(b)); diff != "" {
			t.Errorf("%s: ruby now (-want) and committed (+got):\n%s", filepath.Base(f), diff)
		}
	}
}

// TestSystemGems reads every installed specification of the Ruby on
// this machine (`gem env gempath`) and compares each with
// Gem::Specification.load: the real files RubyGems and Debian wrote.
func TestSystemGems(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	if _, err := exec.LookPath("ruby"); err != nil {
		t.Skip("no ruby")
	}
	out, err := exec.Command("ruby", "-e", "puts Gem.path").Output()
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, dir := range strings.Fields(string(out)) {
		for _, g := range []string{"specifications/*.gemspec", "specifications/default/*.gemspec"} {
			m, _ := filepath.Glob(filepath.Join(dir, g))
			files = append(files, m...)
		}
	}
	if len(files) == 0 {
		t.Skip("no installed gems")
	}
	b, err := exec.Command("ruby", append([]string{"testdata/oracle.rb"}, files...)...).Output()
	if err != nil {
		t.Fatal(err)
	}
	var got []sbom.Package
	for _, f := range files {
		if !(&Installed{}).Wants(f) {
			t.Errorf("Installed does not want %s", f)
		}
		fsys := os.DirFS("/")
		pkgs, err := (&Installed{}).Catalog(context.Background(), &catalog.Input{Path: f, FS: fsys})
		if err != nil {
			t.Errorf("%s: %v", f, err)
		}
		got = append(got, pkgs...)
	}
	// oracle.rb sorts per file; compare the sorted union.
	want := strings.SplitAfter(string(b), "\n")
	slices.Sort(want)
	if diff := cmp.Diff(strings.Join(want, ""), rows(got, false)); diff != "" {
		t.Errorf("(-ruby +Installed):\n%s", diff)
	}
	t.Logf("%d installed specifications match RubyGems", len(files))
}

// TestDetails checks the fields the listings do not show.
func TestDetails(t *testing.T) {
	const lockPath = "/srv/platforms_git_Gemfile/Gemfile.lock"
	tests := []struct {
		c          catalog.Cataloger
		file, path string
		want       sbom.Package
	}{{
		c: &Installed{}, file: "json-2.6.1.gemspec", path: "/usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec",
		want: sbom.Package{Type: "gem", Name: "json", Version: "2.6.1", Licenses: []string{"Ruby"},
			Evidence: []string{"/usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec"},
			Metadata: map[string]string{"gem:default": "true"}},
	}, {
		c: &Installed{}, file: "nokogiri-1.15.4-x86_64-linux.gemspec", path: "/var/lib/gems/3.1.0/specifications/nokogiri-1.15.4-x86_64-linux.gemspec",
		want: sbom.Package{Type: "gem", Name: "nokogiri", Version: "1.15.4", Arch: "x86_64-linux", Licenses: []string{"MIT"},
			Evidence: []string{"/var/lib/gems/3.1.0/specifications/nokogiri-1.15.4-x86_64-linux.gemspec"}},
	}, {
		c: &Lockfile{}, file: "platforms_git_Gemfile.lock", path: lockPath,
		want: sbom.Package{Type: "gem", Name: "activesupport", Version: "7.2.0.alpha", Evidence: []string{lockPath},
			DependsOn: []string{"pkg:gem/concurrent-ruby@1.2.2", "pkg:gem/i18n@1.14.1"},
			Metadata:  map[string]string{"gem:git": "https://github.com/rails/rails.git", "gem:revision": "0123456789abcdef0123456789abcdef01234567"}},
	}, {
		c: &Lockfile{}, file: "platforms_git_Gemfile.lock", path: lockPath,
		want: sbom.Package{Type: "gem", Name: "myapp", Version: "0.1.0", Evidence: []string{lockPath},
			// every platform variant of nokogiri
			DependsOn: []string{"pkg:gem/nokogiri@1.15.4", "pkg:gem/nokogiri@1.15.4?platform=arm64-darwin", "pkg:gem/nokogiri@1.15.4?platform=x86_64-linux"},
			Metadata:  map[string]string{"gem:path": "."}},
	}}
	for _, tt := range tests {
		t.Run(tt.want.Name, func(t *testing.T) {
			pkgs, err := catalogFile(t, tt.c, tt.file, tt.path)
			if err != nil {
				t.Error(err)
			}
			for _, p := range pkgs {
				if p.Name == tt.want.Name && p.Arch == tt.want.Arch {
					if diff := cmp.Diff(tt.want, p); diff != "" {
						t.Errorf("(-want +got):\n%s", diff)
					}
					return
				}
			}
			t.Errorf("no %s", tt.want.Name)
		})
	}
}

func TestWants(t *testing.T) {
	tests := []struct {
		path            string
		mode            fs.FileMode
		size            int64
		installed, lock bool
	}{
		{path: "/usr/local/bundle/specifications/rack-3.0.8.gemspec", installed: true},
		{path: "/usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec", installed: true},
		{path: "/app/vendor/bundle/ruby/3.3.0/specifications/puma-6.4.0.gemspec", installed: true},
		// A gem's own source tree: not installed.
		{path: "/usr/local/bundle/gems/rack-3.0.8/rack.gemspec"},
		{path: "/src/myapp/myapp.gemspec"},
		{path: "/usr/local/bundle/specifications/default/nested/x.gemspec"},
		{path: "/usr/local/bundle/specifications/.gemspec"},
		{path: "/usr/local/bundle/specifications/rack-3.0.8.gemspec.bak"},
		{path: "/usr/local/bundle/specifications/rack-3.0.8.gemspec", mode: fs.ModeSymlink},
		{path: "/usr/local/bundle/specifications/rack-3.0.8.gemspec", size: MaxFileSize + 1},
		{path: "/srv/app/Gemfile.lock", lock: true},
		{path: "/srv/app/gems.locked", lock: true},
		{path: "/srv/app/Gemfile"},
	}
	for _, tt := range tests {
		in, lk := &Installed{}, &Lockfile{}
		if got := in.WantsFile(tt.path, tt.mode, tt.size); got != tt.installed {
			t.Errorf("Installed.WantsFile(%q, %v, %d) = %v", tt.path, tt.mode, tt.size, got)
		}
		if got := lk.WantsFile(tt.path, tt.mode, tt.size); got != tt.lock {
			t.Errorf("Lockfile.WantsFile(%q, %v, %d) = %v", tt.path, tt.mode, tt.size, got)
		}
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		c    catalog.Cataloger
		data string
		err  string
		rows string
	}{
		{name: "no block", c: &Installed{}, data: "name = 'x'\n", err: "gem: /x: not a gem specification: no Gem::Specification.new block"},
		{name: "bad version", c: &Installed{}, data: "Gem::Specification.new do |s|\n s.name = 'x'\n s.version = '1.0 beta'\nend\n",
			err: `gem: /x: gem "x": no literal RubyGems version: "1.0 beta"`},
		{name: "open string", c: &Installed{}, data: "Gem::Specification.new do |s|\n s.name = \"x\n",
			err: "gem: /x: line 2: name: string not closed\ngem: /x: no literal name"},
		{name: "other receiver", c: &Installed{}, data: "Gem::Specification.new do |s|\n t.name = 'x'\n s.name = 'y'\n s.version = '1'\n s.name == 'z'\nend\n",
			rows: "y\t1\t\t\n"},
		// Each unclosed literal is read once: the scan goes on after it.
		{name: "unclosed literals", c: &Installed{}, data: "Gem::Specification.new do |s|\n" + strings.Repeat(" s.name = %q(\n", 100000),
			err: "gem: /x: line 2: name: string not closed\ngem: /x: no literal name"},
		{name: "lock not a lock", c: &Lockfile{}, data: "source 'https://rubygems.org'\ngem 'rails'\n", err: "gem: /x: not a Gemfile.lock: no section Bundler writes"},
		{name: "lock bad spec", c: &Lockfile{},
			data: "GEM\n  remote: https://rubygems.org/\n  specs:\n    good (1.0)\n      bad\n    bad (one)\n      good\n    worse\n    good (1.0)\n",
			err:  "gem: /x: line 6: spec \"bad (one)\": version \"one\" is not a RubyGems version\ngem: /x: line 8: spec \"worse\": not \"name (version)\"",
			rows: "good\t1.0\t\t\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pkgs, err := tt.c.Catalog(context.Background(), &catalog.Input{Path: "/x", FS: fstest.MapFS{"x": {Data: []byte(tt.data)}}})
			if got := errString(err); got != tt.err {
				t.Errorf("error:\n%s\nwant:\n%s", got, tt.err)
			}
			if diff := cmp.Diff(tt.rows, rows(pkgs, false)); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
		})
	}
}

func fuzzSeeds(f *testing.F, glob string) {
	files, _ := filepath.Glob(filepath.Join("testdata", glob))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) <= 4096 { // the fuzzer minimizes every input it finds: keep seeds small
			f.Add(b)
		}
	}
}

func checkFuzz(t *testing.T, pkgs []sbom.Package, err error) {
	if err != nil && !strings.HasPrefix(err.Error(), "gem: /x: ") {
		t.Errorf("error %q lacks the prefix", err)
	}
	for i, p := range pkgs {
		if p.Type != "gem" || p.Name == "" || !gemVersion.MatchString(p.Version) || len(p.Evidence) != 1 {
			t.Errorf("package %d insane: %+v", i, p)
		}
		if i > 0 && sbom.ComparePackages(pkgs[i-1], p) > 0 {
			t.Errorf("packages out of order at %d", i)
		}
	}
}

func FuzzGemspec(f *testing.F) {
	fuzzSeeds(f, "*.gemspec")
	f.Add([]byte("Gem::Specification.new do |s|\n s.name = %w<a\\ b>\n s.version = Gem::Version.new(%Q(1\\u{31}))\n s.licenses = [[[nil]], \"\\x4\\0777\"]\n s.platform = Gem::Platform.new([\"a\", nil])\nend"))
	f.Fuzz(func(t *testing.T, b []byte) {
		in := &catalog.Input{Path: "/x", FS: fstest.MapFS{"x": {Data: b}}}
		pkgs, err := (&Installed{}).Catalog(context.Background(), in)
		checkFuzz(t, pkgs, err)
		if len(pkgs) > 1 {
			t.Errorf("%d packages from one gemspec", len(pkgs))
		}
	})
}

func FuzzLockfile(f *testing.F) {
	fuzzSeeds(f, "*.lock")
	f.Fuzz(func(t *testing.T, b []byte) {
		pkgs, err := parseLock(context.Background(), string(b), "/x")
		checkFuzz(t, pkgs, err)
	})
}
