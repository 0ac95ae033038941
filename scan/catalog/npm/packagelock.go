package npm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
)

// packageLock is what Lockfile reads of a package-lock.json.
type packageLock struct {
	LockfileVersion int                        `json:"lockfileVersion"`
	Packages        map[string]json.RawMessage `json:"packages"`     // v2, v3
	Dependencies    map[string]json.RawMessage `json:"dependencies"` // v1 (and v2, for npm 6)
}

// lockPackage is an entry of a v2/v3 "packages" map.
type lockPackage struct {
	Name                 string            `json:"name"`
	Version              string            `json:"version"`
	Integrity            string            `json:"integrity"`
	Link                 bool              `json:"link"`
	Resolved             string            `json:"resolved"`
	Dev                  bool              `json:"dev"`
	Dependencies         map[string]string `json:"dependencies"`
	OptionalDependencies map[string]string `json:"optionalDependencies"`
	PeerDependencies     map[string]string `json:"peerDependencies"`
}

// lockDependency is an entry of a v1 "dependencies" tree.
type lockDependency struct {
	Version      string                     `json:"version"`
	Integrity    string                     `json:"integrity"`
	Dev          bool                       `json:"dev"`
	Requires     map[string]string          `json:"requires"`
	Dependencies map[string]json.RawMessage `json:"dependencies"`
}

// parsePackageLock reads a package-lock.json or npm-shrinkwrap.json: the
// "packages" map when there is one (lockfileVersion 2 and 3), else the
// "dependencies" tree (lockfileVersion 1).
func parsePackageLock(ctx context.Context, data []byte, l *lock) error {
	var pl packageLock
	if err := json.Unmarshal(data, &pl); err != nil {
		return fmt.Errorf("npm: %s: not a package-lock.json: %w", l.path, err)
	}
	if pl.Packages != nil {
		if err := packagesMap(ctx, pl.Packages, l); err != nil {
			return errors.Join(l.err(), err)
		}
		return l.err()
	}
	if _, err := dependencyTree(ctx, pl.Dependencies, nil, l); err != nil {
		return errors.Join(l.err(), err)
	}
	return l.err()
}

// packagesMap reads the v2/v3 "packages" map, keyed by location: "" is
// the project, "node_modules/a/node_modules/@s/b" an installed package,
// other locations workspaces and link targets.
func packagesMap(ctx context.Context, raw map[string]json.RawMessage, l *lock) error {
	locs := map[string]*lockPackage{}
	for _, loc := range slices.Sorted(maps.Keys(raw)) {
		if err := l.canceled(ctx); err != nil {
			return err
		}
		var p lockPackage
		if err := json.Unmarshal(raw[loc], &p); err != nil {
			l.fail("packages[%q]: %v", loc, err)
			continue
		}
		locs[loc] = &p
	}
	// The package at each location, or nil when it is not a package.
	at := map[string]*entry{}
	for _, loc := range slices.Sorted(maps.Keys(locs)) {
		p := locs[loc]
		i := strings.LastIndex(loc, "node_modules/")
		if p.Link || i < 0 || (i > 0 && loc[i-1] != '/') {
			continue
		}
		name := p.Name
		if name == "" {
			name = loc[i+len("node_modules/"):]
		}
		switch {
		case name == "":
			l.fail("packages[%q]: no name", loc)
			continue
		case p.Version == "":
			l.fail("packages[%q]: no version", loc)
			continue
		}
		at[loc] = l.add(name, p.Version, p.Dev, p.Integrity)
	}
	for _, loc := range slices.Sorted(maps.Keys(at)) {
		if err := l.canceled(ctx); err != nil {
			return err
		}
		p, e := locs[loc], at[loc]
		for _, deps := range []map[string]string{p.Dependencies, p.OptionalDependencies, p.PeerDependencies} {
			for name := range deps {
				if t := resolveLocation(locs, at, loc, name); t != nil {
					e.depend(t.name, t.version)
				}
			}
		}
	}
	return nil
}

// resolveLocation finds the package that name means at location loc, as
// Node's require does: loc/node_modules/name, then up the directory tree
// (skipping node_modules folders themselves), following links. It
// returns nil when the lockfile holds none or it is not a package.
func resolveLocation(locs map[string]*lockPackage, at map[string]*entry, loc, name string) *entry {
	for dir := loc; ; dir = path.Dir(dir) {
		if dir == "." || dir == "/" {
			dir = ""
		}
		if path.Base(dir) != "node_modules" {
			cand := "node_modules/" + name
			if dir != "" {
				cand = dir + "/" + cand
			}
			if p, ok := locs[cand]; ok {
				if p.Link {
					return at[p.Resolved]
				}
				return at[cand]
			}
		}
		if dir == "" {
			return nil
		}
	}
}

// dependencyTree reads a v1 "dependencies" tree level and returns it by
// name (a nil entry for a local "file:" dependency); scopes holds the
// levels above it, innermost last, for resolving "requires" as Node
// would: in the entry's own "dependencies", then outward.
func dependencyTree(ctx context.Context, raw map[string]json.RawMessage, scopes []map[string]*entry, l *lock) (map[string]*entry, error) {
	type node struct {
		d lockDependency
		e *entry
	}
	level := map[string]*entry{}
	var nodes []node
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		if err := l.canceled(ctx); err != nil {
			return nil, err
		}
		var d lockDependency
		if err := json.Unmarshal(raw[name], &d); err != nil {
			l.fail("dependencies[%q]: %v", name, err)
			continue
		}
		full, version := name, d.Version
		if a, ok := strings.CutPrefix(version, "npm:"); ok { // an alias: "npm:real@1.0.0"
			if i := strings.LastIndexByte(a, '@'); i > 0 {
				full, version = a[:i], a[i+1:]
			}
		}
		var e *entry
		switch {
		case full == "":
			l.fail("dependencies[%q]: no name", name)
			continue
		case version == "":
			l.fail("dependencies[%q]: no version", name)
			continue
		case !strings.HasPrefix(version, "file:"): // a local folder is not a package; its dependencies are
			e = l.add(full, version, d.Dev, d.Integrity)
		}
		level[name] = e
		nodes = append(nodes, node{d, e})
	}
	scopes = append(slices.Clip(scopes), level)
	for _, n := range nodes {
		s := scopes
		if len(n.d.Dependencies) > 0 {
			child, err := dependencyTree(ctx, n.d.Dependencies, scopes, l)
			if err != nil {
				return nil, err
			}
			s = append(slices.Clip(scopes), child)
		}
		if n.e == nil {
			continue
		}
		for name := range n.d.Requires {
			for i := len(s) - 1; i >= 0; i-- {
				if t, ok := s[i][name]; ok {
					if t != nil {
						n.e.depend(t.name, t.version)
					}
					break
				}
			}
		}
	}
	return level, nil
}
