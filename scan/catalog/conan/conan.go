package conan

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// MaxFileSize is the most Lockfile reads of one conan.lock (16 MiB; a
// Conan 1 lock file repeats every package's options and grows large).
const MaxFileSize = 16 << 20

var _ catalog.Cataloger = (*Lockfile)(nil)

// Lockfile finds the packages a Conan project locks, from its conan.lock.
// Its zero value is ready to use and it is safe for concurrent use.
type Lockfile struct{}

// Name returns "conan-lockfile".
func (*Lockfile) Name() string { return "conan-lockfile" }

// Wants reports whether path names a conan.lock file.
func (*Lockfile) Wants(p string) bool { return path.Base(p) == "conan.lock" }

// Catalog reads the conan.lock file in.Path from in.FS and returns one
// package for each reference it locks, as package doc says, with
// Evidence []string{in.Path}:
//
//   - version 0.4: each node of graph_lock.nodes that has a "ref" (the
//     root, the project's own conanfile, has none), with DependsOn the
//     Package URLs (sbom.PackageURL) of the nodes its "requires" and
//     "build_requires" name, Metadata "conan:prev" the package revision
//     when revisions are enabled, and Metadata "conan:dev" "true" for a
//     node in the build context or named only by build_requires;
//   - version 0.5 and later: each reference of "requires", and of
//     "build_requires" and "python_requires" with Metadata "conan:dev"
//     "true" (a reference in both lists is one package, not dev); these
//     lock files carry no edges.
//
// Packages are sorted by sbom.ComparePackages. A reference without a name
// and version is skipped and named in the error; a file that is not a
// conan.lock gives no packages and an error.
func (*Lockfile) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	f, err := in.FS.Open(strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return nil, fmt.Errorf("conan: %s: %w", in.Path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("conan: %s: %w", in.Path, err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("conan: %s: larger than %d bytes", in.Path, MaxFileSize)
	}
	return parse(ctx, b, in.Path)
}

type node struct {
	Ref           string   `json:"ref"`
	Requires      []string `json:"requires"`
	BuildRequires []string `json:"build_requires"`
	Context       string   `json:"context"`
	Prev          string   `json:"prev"` // the package revision; "0" when revisions are off
}

func parse(ctx context.Context, b []byte, p string) ([]sbom.Package, error) {
	var doc struct {
		Version   string `json:"version"`
		GraphLock *struct {
			Nodes map[string]json.RawMessage `json:"nodes"`
		} `json:"graph_lock"`
		Requires       []string `json:"requires"`
		BuildRequires  []string `json:"build_requires"`
		PythonRequires []string `json:"python_requires"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("conan: %s: not a conan.lock: %w", p, err)
	}
	var pkgs []sbom.Package
	var errs []error
	switch {
	case doc.GraphLock != nil:
		pkgs, errs = parseGraph(ctx, doc.GraphLock.Nodes, p)
	case doc.Version != "":
		byKey := map[string]int{}
		add := func(refs []string, dev bool) {
			for _, r := range refs {
				pkg, err := parseRef(r, p)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				k := sbom.PackageURL(pkg, nil) + "#" + pkg.Metadata["conan:rrev"]
				if i, ok := byKey[k]; ok {
					if !dev {
						delete(pkgs[i].Metadata, "conan:dev")
					}
					continue
				}
				if dev {
					pkg.Metadata["conan:dev"] = "true"
				}
				byKey[k] = len(pkgs)
				pkgs = append(pkgs, pkg)
			}
		}
		add(doc.Requires, false)
		add(doc.BuildRequires, true)
		add(doc.PythonRequires, true)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("conan: %s: not a conan.lock: no version", p)
	}
	for i := range pkgs {
		pkgs[i].Evidence = []string{p}
		if len(pkgs[i].Metadata) == 0 {
			pkgs[i].Metadata = nil
		}
	}
	slices.SortStableFunc(pkgs, sbom.ComparePackages)
	return pkgs, errors.Join(errs...)
}

// parseGraph reads the nodes of a version 0.4 graph lock.
func parseGraph(ctx context.Context, raw map[string]json.RawMessage, p string) ([]sbom.Package, []error) {
	ids := make([]string, 0, len(raw))
	for id := range raw {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { // numeric ids in number order, for stable error order
		a, errA := strconv.Atoi(ids[i])
		b, errB := strconv.Atoi(ids[j])
		if errA == nil && errB == nil {
			return a < b
		}
		return ids[i] < ids[j]
	})
	var errs []error
	nodes := map[string]node{}
	required, buildRequired := map[string]bool{}, map[string]bool{}
	for _, id := range ids {
		var n node
		if err := json.Unmarshal(raw[id], &n); err != nil {
			errs = append(errs, fmt.Errorf("conan: %s: node %q: %w", p, id, err))
			continue
		}
		nodes[id] = n
		for _, r := range n.Requires {
			required[r] = true
		}
		for _, r := range n.BuildRequires {
			buildRequired[r] = true
		}
	}
	pkgOf := map[string]sbom.Package{}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, []error{err}
		}
		n, ok := nodes[id]
		if !ok || n.Ref == "" {
			continue // the root node, the project itself
		}
		pkg, err := parseRef(n.Ref, p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%w (node %q)", err, id))
			continue
		}
		if n.Prev != "" && n.Prev != "0" {
			pkg.Metadata["conan:prev"] = n.Prev
		}
		if n.Context == "build" || buildRequired[id] && !required[id] {
			pkg.Metadata["conan:dev"] = "true"
		}
		pkgOf[id] = pkg
	}
	var pkgs []sbom.Package
	for _, id := range ids {
		pkg, ok := pkgOf[id]
		if !ok {
			continue
		}
		n := nodes[id]
		for _, dep := range slices.Concat(n.Requires, n.BuildRequires) {
			if d, ok := pkgOf[dep]; ok {
				pkg.DependsOn = append(pkg.DependsOn, sbom.PackageURL(d, nil))
			}
		}
		slices.Sort(pkg.DependsOn)
		pkg.DependsOn = slices.Compact(pkg.DependsOn)
		pkgs = append(pkgs, pkg)
	}
	return pkgs, errs
}

// parseRef parses a Conan reference,
// "name/version[@user[/channel]][#rrev[%timestamp]][:package_id]".
func parseRef(ref, p string) (sbom.Package, error) {
	s, _, _ := strings.Cut(ref, ":") // a package reference: the recipe is before the colon
	s, rrev, _ := strings.Cut(s, "#")
	rrev, _, _ = strings.Cut(rrev, "%")
	s, userChannel, _ := strings.Cut(s, "@")
	name, version, _ := strings.Cut(s, "/")
	if name == "" || version == "" || strings.Contains(version, "/") {
		return sbom.Package{}, fmt.Errorf("conan: %s: reference %q: not name/version", p, ref)
	}
	pkg := sbom.Package{Type: "conan", Name: name, Version: version, Metadata: map[string]string{}}
	user, channel, _ := strings.Cut(userChannel, "/")
	if user != "" && user != "_" {
		pkg.Metadata["conan:user"] = user
	}
	if channel != "" && channel != "_" {
		pkg.Metadata["conan:channel"] = channel
	}
	if rrev != "" {
		pkg.Metadata["conan:rrev"] = rrev
	}
	return pkg, nil
}
