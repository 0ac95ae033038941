package hex

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// MaxFileSize is the most Lockfile reads of one mix.lock (8 MiB; a large
// application's has some tens of KiB).
const MaxFileSize = 8 << 20

var _ catalog.Cataloger = (*Lockfile)(nil)

// Lockfile finds the packages a Mix project locks, from its mix.lock. Its
// zero value is ready to use and it is safe for concurrent use.
type Lockfile struct{}

// Name returns "hex-lockfile".
func (*Lockfile) Name() string { return "hex-lockfile" }

// Wants reports whether path names a mix.lock file.
func (*Lockfile) Wants(p string) bool { return path.Base(p) == "mix.lock" }

// Catalog reads the mix.lock file in.Path from in.FS and returns one
// package for each entry of its map, with Evidence []string{in.Path}:
//
//   - a Hex entry, {:hex, :name, "version", "inner", [managers], [deps],
//     "repo", "outer"}, gives Name the Hex package name, Version, Namespace
//     as package doc says, Hashes "SHA-256" the outer checksum (the
//     SHA-256 of the package tarball, which Hex verifies), and DependsOn
//     the Package URLs (sbom.PackageURL) of the Hex packages of the same
//     lock file that its deps name (optional ones included: they are
//     locked); older lock files with fewer fields give what they have;
//   - a Git entry, {:git, "url", "ref", [opts]}, gives Name the entry's
//     key, no Version, and Metadata "hex:git" the URL and "hex:ref" the
//     locked commit: it is not a Hex package, so it has no version a Hex
//     advisory could name.
//
// Packages are sorted by sbom.ComparePackages. An entry of another shape
// is skipped and named in the error; a file that is not a mix.lock (not
// one Elixir map) gives no packages and an error.
func (*Lockfile) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	f, err := in.FS.Open(strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return nil, fmt.Errorf("hex: %s: %w", in.Path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("hex: %s: %w", in.Path, err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("hex: %s: larger than %d bytes", in.Path, MaxFileSize)
	}
	return parse(ctx, b, in.Path)
}

func parse(ctx context.Context, b []byte, p string) ([]sbom.Package, error) {
	ps := &parser{src: string(b)}
	if ps.peek() != '%' {
		return nil, fmt.Errorf("hex: %s: not a mix.lock: %w", p, ps.errorf("want %%{"))
	}
	top, err := ps.value(0)
	if err == nil && ps.peek() != 0 {
		err = ps.errorf("text after the map")
	}
	if err != nil && len(top.items) == 0 {
		return nil, fmt.Errorf("hex: %s: not a mix.lock: %w", p, err)
	}
	var errs []error
	if err != nil { // the entries before the fault are good
		errs = append(errs, fmt.Errorf("hex: %s: %w", p, err))
	}
	type entry struct {
		pkg  sbom.Package
		deps []string // lock keys
	}
	byKey := map[string]int{}
	var entries []entry
	for _, pair := range top.items {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		key, v := pair.items[0].s, pair.items[1]
		pkg, deps, err := toPackage(key, v)
		if err != nil {
			errs = append(errs, fmt.Errorf("hex: %s: entry %q: %w", p, key, err))
			continue
		}
		pkg.Evidence = []string{p}
		byKey[key] = len(entries)
		entries = append(entries, entry{pkg, deps})
	}
	var pkgs []sbom.Package
	for _, e := range entries {
		for _, d := range e.deps {
			if i, ok := byKey[d]; ok && entries[i].pkg.Version != "" {
				e.pkg.DependsOn = append(e.pkg.DependsOn, sbom.PackageURL(entries[i].pkg, nil))
			}
		}
		slices.Sort(e.pkg.DependsOn)
		e.pkg.DependsOn = slices.Compact(e.pkg.DependsOn)
		pkgs = append(pkgs, e.pkg)
	}
	slices.SortStableFunc(pkgs, sbom.ComparePackages)
	return pkgs, errors.Join(errs...)
}

// toPackage reads one entry of the lock map: its package, and the lock
// keys of its dependencies.
func toPackage(key string, v term) (sbom.Package, []string, error) {
	if v.kind != kTuple || len(v.items) == 0 || v.items[0].kind != kAtom {
		return sbom.Package{}, nil, errors.New("not a {:scm, ...} tuple")
	}
	it := v.items
	str := func(i int, k kind) string {
		if i < len(it) && it[i].kind == k {
			return it[i].s
		}
		return ""
	}
	switch it[0].s {
	case "hex":
		pkg := sbom.Package{Type: "hex", Name: strings.ToLower(str(1, kAtom)), Version: str(2, kString)}
		if pkg.Name == "" || pkg.Version == "" {
			return sbom.Package{}, nil, errors.New("hex entry without name or version")
		}
		if _, org, ok := strings.Cut(str(6, kString), ":"); ok {
			pkg.Namespace = strings.ToLower(org)
		}
		if h := strings.ToLower(str(7, kString)); isSHA256(h) {
			pkg.Hashes = map[string]string{"SHA-256": h}
		}
		var deps []string
		if len(it) > 5 && it[5].kind == kList {
			for _, d := range it[5].items {
				if d.kind == kTuple && len(d.items) > 0 && d.items[0].kind == kAtom {
					deps = append(deps, d.items[0].s)
				}
			}
		}
		return pkg, deps, nil
	case "git":
		url, ref := str(1, kString), str(2, kString)
		if key == "" || url == "" {
			return sbom.Package{}, nil, errors.New("git entry without name or URL")
		}
		pkg := sbom.Package{Type: "hex", Name: strings.ToLower(key), Metadata: map[string]string{"hex:git": url}}
		if ref != "" {
			pkg.Metadata["hex:ref"] = ref
		}
		return pkg, nil, nil
	default:
		return sbom.Package{}, nil, fmt.Errorf("unknown source :%s", it[0].s)
	}
}

func isSHA256(h string) bool {
	if len(h) != 64 {
		return false
	}
	for _, c := range h {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
