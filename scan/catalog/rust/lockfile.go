package rust

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// MaxLockfileSize is the most Lockfile reads of one Cargo.lock (16 MiB;
// a workspace of 1000 crates has about 200 KiB).
const MaxLockfileSize = 16 << 20

// Metadata keys set on the packages.
const (
	// MetaSource is where the crate came from: in a Cargo.lock its source
	// ("registry+https://github.com/rust-lang/crates.io-index",
	// "git+https://...#<commit>"); in a binary's audit data "crates.io",
	// "registry", "git" or "local". Absent for a Cargo.lock's local
	// (path or workspace) crates, which have no source.
	MetaSource = "cargo:source"
	// MetaKind is "build" on a crate a binary's audit data records as a
	// build dependency only (compiled and run while building, not linked
	// into the binary).
	MetaKind = "cargo:kind"
	// MetaRoot is "true" on the root crate of a binary's audit data.
	MetaRoot = "cargo:root"
)

// HashSHA256 is the Hashes key of a crate's Cargo.lock checksum: the
// SHA-256 of its .crate archive, lowercase hex, as CycloneDX names it.
const HashSHA256 = "SHA-256"

var _ catalog.Cataloger = (*Lockfile)(nil)

// Lockfile finds the crates of a Rust source tree from its Cargo.lock
// (every format: v1 with checksums in [metadata], v2 and later with a
// checksum per package). Its zero value is ready to use, and it is safe
// for concurrent use.
type Lockfile struct{}

// Name returns "cargo-lock".
func (*Lockfile) Name() string { return "cargo-lock" }

// Wants reports whether the file is named Cargo.lock.
func (*Lockfile) Wants(p string) bool { return path.Base(p) == "Cargo.lock" }

// lockFile is the part of a Cargo.lock that Catalog reads.
type lockFile struct {
	Version  int               `toml:"version"`
	Package  []lockPackage     `toml:"package"`
	Metadata map[string]string `toml:"metadata"`
}

type lockPackage struct {
	Name         string   `toml:"name"`
	Version      string   `toml:"version"`
	Source       string   `toml:"source"`
	Checksum     string   `toml:"checksum"`
	Dependencies []string `toml:"dependencies"`
}

// Catalog reads the Cargo.lock at in.Path and returns one package per
// [[package]] entry, sorted by sbom.ComparePackages: Type "cargo", Name
// and Version as written, MetaSource, the checksum under HashSHA256
// (a v1 lockfile's from its [metadata] "checksum NAME VERSION (SOURCE)"
// keys), and DependsOn the Package URLs of the entries its dependencies
// name ("name", "name version" or "name version (source)", resolved
// against the lockfile's entries), sorted. Local crates, the project's
// own included, are packages too, without MetaSource. Evidence is
// [in.Path].
//
// An entry without a name or version is skipped, and a dependency that
// names no entry or more than one is left out of DependsOn; both are
// named in the error, with the packages of the rest. A file that is not
// TOML gives no packages and an error.
func (*Lockfile) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	f, err := in.FS.Open(strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return nil, fmt.Errorf("rust: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxLockfileSize+1))
	if err != nil {
		return nil, fmt.Errorf("rust: %s: %w", in.Path, err)
	}
	if len(data) > MaxLockfileSize {
		return nil, fmt.Errorf("rust: %s: larger than %d bytes", in.Path, MaxLockfileSize)
	}
	var lock lockFile
	if _, err := toml.Decode(string(data), &lock); err != nil {
		return nil, fmt.Errorf("rust: %s: %w", in.Path, err)
	}
	var errs []error
	var entries []lockPackage
	for i, e := range lock.Package {
		if e.Name == "" || e.Version == "" {
			errs = append(errs, fmt.Errorf("rust: %s: [[package]] %d (name %q): no name or version", in.Path, i+1, e.Name))
			continue
		}
		entries = append(entries, e)
	}
	pkgs := make([]sbom.Package, len(entries))
	for i, e := range entries {
		pkgs[i] = sbom.Package{Type: "cargo", Name: e.Name, Version: e.Version, Evidence: []string{in.Path}}
		if e.Source != "" {
			pkgs[i].Metadata = map[string]string{MetaSource: e.Source}
		}
		sum := e.Checksum
		if sum == "" {
			sum = lock.Metadata["checksum "+e.Name+" "+e.Version+" ("+e.Source+")"]
		}
		if sum != "" && sum != "<none>" {
			pkgs[i].Hashes = map[string]string{HashSHA256: strings.ToLower(sum)}
		}
	}
	for i, e := range entries {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("rust: %s: %w", in.Path, err)
		}
		for _, d := range e.Dependencies {
			j, err := resolve(entries, d)
			if err != nil {
				errs = append(errs, fmt.Errorf("rust: %s: %s %s: dependency %q: %w", in.Path, e.Name, e.Version, d, err))
				continue
			}
			pkgs[i].DependsOn = append(pkgs[i].DependsOn, sbom.PackageURL(pkgs[j], nil))
		}
		slices.Sort(pkgs[i].DependsOn)
		pkgs[i].DependsOn = slices.Compact(pkgs[i].DependsOn)
	}
	slices.SortFunc(pkgs, sbom.ComparePackages)
	return pkgs, errors.Join(errs...)
}

// resolve returns the index of the entry a dependency string names:
// "name", "name version" or "name version (source)".
func resolve(entries []lockPackage, dep string) (int, error) {
	name, rest, _ := strings.Cut(strings.TrimSpace(dep), " ")
	version, source, _ := strings.Cut(rest, " ")
	source = strings.TrimSuffix(strings.TrimPrefix(source, "("), ")")
	found := -1
	for i, e := range entries {
		if e.Name != name || version != "" && e.Version != version || source != "" && e.Source != source {
			continue
		}
		if found >= 0 {
			return 0, errors.New("names more than one package")
		}
		found = i
	}
	if found < 0 {
		return 0, errors.New("names no package")
	}
	return found, nil
}
