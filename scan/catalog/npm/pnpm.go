package npm

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// pnpmLock is what Lockfile reads of a pnpm-lock.yaml.
type pnpmLock struct {
	LockfileVersion string                  `yaml:"lockfileVersion"`
	Importers       map[string]pnpmImporter `yaml:"importers"`
	pnpmImporter    `yaml:",inline"`        // a one-project lockfile before version 9
	Packages        map[string]yaml.Node    `yaml:"packages"`
	Snapshots       map[string]yaml.Node    `yaml:"snapshots"` // version 9
}

// pnpmImporter is one project of a pnpm workspace: its direct
// dependencies, name to version (or key).
type pnpmImporter struct {
	Dependencies         pnpmDeps `yaml:"dependencies"`
	DevDependencies      pnpmDeps `yaml:"devDependencies"`
	OptionalDependencies pnpmDeps `yaml:"optionalDependencies"`
}

// pnpmDeps maps a dependency's name to its version; versions 5 write
// the version alone ("name: 1.0.0"), 6 and later an object ("name:
// {specifier: ^1.0.0, version: 1.0.0}").
type pnpmDeps map[string]string

// UnmarshalYAML reads either form.
func (d *pnpmDeps) UnmarshalYAML(n *yaml.Node) error {
	var m map[string]yaml.Node
	if err := n.Decode(&m); err != nil {
		return err
	}
	*d = pnpmDeps{}
	for k, v := range m {
		if v.Kind == yaml.ScalarNode {
			(*d)[k] = v.Value
			continue
		}
		var o struct {
			Version string `yaml:"version"`
		}
		if err := v.Decode(&o); err != nil {
			return err
		}
		(*d)[k] = o.Version
	}
	return nil
}

// pnpmPackage is an entry of "packages" (and, in version 9, of
// "snapshots", which holds the dependencies).
type pnpmPackage struct {
	Name       string `yaml:"name"`
	Version    string `yaml:"version"`
	Resolution struct {
		Integrity string `yaml:"integrity"`
	} `yaml:"resolution"`
	Dev                  *bool             `yaml:"dev"`
	Dependencies         map[string]string `yaml:"dependencies"`
	OptionalDependencies map[string]string `yaml:"optionalDependencies"`
}

// parsePnpmLock reads a pnpm-lock.yaml. Its package keys differ by
// version: "/name/1.0.0" and "/name/1.0.0_peer@2.0.0" (5),
// "/name@1.0.0(peer@2.0.0)" (6), "name@1.0.0" in "packages" and
// "name@1.0.0(peer@2.0.0)" in "snapshots" (9); scoped names keep their
// '/', and a dependency's version is either the version of a package of
// the same name ("1.0.0", "1.0.0_peer@2.0.0", "1.0.0(peer@2.0.0)") or,
// for an alias or a package not from the registry, a key ("/real/1.0.0",
// "/real@1.0.0", "real@1.0.0").
func parsePnpmLock(ctx context.Context, data []byte, l *lock) error {
	var pl pnpmLock
	if err := yaml.Unmarshal(data, &pl); err != nil {
		return fmt.Errorf("npm: %s: not a pnpm-lock.yaml: %w", l.path, err)
	}
	// Versions before 6 ("5.3", "5.4", pnpm 7's "5.4-inlineSpecifiers")
	// write keys as paths.
	num, _, _ := strings.Cut(pl.LockfileVersion, "-")
	f, err := strconv.ParseFloat(num, 64)
	v5 := err == nil && f < 6
	ids := map[string]*entry{} // by id: key without peers and leading '/', "name@version"
	type node struct {
		p pnpmPackage
		e *entry
	}
	var nodes []node
	for _, k := range slices.Sorted(maps.Keys(pl.Packages)) {
		if err := l.canceled(ctx); err != nil {
			return err
		}
		v := pl.Packages[k]
		var p pnpmPackage
		if err := v.Decode(&p); err != nil {
			l.fail("packages[%q] (line %d): %v", k, v.Line, err)
			continue
		}
		id := pnpmID(k, v5)
		name, version, ok := splitSpec(id)
		if p.Name != "" {
			name, ok = p.Name, true
		}
		switch {
		case !ok:
			l.fail("packages[%q] (line %d): a key that names no package", k, v.Line)
			continue
		case p.Version != "":
			version = p.Version
		case strings.ContainsAny(version, ":/"): // a path or URL, with no version of its own
			continue
		case version == "":
			l.fail("packages[%q] (line %d): no version", k, v.Line)
			continue
		}
		dev := p.Dev != nil && *p.Dev
		e := l.add(name, version, dev, p.Resolution.Integrity)
		ids[id] = e
		nodes = append(nodes, node{p, e})
	}
	if pl.Snapshots != nil { // version 9: edges are in snapshots
		nodes = nodes[:0]
		for _, k := range slices.Sorted(maps.Keys(pl.Snapshots)) {
			v := pl.Snapshots[k]
			var p pnpmPackage
			if err := v.Decode(&p); err != nil {
				l.fail("snapshots[%q] (line %d): %v", k, v.Line, err)
				continue
			}
			if e := ids[pnpmID(k, false)]; e != nil {
				nodes = append(nodes, node{p, e})
			}
		}
	}
	// resolve finds the package a dependency's version means.
	resolve := func(name, ver string) *entry {
		if strings.Contains(ver, "/") { // a key: "/real/1.0.0", "github.com/u/r/sha"
			if e := ids[pnpmID(ver, v5)]; e != nil {
				return e
			}
		}
		if e := ids[name+"@"+stripPeers(ver, v5)]; e != nil {
			return e
		}
		return ids[pnpmID(ver, false)] // an alias in version 9: "real@1.0.0"
	}
	for _, n := range nodes {
		for _, deps := range []map[string]string{n.p.Dependencies, n.p.OptionalDependencies} {
			for name, ver := range deps {
				if t := resolve(name, ver); t != nil {
					n.e.depend(t.name, t.version)
				}
			}
		}
	}
	if pl.Snapshots != nil { // version 9 writes no dev marks
		var prod, dev []*entry
		for _, imp := range pl.Importers {
			prod = roots(imp.Dependencies, resolve, prod)
			prod = roots(imp.OptionalDependencies, resolve, prod)
			dev = roots(imp.DevDependencies, resolve, dev)
		}
		l.markDev(prod, dev)
	}
	return l.err()
}

// pnpmID returns the id of a package key: without the leading '/' and
// the peer suffix, as "name@version" (a version 5 key "/name/1.0.0"
// becomes "name@1.0.0").
func pnpmID(k string, v5 bool) string {
	k = strings.TrimPrefix(k, "/")
	if !v5 {
		return stripPeers(k, false)
	}
	n := 1
	if strings.HasPrefix(k, "@") {
		n = 2
	}
	parts := strings.SplitN(k, "/", n+1)
	if len(parts) <= n {
		return k
	}
	return strings.Join(parts[:n], "/") + "@" + stripPeers(parts[n], true)
}

// stripPeers cuts the peer suffix off a version or key: "(peer@1.0.0)"
// from version 6 on, "_peer@1.0.0" in version 5.
func stripPeers(s string, v5 bool) string {
	if i := strings.IndexByte(s, '('); i > 0 {
		s = s[:i]
	}
	if v5 {
		if i := strings.IndexByte(s, '_'); i > 0 {
			s = s[:i]
		}
	}
	return s
}
