package gem

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// Installed finds the gems RubyGems installed, from their specifications.
// Its zero value is ready to use and it is safe for concurrent use.
type Installed struct{}

// Name returns "gem-installed".
func (*Installed) Name() string { return "gem-installed" }

// Wants reports whether path is a *.gemspec file directly in a directory
// named specifications, or in its default/ subdirectory: where RubyGems
// keeps installed and default gems (/usr/local/bundle/specifications,
// /usr/lib/ruby/gems/3.3.0/specifications/default, vendor/bundle/ruby/
// 3.3.0/specifications). A gemspec anywhere else (a gem's source tree)
// does not prove an installed gem.
func (*Installed) Wants(p string) bool {
	dir, base := path.Split(p)
	if len(base) <= len(".gemspec") || !strings.HasSuffix(base, ".gemspec") {
		return false
	}
	dir = strings.TrimSuffix(dir, "/")
	if path.Base(dir) == "default" {
		dir = path.Dir(dir)
	}
	return path.Base(dir) == "specifications"
}

// WantsFile reports whether Wants(path) holds for a regular file of at
// most MaxFileSize bytes.
func (c *Installed) WantsFile(p string, mode fs.FileMode, size int64) bool {
	return c.Wants(p) && mode.IsRegular() && size <= MaxFileSize
}

// Catalog reads the specification in.Path from in.FS and returns its
// gem: Name and Version from s.name and s.version (which must be a
// RubyGems version; a "-" in it reads ".pre.", as Gem::Version
// writes it), Arch from s.platform (none for "ruby"), Licenses
// from s.licenses or s.license (nil when none), Metadata "gem:default"
// "true" for a default gem (one under specifications/default/), and
// Evidence []string{in.Path}. When an assignment is given twice the last
// wins, as in Ruby. A file with no Gem::Specification.new block, no
// literal name or version, or a version RubyGems would refuse gives no
// package and an error; a licence or platform that is not a literal
// gives the package without it, and an error.
func (*Installed) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	s, err := readFile(in)
	if err != nil {
		return nil, err
	}
	p, err := parseGemspec(s, in.Path)
	if p == nil {
		return nil, err
	}
	if path.Base(path.Dir(in.Path)) == "default" {
		p.Metadata = map[string]string{"gem:default": "true"}
	}
	return []sbom.Package{*p}, err
}

var (
	specBlock = regexp.MustCompile(`Gem::Specification\.new\s*(?:do|\{)\s*\|\s*([A-Za-z_][A-Za-z0-9_]*)\s*\|`)
	// gemVersion is Gem::Version::ANCHORED_VERSION_PATTERN, without the
	// blanks it allows around the version.
	gemVersion = regexp.MustCompile(`\A[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?\z`)
)

// attrs are the assignments parseGemspec reads.
var attrs = []string{"name", "version", "platform", "licenses", "license"}

// parseGemspec reads a specification; it returns a nil package when it
// proves none.
func parseGemspec(s, p string) (*sbom.Package, error) {
	m := specBlock.FindStringSubmatchIndex(s)
	if m == nil {
		return nil, fmt.Errorf("gem: %s: not a gem specification: no Gem::Specification.new block", p)
	}
	recv := s[m[2]:m[3]] + "."
	got := map[string]value{}
	at := map[string]int{} // where each assignment in got was made
	var errs []error
	lineNo := strings.Count(s[:m[1]], "\n") + 1
	for off := m[1]; off < len(s); {
		end := strings.IndexByte(s[off:], '\n')
		if end < 0 {
			end = len(s) - off
		}
		line := s[off : off+end]
		next := off + end + 1
		t := strings.TrimLeft(line, " \t")
		if rest, ok := strings.CutPrefix(t, recv); ok {
			for _, a := range attrs {
				v, ok := strings.CutPrefix(rest, a)
				if !ok {
					continue
				}
				v = strings.TrimLeft(v, " \t")
				if len(v) < 2 || v[0] != '=' || strings.IndexByte("=~>", v[1]) >= 0 {
					continue
				}
				l := &lexer{s: s, i: off + (len(line) - len(v)) + 1}
				val, err := l.value(0)
				if l.i > next { // a value over several lines, or one never closed
					next = l.i
				}
				if err != nil {
					errs = append(errs, fmt.Errorf("gem: %s: line %d: %s: %w", p, lineNo, a, err))
					delete(got, a)
					break
				}
				got[a], at[a] = val, off
				break
			}
		}
		lineNo += strings.Count(s[off:min(next, len(s))], "\n")
		off = next
	}
	name, version := got["name"], got["version"]
	switch {
	case name.isList || name.str == "":
		return nil, errors.Join(append(errs, fmt.Errorf("gem: %s: no literal name", p))...)
	case version.isList || !gemVersion.MatchString(strings.TrimSpace(version.str)):
		return nil, errors.Join(append(errs, fmt.Errorf("gem: %s: gem %q: no literal RubyGems version: %q", p, name.str, version.str))...)
	}
	// Gem::Version keeps a pre-release "-" as ".pre.".
	v := strings.ReplaceAll(strings.TrimSpace(version.str), "-", ".pre.")
	pkg := &sbom.Package{Type: "gem", Name: name.str, Version: v, Evidence: []string{p}}
	if pl, ok := got["platform"]; ok && !pl.isList {
		pkg.Arch = platform(pl.str)
	}
	lic, ok := got["licenses"]
	if one, ok1 := got["license"]; ok1 && (!ok || at["license"] > at["licenses"]) { // both set the list: the last wins
		lic = one
	}
	if lic.isList {
		pkg.Licenses = slices.DeleteFunc(lic.list, func(l string) bool { return l == "" })
	} else if lic.str != "" {
		pkg.Licenses = []string{lic.str}
	}
	if len(pkg.Licenses) == 0 {
		pkg.Licenses = nil
	}
	return pkg, errors.Join(errs...)
}
