package gem

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// Lockfile finds the gems a project locks, from its Gemfile.lock. It is
// for source trees: on an image, Installed reads what is really there.
// Its zero value is ready to use and it is safe for concurrent use.
type Lockfile struct{}

// Name returns "gem-lockfile".
func (*Lockfile) Name() string { return "gem-lockfile" }

// Wants reports whether path names a Gemfile.lock or gems.locked file.
func (*Lockfile) Wants(p string) bool {
	b := path.Base(p)
	return b == "Gemfile.lock" || b == "gems.locked"
}

// WantsFile reports whether Wants(path) holds for a regular file of at
// most MaxFileSize bytes.
func (c *Lockfile) WantsFile(p string, mode fs.FileMode, size int64) bool {
	return c.Wants(p) && mode.IsRegular() && size <= MaxFileSize
}

// Catalog reads the lock file in.Path from in.FS. Each spec of its GEM,
// GIT, PATH and PLUGIN SOURCE sections ("    name (version)" or
// "    name (version-platform)", as Bundler writes it) is a package with
// Arch the platform, DependsOn the PURLs of the locked specs its
// dependencies name (every platform variant of a name locked for several
// platforms), Metadata "gem:git" (the repository) and "gem:revision" for
// a spec from a GIT section and "gem:path" for one from a PATH section,
// and Evidence []string{in.Path}. A spec locked twice is one package.
// Packages are sorted by sbom.ComparePackages. A spec line Bundler would
// not read is skipped and named in the error; a file with no section
// Bundler knows gives no packages and an error. Catalog checks ctx.Err()
// between lines.
func (*Lockfile) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	s, err := readFile(in)
	if err != nil {
		return nil, err
	}
	return parseLock(ctx, s, in.Path)
}

// sources are the sections whose specs are gems.
var sources = []string{"GEM", "GIT", "PATH", "PLUGIN SOURCE"}

// known are the other sections Bundler writes.
var known = []string{"PLATFORMS", "DEPENDENCIES", "RUBY VERSION", "BUNDLED WITH", "CHECKSUMS", "PLUGINS"}

// spec is one locked spec.
type spec struct {
	pkg  sbom.Package
	deps []string
}

func parseLock(ctx context.Context, s, p string) ([]sbom.Package, error) {
	var (
		specs   []spec
		errs    []error
		section string
		inSpecs bool
		opts    map[string]string // remote, revision, ... of the source
		seen    = map[[3]string]bool{}
		found   bool
	)
	for n, line := range strings.Split(s, "\n") {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("gem: %s: %w", p, err)
			}
		}
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if line[0] != ' ' {
			section, inSpecs, opts = line, false, map[string]string{}
			found = found || slices.Contains(sources, line) || slices.Contains(known, line)
			continue
		}
		if !slices.Contains(sources, section) {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		text := line[indent:]
		switch {
		case indent == 2 && text == "specs:":
			inSpecs = true
		case indent == 2:
			if k, v, ok := strings.Cut(text, ": "); ok {
				opts[k] = v
			}
		case indent == 4 && inSpecs:
			name, version, plat, err := specLine(text)
			if err != nil {
				errs = append(errs, fmt.Errorf("gem: %s: line %d: %w", p, n+1, err))
				specs = append(specs, spec{}) // its dependencies go nowhere
				continue
			}
			pkg := sbom.Package{Type: "gem", Name: name, Version: version, Arch: platform(plat), Evidence: []string{p}}
			switch section {
			case "GIT":
				pkg.Metadata = map[string]string{"gem:git": opts["remote"], "gem:revision": opts["revision"]}
			case "PATH":
				pkg.Metadata = map[string]string{"gem:path": opts["remote"]}
			}
			k := [3]string{name, version, pkg.Arch}
			if seen[k] {
				specs = append(specs, spec{})
				continue
			}
			seen[k] = true
			specs = append(specs, spec{pkg: pkg})
		case indent == 6 && inSpecs && len(specs) > 0:
			name, _, _ := strings.Cut(text, " ")
			last := &specs[len(specs)-1]
			last.deps = append(last.deps, name)
		}
	}
	if !found {
		return nil, fmt.Errorf("gem: %s: not a Gemfile.lock: no section Bundler writes", p)
	}
	byName := map[string][]int{}
	for i, sp := range specs {
		if sp.pkg.Name != "" {
			byName[sp.pkg.Name] = append(byName[sp.pkg.Name], i)
		}
	}
	var pkgs []sbom.Package
	for _, sp := range specs {
		if sp.pkg.Name == "" {
			continue
		}
		var on []string
		for _, d := range sp.deps {
			for _, j := range byName[d] {
				on = append(on, sbom.PackageURL(specs[j].pkg, nil))
			}
		}
		slices.Sort(on)
		sp.pkg.DependsOn = slices.Compact(on)
		pkgs = append(pkgs, sp.pkg)
	}
	slices.SortStableFunc(pkgs, sbom.ComparePackages)
	return pkgs, errors.Join(errs...)
}

// specLine splits "name (version[-platform])" as Bundler's NAME_VERSION
// pattern does: the version ends at the first "-".
func specLine(t string) (name, version, plat string, err error) {
	name, rest, ok := strings.Cut(t, " (")
	inner, ok2 := strings.CutSuffix(rest, ")")
	if !ok || !ok2 || name == "" || strings.ContainsAny(name, " ()") || inner == "" || strings.ContainsAny(inner, " ()") {
		return "", "", "", fmt.Errorf("spec %q: not \"name (version)\"", t)
	}
	version, plat, _ = strings.Cut(inner, "-")
	if !gemVersion.MatchString(version) {
		return "", "", "", fmt.Errorf("spec %q: version %q is not a RubyGems version", t, version)
	}
	return name, version, plat, nil
}
