package swift

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// MaxFileSize is the most Lockfile reads of one Package.resolved (8 MiB;
// a large project's has tens of KiB).
const MaxFileSize = 8 << 20

var _ catalog.Cataloger = (*Lockfile)(nil)

// Lockfile finds the packages a Swift project locks, from its
// Package.resolved. Its zero value is ready to use and it is safe for
// concurrent use.
type Lockfile struct{}

// Name returns "swift-lockfile".
func (*Lockfile) Name() string { return "swift-lockfile" }

// Wants reports whether path names a Package.resolved file (the Swift
// Package Manager's, or Xcode's inside a workspace).
func (*Lockfile) Wants(p string) bool { return path.Base(p) == "Package.resolved" }

// Catalog reads the Package.resolved file in.Path from in.FS and returns
// one package for each pin: Namespace and Name from its repository URL
// (as package doc says; a pin whose location is a local path has Name
// its identity and no Namespace, so its Package URL lacks the namespace
// the purl spec requires of swift, and a registry pin "scope.name" has
// Namespace the scope and Name the name), Version its
// state.version, or its state.revision when it is pinned to a branch or a
// commit without a version. Metadata holds "swift:revision" and
// "swift:branch" when the pin names them, and "swift:identity" the
// package identity (v2 and v3) or name (v1); Evidence is
// []string{in.Path}. Packages are sorted by sbom.ComparePackages. A pin
// with neither location nor version nor revision is skipped and named in
// the error; a file that is not a Package.resolved gives no packages and
// an error.
func (*Lockfile) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	f, err := in.FS.Open(strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return nil, fmt.Errorf("swift: %s: %w", in.Path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("swift: %s: %w", in.Path, err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("swift: %s: larger than %d bytes", in.Path, MaxFileSize)
	}
	return parse(ctx, b, in.Path)
}

// pin is one pin of any version of Package.resolved.
type pin struct {
	Package       string `json:"package"`       // v1
	RepositoryURL string `json:"repositoryURL"` // v1
	Identity      string `json:"identity"`      // v2, v3
	Kind          string `json:"kind"`          // v2, v3
	Location      string `json:"location"`      // v2, v3
	State         struct {
		Branch   *string `json:"branch"`
		Revision string  `json:"revision"`
		Version  *string `json:"version"`
	} `json:"state"`
}

func parse(ctx context.Context, b []byte, p string) ([]sbom.Package, error) {
	var doc struct {
		Version *int `json:"version"`
		Object  struct {
			Pins []json.RawMessage `json:"pins"`
		} `json:"object"`
		Pins []json.RawMessage `json:"pins"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("swift: %s: not a Package.resolved: %w", p, err)
	}
	if doc.Version == nil {
		return nil, fmt.Errorf("swift: %s: not a Package.resolved: no version", p)
	}
	raw := doc.Pins
	if *doc.Version == 1 {
		raw = doc.Object.Pins
	}
	var pkgs []sbom.Package
	var errs []error
	for i, r := range raw {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var pn pin
		if err := json.Unmarshal(r, &pn); err != nil {
			errs = append(errs, fmt.Errorf("swift: %s: pin %d: %w", p, i, err))
			continue
		}
		pkg, ok := toPackage(pn, p)
		if !ok {
			errs = append(errs, fmt.Errorf("swift: %s: pin %d (%q): no location, version or revision", p, i, pn.Identity+pn.Package))
			continue
		}
		pkgs = append(pkgs, pkg)
	}
	slices.SortStableFunc(pkgs, sbom.ComparePackages)
	return pkgs, errors.Join(errs...)
}

func toPackage(pn pin, p string) (sbom.Package, bool) {
	identity, loc := pn.Identity, pn.Location
	if identity == "" {
		identity, loc = pn.Package, pn.RepositoryURL
	}
	pkg := sbom.Package{Type: "swift", Evidence: []string{p}, Metadata: map[string]string{}}
	pkg.Namespace, pkg.Name = splitLocation(loc)
	if pkg.Name == "" {
		pkg.Name = identity
		if pn.Kind == "registry" { // identity "scope.name"
			if scope, name, ok := strings.Cut(identity, "."); ok {
				pkg.Namespace, pkg.Name = scope, name
			}
		}
	}
	switch {
	case pn.State.Version != nil && *pn.State.Version != "":
		pkg.Version = *pn.State.Version
	default:
		pkg.Version = pn.State.Revision
	}
	if pkg.Name == "" || pkg.Version == "" {
		return sbom.Package{}, false
	}
	if identity != "" {
		pkg.Metadata["swift:identity"] = identity
	}
	if pn.State.Revision != "" {
		pkg.Metadata["swift:revision"] = pn.State.Revision
	}
	if pn.State.Branch != nil && *pn.State.Branch != "" {
		pkg.Metadata["swift:branch"] = *pn.State.Branch
	}
	return pkg, true
}

// splitLocation gives the Package URL namespace (host and owner path)
// and name (the repository) of a repository URL, in the URL form
// ("https://github.com/apple/swift-nio.git") or the scp form
// ("git@github.com:apple/swift-nio.git"); "", "" for a local path or
// anything else.
func splitLocation(loc string) (namespace, name string) {
	rest, ok := "", false
	if _, after, found := strings.Cut(loc, "://"); found {
		rest, ok = after, true
		if at := strings.IndexByte(rest, '@'); at >= 0 && at < strings.IndexByte(rest+"/", '/') {
			rest = rest[at+1:] // user info
		}
	} else if host, after, found := strings.Cut(loc, ":"); found && !strings.ContainsAny(host, "/\\") && len(host) > 1 {
		if at := strings.LastIndexByte(host, '@'); at >= 0 { // scp form: [user@]host:path
			host = host[at+1:]
		}
		rest, ok = host+"/"+after, true
	}
	if !ok {
		return "", ""
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimSuffix(strings.TrimRight(rest, "/"), ".git")
	if h, tail, found := strings.Cut(rest, "/"); found {
		if host, _, hasPort := strings.Cut(h, ":"); hasPort {
			rest = host + "/" + tail // a port is not part of the namespace
		}
	}
	i := strings.LastIndexByte(rest, '/')
	if i <= 0 || i == len(rest)-1 {
		return "", ""
	}
	return rest[:i], rest[i+1:]
}
