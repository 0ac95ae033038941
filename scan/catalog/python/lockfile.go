package python

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

var _ catalog.Cataloger = (*Lockfile)(nil)

// Lockfile finds the Python packages a source tree pins: in poetry.lock
// (lock versions 1 and 2), Pipfile.lock, uv.lock, pdm.lock, pylock.toml
// and pylock.<name>.toml (PEP 751), and requirements*.txt files (only
// exact "==" and "===" pins). It is for directories: on an image, use
// Installed, since a lockfile says what a project would install, not
// what is installed. Its zero value is ready to use, and it is safe for
// concurrent use.
type Lockfile struct{}

// Name returns "python-lockfile".
func (*Lockfile) Name() string { return "python-lockfile" }

// Wants reports whether the base name of path is poetry.lock,
// Pipfile.lock, uv.lock, pdm.lock, pylock.toml, pylock.<name>.toml, or
// requirements*.txt (requirements.txt, requirements-dev.txt, ...).
func (*Lockfile) Wants(p string) bool { return format(path.Base(p)) != "" }

// format names the lockfile format of the base name, "" for none.
func format(base string) string {
	switch base {
	case "poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock", "pylock.toml":
		return base
	}
	if strings.HasPrefix(base, "pylock.") && strings.HasSuffix(base, ".toml") && len(base) > len("pylock..toml") {
		return "pylock.toml"
	}
	if strings.HasPrefix(base, "requirements") && strings.HasSuffix(base, ".txt") {
		return "requirements.txt"
	}
	return ""
}

// Catalog reads the lockfile in.Path from in.FS and returns the packages
// it pins, sorted by sbom.ComparePackages: Type "pypi", Name normalised
// as PEP 503 says (the name as written in Metadata "pypi:name" when it
// differs), Version as written, Evidence naming in.Path, Metadata
// "pypi:dev"="true" for a package that only development dependency
// groups need, Hashes where the lockfile gives exactly one digest of an
// algorithm for the package, and DependsOn where the lockfile records
// dependency edges (see the package doc for each format). A package the
// file lists twice (one name and version under two markers) is one
// package.
//
// A requirements file's "-r" includes are read from in.FS when it holds
// them, with Evidence naming in.Path and then the included file, unless
// the included file is itself a requirements*.txt file, which its own
// Catalog call reports. A file that cannot be parsed gives an error
// naming it and no packages; an entry with an invalid name or version is
// left out, and the error naming it comes with the other packages.
func (*Lockfile) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	f := format(path.Base(in.Path))
	if f == "" {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("python: %s: %w", in.Path, err)
	}
	b, err := readFile(in.FS, in.Path)
	if err != nil {
		return nil, err
	}
	var es []entry
	switch f {
	case "requirements.txt":
		es = requirementsTree(in.FS, in.Path, b)
	case "poetry.lock":
		es, err = parseGroupLock(b, "main")
	case "Pipfile.lock":
		es, err = parsePipfile(b)
	case "uv.lock":
		es, err = parseUV(b)
	case "pdm.lock":
		es, err = parseGroupLock(b, "default")
	case "pylock.toml":
		es, err = parsePylock(b)
	}
	if err != nil {
		err = fmt.Errorf("python: %s: %w", in.Path, err)
		if len(es) == 0 {
			return nil, err
		}
	}
	return resolve(es, in.Path), err
}

// entry is one package as a lockfile lists it.
type entry struct {
	name, version string
	dev           bool
	digests       []string // "alg:hex"
	deps          []dep
	from          string // the included file it came from, "" for the file itself
}

// dep is a dependency edge: a name, and a version when the lockfile says
// which of several.
type dep struct{ name, version string }

// resolve merges entries of one normalised name and version into one
// package and turns dependency edges into Package URLs.
func resolve(es []entry, evidence string) []sbom.Package {
	type merged struct {
		pkg     sbom.Package
		dev     bool
		digests []string
		deps    []dep
	}
	byKey := map[[2]string]*merged{}
	versions := map[string][]string{}
	var keys [][2]string
	for _, e := range es {
		n := normalize(e.name)
		k := [2]string{n, e.version}
		m, ok := byKey[k]
		if !ok {
			m = &merged{pkg: sbom.Package{Type: "pypi", Name: n, Version: e.version, Evidence: []string{evidence}}, dev: true}
			if n != e.name {
				m.pkg.Metadata = map[string]string{"pypi:name": e.name}
			}
			byKey[k] = m
			keys = append(keys, k)
			versions[n] = append(versions[n], e.version)
		}
		m.dev = m.dev && e.dev
		m.digests = append(m.digests, e.digests...)
		m.deps = append(m.deps, e.deps...)
		if e.from != "" && !slices.Contains(m.pkg.Evidence, e.from) {
			m.pkg.Evidence = append(m.pkg.Evidence, e.from)
		}
	}
	out := make([]sbom.Package, 0, len(keys))
	for _, k := range keys {
		m := byKey[k]
		p := m.pkg
		if m.dev {
			if p.Metadata == nil {
				p.Metadata = map[string]string{}
			}
			p.Metadata["pypi:dev"] = "true"
		}
		slices.Sort(m.digests)
		p.Hashes = hashes(slices.Compact(m.digests))
		for _, d := range m.deps {
			n := normalize(d.name)
			vs := versions[n]
			if d.version != "" {
				vs = []string{d.version}
			}
			for _, v := range vs {
				p.DependsOn = append(p.DependsOn, sbom.PackageURL(sbom.Package{Type: "pypi", Name: n, Version: v}, nil))
			}
		}
		slices.Sort(p.DependsOn)
		p.DependsOn = slices.Compact(p.DependsOn)
		out = append(out, p)
	}
	slices.SortFunc(out, sbom.ComparePackages)
	return out
}

// algorithms maps Python's hash names to CycloneDX's.
var algorithms = map[string]string{
	"md5":      "MD5",
	"sha1":     "SHA-1",
	"sha256":   "SHA-256",
	"sha384":   "SHA-384",
	"sha512":   "SHA-512",
	"sha3_256": "SHA3-256",
	"sha3_384": "SHA3-384",
	"sha3_512": "SHA3-512",
}

// hashes returns the digests ("alg:hex", sorted, distinct) keyed by
// CycloneDX algorithm name, keeping an algorithm only when there is
// exactly one digest of it: several (one per wheel) do not say which
// artifact is the package's. Nil when none is kept.
func hashes(digests []string) map[string]string {
	count := map[string]int{}
	val := map[string]string{}
	for _, d := range digests {
		a, h, ok := strings.Cut(d, ":")
		alg, known := algorithms[strings.ToLower(a)]
		if !ok || !known || h == "" {
			continue
		}
		count[alg]++
		val[alg] = strings.ToLower(h)
	}
	var out map[string]string
	for alg, n := range count {
		if n == 1 {
			if out == nil {
				out = map[string]string{}
			}
			out[alg] = val[alg]
		}
	}
	return out
}
