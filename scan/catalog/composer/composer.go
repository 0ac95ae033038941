package composer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// MaxFileSize is the most Installed and Lockfile read of one file
// (32 MiB; a large application's composer.lock has a few MiB).
const MaxFileSize = 32 << 20

const installedSuffix = "/vendor/composer/installed.json"

var (
	_ catalog.Standalone = (*Installed)(nil)
	_ catalog.Standalone = (*Lockfile)(nil)
)

// Installed finds the PHP packages Composer installed, from
// vendor/composer/installed.json. Its zero value is ready to use and it
// is safe for concurrent use.
type Installed struct{}

// Name returns "composer-installed".
func (*Installed) Name() string { return "composer-installed" }

// Wants reports whether path ends in /vendor/composer/installed.json (a
// vendor directory renamed by the vendor-dir setting is not found).
func (*Installed) Wants(p string) bool { return strings.HasSuffix(p, installedSuffix) }

// WantsFile reports whether Wants(path) holds for a regular file of at
// most MaxFileSize bytes.
func (c *Installed) WantsFile(p string, mode fs.FileMode, size int64) bool {
	return c.Wants(p) && mode.IsRegular() && size <= MaxFileSize
}

// Catalog reads the installed.json file in.Path from in.FS, in the
// Composer 1 form (an array of packages) or the Composer 2 form (an
// object whose "packages" are the packages). Each package is as package
// doc says, with Licenses from "license" (a list, or one string), Hashes
// "SHA-1" from dist.shasum when set, DependsOn the PURLs of the packages
// of the same file that its "require" names (platform requirements such
// as php and ext-json are not packages), Metadata "composer:dev" "true"
// for a package "dev-package-names" lists (the Composer 1 form says
// nothing of dev), and Evidence []string{in.Path}. Packages are sorted by
// sbom.ComparePackages. A package without a name or version is skipped
// and named in the error; a file that is not installed.json gives no
// packages and an error.
func (*Installed) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	b, err := readFile(in)
	if err != nil {
		return nil, err
	}
	return parseInstalled(ctx, b, in.Path)
}

// Lockfile finds the PHP packages a project locks, from its
// composer.lock. It is for source trees: on an image, Installed reads
// what is really there. Its zero value is ready to use and it is safe for
// concurrent use.
type Lockfile struct{}

// Name returns "composer-lockfile".
func (*Lockfile) Name() string { return "composer-lockfile" }

// Wants reports whether path names a composer.lock file.
func (*Lockfile) Wants(p string) bool { return path.Base(p) == "composer.lock" }

// WantsFile reports whether Wants(path) holds for a regular file of at
// most MaxFileSize bytes.
func (c *Lockfile) WantsFile(p string, mode fs.FileMode, size int64) bool {
	return c.Wants(p) && mode.IsRegular() && size <= MaxFileSize
}

// Catalog reads the composer.lock file in.Path from in.FS: its
// "packages", and its "packages-dev" with Metadata "composer:dev"
// "true". Each package is as Installed.Catalog gives it. A package
// locked twice (same name and version) is one package, not dev when
// either entry is not. A package without a name or version is skipped and
// named in the error; a file that is not composer.lock gives no packages
// and an error.
func (*Lockfile) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	b, err := readFile(in)
	if err != nil {
		return nil, err
	}
	return parseLock(ctx, b, in.Path)
}

// readFile reads in.Path from in.FS, at most MaxFileSize bytes, less a
// leading UTF-8 byte order mark.
func readFile(in *catalog.Input) ([]byte, error) {
	f, err := in.FS.Open(strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return nil, fmt.Errorf("composer: %s: %w", in.Path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("composer: %s: %w", in.Path, err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("composer: %s: larger than %d bytes", in.Path, MaxFileSize)
	}
	return bytes.TrimPrefix(b, []byte("\ufeff")), nil // a byte order mark, as some Windows tools write
}

// record is what Catalog keeps of one package.
type record struct {
	Name    string          `json:"name"`
	Version string          `json:"version"`
	License json.RawMessage `json:"license"`
	Require json.RawMessage `json:"require"` // an object; PHP writes an empty one as []
	Dist    struct {
		Shasum string `json:"shasum"`
	} `json:"dist"`
}

func parseInstalled(ctx context.Context, b []byte, p string) ([]sbom.Package, error) {
	var v2 struct {
		Packages []json.RawMessage `json:"packages"`
		Dev      []string          `json:"dev-package-names"`
	}
	var recs []json.RawMessage
	if err := json.Unmarshal(b, &recs); err != nil || recs == nil { // Composer 1: an array
		if err := json.Unmarshal(b, &v2); err != nil {
			return nil, fmt.Errorf("composer: %s: not installed.json: %w", p, err)
		}
		if v2.Packages == nil {
			return nil, fmt.Errorf("composer: %s: not installed.json: no packages", p)
		}
		recs = v2.Packages
	}
	dev := map[string]bool{}
	for _, n := range v2.Dev {
		dev[strings.ToLower(n)] = true
	}
	var l lister
	for i, raw := range recs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("composer: %s: %w", p, err)
		}
		l.add(raw, p, fmt.Sprintf("packages[%d]", i), func(name string) bool { return dev[name] })
	}
	return l.finish()
}

func parseLock(ctx context.Context, b []byte, p string) ([]sbom.Package, error) {
	var lock struct {
		Packages    []json.RawMessage `json:"packages"`
		PackagesDev []json.RawMessage `json:"packages-dev"`
	}
	if err := json.Unmarshal(b, &lock); err != nil {
		return nil, fmt.Errorf("composer: %s: not composer.lock: %w", p, err)
	}
	if lock.Packages == nil && lock.PackagesDev == nil {
		return nil, fmt.Errorf("composer: %s: not composer.lock: no packages", p)
	}
	var l lister
	for _, set := range []struct {
		key  string
		recs []json.RawMessage
		dev  bool
	}{{"packages", lock.Packages, false}, {"packages-dev", lock.PackagesDev, true}} {
		for i, raw := range set.recs {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("composer: %s: %w", p, err)
			}
			l.add(raw, p, fmt.Sprintf("%s[%d]", set.key, i), func(string) bool { return set.dev })
		}
	}
	return l.finish()
}

// lister gathers the packages of one file.
type lister struct {
	pkgs  []sbom.Package
	reqs  [][]string     // lowercased required names, per package
	index map[string]int // lowercased full name -> package
	errs  []error
}

// add adds the package of one record; where names it in errors; dev
// says whether a (lowercased) name is a dev package.
func (l *lister) add(raw json.RawMessage, p, where string, dev func(string) bool) {
	var r record
	if err := json.Unmarshal(raw, &r); err != nil {
		l.errs = append(l.errs, fmt.Errorf("composer: %s: %s: not a package object: %w", p, where, err))
		return
	}
	full := strings.ToLower(r.Name)
	if full == "" || r.Version == "" {
		l.errs = append(l.errs, fmt.Errorf("composer: %s: %s: package %q: no name or version", p, where, r.Name))
		return
	}
	isDev := dev(full)
	if i, ok := l.index[full]; ok {
		if l.pkgs[i].Version != r.Version {
			l.errs = append(l.errs, fmt.Errorf("composer: %s: %s: package %q: listed again as %s (first as %s)", p, where, r.Name, r.Version, l.pkgs[i].Version))
		} else if !isDev {
			l.pkgs[i].Metadata = nil
		}
		return
	}
	pkg := sbom.Package{Type: "composer", Name: full, Version: r.Version, Evidence: []string{p}}
	if ns, name, ok := strings.Cut(full, "/"); ok {
		pkg.Namespace, pkg.Name = ns, name
	}
	pkg.Licenses = licenses(r.License)
	if r.Dist.Shasum != "" {
		pkg.Hashes = map[string]string{"SHA-1": strings.ToLower(r.Dist.Shasum)}
	}
	if isDev {
		pkg.Metadata = map[string]string{"composer:dev": "true"}
	}
	var require map[string]json.RawMessage
	_ = json.Unmarshal(r.Require, &require) // not an object: no requirements
	var reqs []string
	for n := range require {
		reqs = append(reqs, strings.ToLower(n))
	}
	if l.index == nil {
		l.index = map[string]int{}
	}
	l.index[full] = len(l.pkgs)
	l.pkgs = append(l.pkgs, pkg)
	l.reqs = append(l.reqs, reqs)
}

// licenses reads "license": a list of strings or one string.
func licenses(raw json.RawMessage) []string {
	var list []string
	if json.Unmarshal(raw, &list) != nil {
		var one string
		if json.Unmarshal(raw, &one) != nil || one == "" {
			return nil
		}
		return []string{one}
	}
	list = slices.DeleteFunc(list, func(s string) bool { return s == "" })
	if len(list) == 0 {
		return nil
	}
	return list
}

func (l *lister) finish() ([]sbom.Package, error) {
	for i := range l.pkgs {
		var on []string
		for _, n := range l.reqs[i] {
			if j, ok := l.index[n]; ok && j != i {
				on = append(on, sbom.PackageURL(l.pkgs[j], nil))
			}
		}
		slices.Sort(on)
		l.pkgs[i].DependsOn = slices.Compact(on)
	}
	slices.SortStableFunc(l.pkgs, sbom.ComparePackages)
	return l.pkgs, errors.Join(l.errs...)
}
