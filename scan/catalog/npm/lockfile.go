package npm

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// MaxLockfileSize is the largest lockfile Lockfile reads, in bytes. The
// lockfiles of large monorepos reach tens of MiB.
const MaxLockfileSize = 64 << 20

// Lockfile finds the npm packages a JavaScript project's lockfile pins:
// package-lock.json and npm-shrinkwrap.json (lockfileVersion 1, 2 and
// 3), yarn.lock (yarn 1 and yarn 2+ "Berry") and pnpm-lock.yaml
// (lockfileVersion 5 to 9). It is for source trees: an image reports what
// is installed (see Installed), and a lockfile lists packages that may
// never have been installed. Its zero value is ready to use and it is
// safe for concurrent use.
//
// # What a package holds
//
// Each package (Type "npm", Namespace and Name split from the npm name as
// Installed does, Version as the lockfile writes it) appears once per
// lockfile, however many places of the dependency tree hold it: entries
// are merged by name and version. Evidence is []string{path}. Hashes come
// from the "integrity" the lockfile records (npm, yarn 1, pnpm): a
// Subresource Integrity string "sha512-<base64>" becomes the key
// "SHA-512" (also "SHA-1", "SHA-256", "SHA-384") with the lowercase hex
// of the decoded digest; yarn Berry's "checksum" is a digest of yarn's
// own cache archive, not of the package tarball, and is not kept.
// DependsOn holds the Package URLs of the packages the lockfile says it
// depends on (dependencies, optionalDependencies and, where the
// lockfile resolves them, peerDependencies), resolved to the entries of
// the same lockfile (npm by Node's node_modules lookup, yarn by the
// descriptor, pnpm by the key); sorted, nil when none. Metadata
// "npm:dev" is "true" for a package only development needs: every
// entry of it is marked dev (package-lock "dev": true, not "devOptional",
// which optional dependencies of prod packages need; pnpm 5 and 6
// "dev": true). pnpm 9 writes no marks: there a package is dev when the
// importers' devDependencies reach it through the edges and their
// dependencies and optionalDependencies do not. yarn.lock says nothing
// of dev dependencies: its packages are marked the same way from the
// package.json beside it, when there is one (Wants asks for it); with
// yarn 1 workspaces, whose members' dependencies yarn 1 does not record,
// nothing is marked, and with Berry what the other workspaces depend on
// counts as prod. Packages are in sbom.ComparePackages order.
//
// # What is not a package
//
// The project itself and its workspaces (package-lock entries outside
// node_modules, yarn "workspace:" resolutions, pnpm importers), links
// (package-lock "link": true, yarn "link:" and "portal:", pnpm "link:"),
// local directories and tarballs named by path with no version of their
// own (package-lock v1 "file:" versions, yarn 1 "file:" entries, pnpm
// entries keyed by a path with no "version" field) are not packages; the
// packages they depend on are.
//
// # Errors
//
// A malformed entry is skipped and named in the returned error (an
// errors.Join), and the other entries' packages are still returned. A
// file that is not a lockfile of its kind, or is larger than
// MaxLockfileSize, gives no packages and an error.
type Lockfile struct{}

var _ catalog.Cataloger = (*Lockfile)(nil)

// Name returns "npm-lockfile".
func (*Lockfile) Name() string { return "npm-lockfile" }

// parser returns the parser of the lockfile named base, nil for a name
// Lockfile does not read.
func parser(base string) func(ctx context.Context, data []byte, l *lock) error {
	switch base {
	case "package-lock.json", "npm-shrinkwrap.json":
		return parsePackageLock
	case "yarn.lock":
		return parseYarnLock
	case "pnpm-lock.yaml":
		return parsePnpmLock
	}
	return nil
}

// Wants reports whether path is a package-lock.json,
// npm-shrinkwrap.json, yarn.lock or pnpm-lock.yaml outside node_modules
// (a lockfile inside node_modules is a dependency's, shipped with it, not
// the project's; npm's node_modules/.package-lock.json is not wanted
// either), or a package.json outside node_modules: the project manifest
// beside a yarn.lock, which Catalog reads with it to mark dev
// dependencies (its own Catalog call gives nil, nil).
func (*Lockfile) Wants(path string) bool {
	base := path[strings.LastIndexByte(path, '/')+1:]
	ok := parser(base) != nil || base == "package.json"
	return ok && !strings.Contains(path, "/node_modules/") && !strings.HasPrefix(path, "node_modules/")
}

// Catalog reads the lockfile at in.Path from in.FS, by its file name
// (see Wants). It checks ctx.Err() between entries; when ctx is done it
// returns no packages and an error.
func (*Lockfile) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	base := in.Path[strings.LastIndexByte(in.Path, '/')+1:]
	if base == "package.json" {
		return nil, nil // a companion of yarn.lock
	}
	parse := parser(base)
	if parse == nil {
		return nil, fmt.Errorf("npm: %s: not a lockfile name npm-lockfile reads", in.Path)
	}
	data, err := readCapped(in.FS, in.Path, MaxLockfileSize)
	if err != nil {
		return nil, fmt.Errorf("npm: %w", err)
	}
	l := newLock(in.Path)
	if base == "yarn.lock" {
		l.readProject(in.FS)
	}
	err = parse(ctx, data, l)
	if cerr := ctx.Err(); cerr != nil { // cut short: the edges may be missing
		return nil, cmp.Or(err, fmt.Errorf("npm: %s: %w", in.Path, cerr))
	}
	return l.packages(), err
}

// lock gathers the packages of one lockfile, merged by name and version.
type lock struct {
	path    string
	project *project          // the package.json beside a yarn.lock, nil when none
	pkgs    map[string]*entry // by key(name, version)
	errs    []error
}

// entry is one package of a lockfile, from one or more of its entries.
type entry struct {
	name, version string
	dev           bool // every entry so far is dev
	hashes        map[string]string
	deps          map[string]bool // keys of the packages it depends on
}

func newLock(path string) *lock { return &lock{path: path, pkgs: map[string]*entry{}} }

func key(name, version string) string { return name + "@" + version }

// add records an entry of the package name@version and returns it.
func (l *lock) add(name, version string, dev bool, integrity string) *entry {
	k := key(name, version)
	e, ok := l.pkgs[k]
	if !ok {
		e = &entry{name: name, version: version, dev: dev}
		l.pkgs[k] = e
	}
	e.dev = e.dev && dev
	for alg, h := range hashes(integrity) {
		if e.hashes == nil {
			e.hashes = map[string]string{}
		}
		if _, dup := e.hashes[alg]; !dup {
			e.hashes[alg] = h
		}
	}
	return e
}

// depend records that e depends on name@version.
func (e *entry) depend(name, version string) {
	if e.deps == nil {
		e.deps = map[string]bool{}
	}
	e.deps[key(name, version)] = true
}

// fail records a malformed entry.
func (l *lock) fail(format string, args ...any) {
	l.errs = append(l.errs, fmt.Errorf("npm: %s: "+format, append([]any{l.path}, args...)...))
}

// markDev sets each package's dev mark: true when the dev roots reach
// it through dependency edges and the prod roots do not. Nil roots are
// ignored.
func (l *lock) markDev(prod, dev []*entry) {
	reach := func(roots []*entry) map[*entry]bool {
		seen := map[*entry]bool{}
		for stack := slices.Clone(roots); len(stack) > 0; {
			e := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if e == nil || seen[e] {
				continue
			}
			seen[e] = true
			for k := range e.deps {
				stack = append(stack, l.pkgs[k])
			}
		}
		return seen
	}
	p, d := reach(prod), reach(dev)
	for _, e := range l.pkgs {
		e.dev = d[e] && !p[e]
	}
}

// project is what Lockfile reads of a project's package.json.
type project struct {
	Dependencies         map[string]string `json:"dependencies"`
	DevDependencies      map[string]string `json:"devDependencies"`
	OptionalDependencies map[string]string `json:"optionalDependencies"`
	Workspaces           json.RawMessage   `json:"workspaces"`
}

// readProject reads the package.json beside the lockfile into
// l.project; none is no error, a bad one is.
func (l *lock) readProject(fsys fs.FS) {
	path := l.path[:strings.LastIndexByte(l.path, '/')+1] + "package.json"
	data, err := readCapped(fsys, path, MaxManifestSize)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	var p project
	if err == nil {
		err = json.Unmarshal(data, &p)
	}
	if err != nil {
		l.fail("dev dependencies not marked: %s: %v", path, err)
		return
	}
	l.project = &p
}

// roots returns the packages that a project's dependencies (name to
// range) mean, by find; nil entries where find finds none.
func roots(deps map[string]string, find func(name, rng string) *entry, into []*entry) []*entry {
	for name, rng := range deps {
		into = append(into, find(name, rng))
	}
	return into
}

// canceled returns ctx's error, naming the lockfile, or nil.
func (l *lock) canceled(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("npm: %s: %w", l.path, err)
	}
	return nil
}

// err returns the recorded errors, joined, or nil.
func (l *lock) err() error { return errors.Join(l.errs...) }

// packages returns the packages gathered, in sbom.ComparePackages order;
// dependency edges to packages the lockfile does not hold are dropped.
func (l *lock) packages() []sbom.Package {
	if len(l.pkgs) == 0 {
		return nil
	}
	out := make([]sbom.Package, 0, len(l.pkgs))
	for _, k := range slices.Sorted(maps.Keys(l.pkgs)) {
		e := l.pkgs[k]
		p := newPackage(e.name, e.version, l.path)
		p.Hashes = e.hashes
		if e.dev {
			p.Metadata = map[string]string{"npm:dev": "true"}
		}
		for d := range e.deps {
			if t, ok := l.pkgs[d]; ok && d != k {
				p.DependsOn = append(p.DependsOn, purl(t.name, t.version))
			}
		}
		slices.Sort(p.DependsOn)
		out = append(out, p)
	}
	slices.SortStableFunc(out, sbom.ComparePackages)
	return out
}
