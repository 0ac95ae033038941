package nuget

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// Lockfile finds the NuGet packages a project locks, from its
// packages.lock.json. It is for source trees: on an image, Installed
// reads what is really there. Its zero value is ready to use and it is
// safe for concurrent use.
type Lockfile struct{}

// Name returns "nuget-lockfile".
func (*Lockfile) Name() string { return "nuget-lockfile" }

// Wants reports whether path names a packages.lock.json file.
func (*Lockfile) Wants(p string) bool { return path.Base(p) == "packages.lock.json" }

// WantsFile reports whether Wants(path) holds for a regular file of at
// most MaxFileSize bytes.
func (c *Lockfile) WantsFile(p string, mode fs.FileMode, size int64) bool {
	return wantsFile(c.Wants(p), mode, size)
}

// Catalog reads the packages.lock.json file in.Path from in.FS. Each
// entry of type Direct, Transitive or CentralTransitive, in any target
// framework, is a package with Version its "resolved" version, Hashes
// "SHA-512" from its contentHash, DependsOn the PURLs of the packages its
// dependencies resolve to in the same framework, and Evidence
// []string{in.Path}. An entry locked in several frameworks is one package
// (names compared case-insensitively, as NuGet does; the first
// framework's spelling, in sorted framework order, is kept) whose
// DependsOn joins them all. "Project" entries (project references) are
// not packages. Packages are sorted by sbom.ComparePackages. An entry
// with no resolved version is skipped and named in the error; a file
// that is not a NuGet lock file gives no packages and an error.
func (*Lockfile) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	b, err := readFile(in)
	if err != nil {
		return nil, err
	}
	return parseLock(ctx, b, in.Path)
}

type lockEntry struct {
	Type         string            `json:"type"`
	Resolved     string            `json:"resolved"`
	ContentHash  string            `json:"contentHash"`
	Dependencies map[string]string `json:"dependencies"`
}

func parseLock(ctx context.Context, b []byte, p string) ([]sbom.Package, error) {
	var l struct {
		Version      int                             `json:"version"`
		Dependencies map[string]map[string]lockEntry `json:"dependencies"`
	}
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&l); err != nil {
		return nil, fmt.Errorf("nuget: %s: not a NuGet lock file: %w", p, err)
	}
	if l.Version == 0 || l.Dependencies == nil {
		return nil, fmt.Errorf("nuget: %s: not a NuGet lock file: no version or dependencies", p)
	}
	var (
		pkgs  []sbom.Package
		deps  [][]int
		errs  []error
		index = map[key]int{}
	)
	frameworks := slices.Sorted(maps.Keys(l.Dependencies))
	for _, fw := range frameworks {
		for _, name := range slices.Sorted(maps.Keys(l.Dependencies[fw])) {
			if err := ctxErr(ctx, p); err != nil {
				return nil, err
			}
			e := l.Dependencies[fw][name]
			if strings.EqualFold(e.Type, "Project") {
				continue
			}
			if name == "" || e.Resolved == "" {
				errs = append(errs, fmt.Errorf("nuget: %s: %s: package %q: no resolved version", p, fw, name))
				continue
			}
			k := keyOf(name, e.Resolved)
			if _, ok := index[k]; ok {
				continue
			}
			pkg := sbom.Package{Type: "nuget", Name: name, Version: e.Resolved, Evidence: []string{p}}
			if h := sha512Hex(e.ContentHash); h != "" {
				pkg.Hashes = map[string]string{"SHA-512": h}
			}
			index[k] = len(pkgs)
			pkgs = append(pkgs, pkg)
			deps = append(deps, nil)
		}
	}
	// Edges: a dependency resolves to the version locked for its name in
	// the same framework.
	for _, fw := range frameworks {
		resolved := map[string]string{}
		for name, e := range l.Dependencies[fw] {
			resolved[strings.ToLower(name)] = e.Resolved
		}
		for _, name := range slices.Sorted(maps.Keys(l.Dependencies[fw])) {
			e := l.Dependencies[fw][name]
			i, ok := index[keyOf(name, e.Resolved)]
			if !ok || strings.EqualFold(e.Type, "Project") {
				continue
			}
			for dn := range e.Dependencies {
				if j, ok := index[keyOf(dn, resolved[strings.ToLower(dn)])]; ok {
					deps[i] = append(deps[i], j)
				}
			}
		}
	}
	return finish(pkgs, deps), errors.Join(errs...)
}
