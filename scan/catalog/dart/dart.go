package dart

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// MaxFileSize is the most Lockfile reads of one pubspec.lock (8 MiB; a
// large Flutter application's has a few hundred KiB).
const MaxFileSize = 8 << 20

var _ catalog.Cataloger = (*Lockfile)(nil)

// Lockfile finds the packages a Dart project locks, from its
// pubspec.lock. Its zero value is ready to use and it is safe for
// concurrent use.
type Lockfile struct{}

// Name returns "pub-lockfile".
func (*Lockfile) Name() string { return "pub-lockfile" }

// Wants reports whether path names a pubspec.lock file.
func (*Lockfile) Wants(p string) bool { return path.Base(p) == "pubspec.lock" }

// Catalog reads the pubspec.lock file in.Path from in.FS and returns one
// package for each entry of its "packages" whose source is hosted, git or
// path; sdk entries (flutter, flutter_test) are parts of the SDK, not
// packages, and are left out. Each package has Metadata "pub:source" (the
// source), "pub:dev" "true" when its dependency kind is "direct dev",
// "pub:ref" the resolved commit of a git package, Hashes "SHA-256" from
// a hosted package's description.sha256 when the lock file has it (pub
// 2.19 and later), and Evidence []string{in.Path}. Packages are sorted by
// sbom.ComparePackages. An entry without a version is skipped and named
// in the error; a file that is not a pubspec.lock gives no packages and
// an error.
func (*Lockfile) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	f, err := in.FS.Open(strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return nil, fmt.Errorf("dart: %s: %w", in.Path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("dart: %s: %w", in.Path, err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("dart: %s: larger than %d bytes", in.Path, MaxFileSize)
	}
	return parse(ctx, b, in.Path)
}

// entry is what parse keeps of one package of pubspec.lock.
type entry struct {
	Dependency  string    `yaml:"dependency"`
	Description yaml.Node `yaml:"description"` // a map, or a plain string for sdk packages
	Source      string    `yaml:"source"`
	Version     string    `yaml:"version"`
}

func parse(ctx context.Context, b []byte, p string) ([]sbom.Package, error) {
	var doc struct {
		Packages yaml.Node `yaml:"packages"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("dart: %s: not a pubspec.lock: %w", p, err)
	}
	if doc.Packages.Kind != yaml.MappingNode {
		if doc.Packages.Kind == 0 || doc.Packages.Tag == "!!null" {
			return nil, nil // "packages: {}" or none: a project without dependencies
		}
		return nil, fmt.Errorf("dart: %s: not a pubspec.lock: packages is not a map", p)
	}
	var pkgs []sbom.Package
	var errs []error
	for i := 0; i+1 < len(doc.Packages.Content); i += 2 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		name := doc.Packages.Content[i].Value
		var e entry
		if err := doc.Packages.Content[i+1].Decode(&e); err != nil {
			errs = append(errs, fmt.Errorf("dart: %s: package %q: %w", p, name, err))
			continue
		}
		if e.Source == "sdk" {
			continue
		}
		if name == "" || e.Version == "" {
			errs = append(errs, fmt.Errorf("dart: %s: package %q: no name or version", p, name))
			continue
		}
		var desc struct {
			SHA256      string `yaml:"sha256"`
			ResolvedRef string `yaml:"resolved-ref"`
		}
		if e.Description.Kind == yaml.MappingNode {
			_ = e.Description.Decode(&desc) // optional fields: a malformed one is left out
		}
		pkg := sbom.Package{
			Type:     "pub",
			Name:     strings.ToLower(name),
			Version:  e.Version,
			Evidence: []string{p},
			Metadata: map[string]string{},
		}
		if e.Source != "" {
			pkg.Metadata["pub:source"] = e.Source
		}
		if e.Dependency == "direct dev" {
			pkg.Metadata["pub:dev"] = "true"
		}
		if e.Source == "git" && desc.ResolvedRef != "" {
			pkg.Metadata["pub:ref"] = desc.ResolvedRef
		}
		if e.Source == "hosted" && desc.SHA256 != "" {
			pkg.Hashes = map[string]string{"SHA-256": strings.ToLower(desc.SHA256)}
		}
		if len(pkg.Metadata) == 0 {
			pkg.Metadata = nil
		}
		pkgs = append(pkgs, pkg)
	}
	slices.SortStableFunc(pkgs, sbom.ComparePackages)
	return pkgs, errors.Join(errs...)
}
