package python

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// checkEntry says what is wrong with a lockfile entry, nil when nothing.
func checkEntry(i int, name, version string) error {
	switch {
	case !validName(name):
		return fmt.Errorf("package %d: invalid name %.60q", i+1, name)
	case version == "" || strings.ContainsAny(version, " \t\n"):
		return fmt.Errorf("package %d (%s): invalid version %.60q", i+1, name, version)
	}
	return nil
}

// fileHash is a file and its digest, as poetry and pdm list them.
type fileHash struct {
	File string `toml:"file"`
	Hash string `toml:"hash"`
}

func fileDigests(fs []fileHash) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.Hash)
	}
	return out
}

// parseGroupLock reads a poetry.lock (main group "main") or a pdm.lock
// (main group "default"). Poetry lock version 1 marks development
// packages with category = "dev" and lists files in [metadata.files];
// poetry lock version 2 and pdm list the dependency groups of each
// package (a package in no main group is development only; one without
// groups, as older pdm and poetry 1.x lock files write, is not) and its
// files inline. Edges come from dependencies: a table whose keys are
// names (poetry) or a list of PEP 508 requirement strings (pdm).
func parseGroupLock(b []byte, main string) ([]entry, error) {
	var f struct {
		Package []struct {
			Name         string     `toml:"name"`
			Version      string     `toml:"version"`
			Category     string     `toml:"category"`
			Groups       []string   `toml:"groups"`
			Dependencies any        `toml:"dependencies"`
			Files        []fileHash `toml:"files"`
		} `toml:"package"`
		Metadata struct {
			Files map[string][]fileHash `toml:"files"`
		} `toml:"metadata"`
	}
	if err := toml.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	var errs []error
	files := map[string][]fileHash{}
	for n, fs := range f.Metadata.Files {
		files[normalize(n)] = fs
	}
	out := make([]entry, 0, len(f.Package))
	for i, p := range f.Package {
		if err := checkEntry(i, p.Name, p.Version); err != nil {
			errs = append(errs, err)
			continue
		}
		e := entry{
			name:    p.Name,
			version: p.Version,
			dev:     p.Category == "dev" || len(p.Groups) > 0 && !slices.Contains(p.Groups, main),
			digests: fileDigests(p.Files),
		}
		if len(p.Files) == 0 {
			e.digests = fileDigests(files[normalize(p.Name)])
		}
		switch deps := p.Dependencies.(type) {
		case map[string]any:
			for _, n := range slices.Sorted(maps.Keys(deps)) {
				e.deps = append(e.deps, dep{name: n})
			}
		case []any:
			for _, r := range deps {
				if s, ok := r.(string); ok && requirementName(s) != "" {
					e.deps = append(e.deps, dep{name: requirementName(s)})
				}
			}
		}
		out = append(out, e)
	}
	return out, errors.Join(errs...)
}

// parsePipfile reads a Pipfile.lock: its "default" and "develop"
// sections, each mapping a name to a version "==x" and hashes. A package
// only in "develop" is a development package. Entries with no "=="
// version (a VCS or path source) are left out.
func parsePipfile(b []byte) ([]entry, error) {
	type pin struct {
		Version string   `json:"version"`
		Hashes  []string `json:"hashes"`
	}
	var f struct {
		Default map[string]pin `json:"default"`
		Develop map[string]pin `json:"develop"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	var errs []error
	var out []entry
	for _, s := range []struct {
		pins map[string]pin
		dev  bool
	}{{f.Default, false}, {f.Develop, true}} {
		names := make([]string, 0, len(s.pins))
		for n := range s.pins {
			names = append(names, n)
		}
		slices.Sort(names)
		for i, n := range names {
			p := s.pins[n]
			v, ok := exactPin(p.Version)
			if !ok {
				continue
			}
			if err := checkEntry(i, n, v); err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, entry{name: n, version: v, dev: s.dev, digests: p.Hashes})
		}
	}
	return out, errors.Join(errs...)
}

// exactPin returns the version of a specifier "==x" or "===x" that pins
// one version (no wildcard), and whether it does.
func exactPin(spec string) (string, bool) {
	spec = strings.TrimSpace(spec)
	v, ok := strings.CutPrefix(spec, "===")
	if !ok {
		v, ok = strings.CutPrefix(spec, "==")
		if strings.Contains(v, "*") {
			return "", false
		}
	}
	v = strings.TrimSpace(v)
	if !ok || v == "" || strings.ContainsAny(v, " \t,;<>=!~") {
		return "", false
	}
	return v, true
}

type uvDep struct {
	Name    string   `toml:"name"`
	Version string   `toml:"version"`
	Extra   []string `toml:"extra"`
}

type uvArtifact struct {
	Hash string `toml:"hash"`
}

// parseUV reads a uv.lock. The project and workspace members (source
// editable or virtual) are not packages of their own; development
// packages are those reached from them only through their
// dev-dependencies groups, following dependencies and the extras each
// edge asks for (the project's own extras count as needed). Edges come
// from dependencies, with a version where uv gives one.
func parseUV(b []byte) ([]entry, error) {
	var f struct {
		Package []struct {
			Name         string             `toml:"name"`
			Version      string             `toml:"version"`
			Source       map[string]any     `toml:"source"`
			Dependencies []uvDep            `toml:"dependencies"`
			Optional     map[string][]uvDep `toml:"optional-dependencies"`
			Dev          map[string][]uvDep `toml:"dev-dependencies"`
			Sdist        *uvArtifact        `toml:"sdist"`
			Wheels       []uvArtifact       `toml:"wheels"`
		} `toml:"package"`
	}
	if err := toml.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	var errs []error
	// index of packages by normalised name, for the walk
	byName := map[string][]int{}
	for i, p := range f.Package {
		byName[normalize(p.Name)] = append(byName[normalize(p.Name)], i)
	}
	isRoot := func(i int) bool {
		_, e := f.Package[i].Source["editable"]
		_, v := f.Package[i].Source["virtual"]
		return e || v
	}
	walk := func(start []uvDep) map[int]bool {
		seen := map[int]bool{}
		type extra struct {
			i int
			x string
		}
		done := map[extra]bool{}
		type step struct {
			i      int
			extras []string
		}
		var queue []step
		push := func(d uvDep) {
			for _, j := range byName[normalize(d.Name)] {
				if d.Version == "" || f.Package[j].Version == d.Version {
					queue = append(queue, step{j, d.Extra})
				}
			}
		}
		for _, d := range start {
			push(d)
		}
		for len(queue) > 0 {
			s := queue[0]
			queue = queue[1:]
			p := f.Package[s.i]
			if !seen[s.i] {
				seen[s.i] = true
				for _, d := range p.Dependencies {
					push(d)
				}
			}
			for _, x := range s.extras {
				if !done[extra{s.i, x}] {
					done[extra{s.i, x}] = true
					for _, d := range p.Optional[x] {
						push(d)
					}
				}
			}
		}
		return seen
	}
	var prodStart, devStart []uvDep
	for i, p := range f.Package {
		if !isRoot(i) {
			continue
		}
		prodStart = append(prodStart, p.Dependencies...)
		for _, x := range slices.Sorted(maps.Keys(p.Optional)) {
			prodStart = append(prodStart, p.Optional[x]...)
		}
		for _, g := range slices.Sorted(maps.Keys(p.Dev)) {
			devStart = append(devStart, p.Dev[g]...)
		}
	}
	prod := walk(prodStart)
	dev := walk(devStart)
	var out []entry
	for i, p := range f.Package {
		if isRoot(i) {
			continue
		}
		if err := checkEntry(i, p.Name, p.Version); err != nil {
			errs = append(errs, err)
			continue
		}
		e := entry{name: p.Name, version: p.Version, dev: dev[i] && !prod[i]}
		if p.Sdist != nil {
			e.digests = append(e.digests, p.Sdist.Hash)
		}
		for _, w := range p.Wheels {
			e.digests = append(e.digests, w.Hash)
		}
		for _, d := range p.Dependencies {
			e.deps = append(e.deps, dep{d.Name, d.Version})
		}
		out = append(out, e)
	}
	return out, errors.Join(errs...)
}

// requirementName returns the distribution name at the start of a PEP
// 508 requirement string, "" when there is none.
func requirementName(r string) string {
	r = strings.TrimSpace(r)
	end := strings.IndexFunc(r, func(c rune) bool {
		return !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_')
	})
	if end >= 0 {
		r = r[:end]
	}
	if !validName(r) {
		return ""
	}
	return r
}

type pylockArtifact struct {
	Hashes map[string]string `toml:"hashes"`
}

// groupRE finds the dependency groups a PEP 751 marker asks for.
var groupRE = regexp.MustCompile(`['"]([^'"]+)['"]\s+(not\s+)?in\s+dependency_groups`)

// parsePylock reads a PEP 751 lock file. Packages without a version (a
// source tree or VCS checkout, which PEP 751 lets omit it) are left out.
// A package whose marker asks only for dependency groups outside
// default-groups ("'dev' in dependency_groups") is a development
// package. Edges come from dependencies, with versions where given.
func parsePylock(b []byte) ([]entry, error) {
	var f struct {
		DefaultGroups []string `toml:"default-groups"`
		Packages      []struct {
			Name         string           `toml:"name"`
			Version      string           `toml:"version"`
			Marker       string           `toml:"marker"`
			Dependencies []lockDep        `toml:"dependencies"`
			Wheels       []pylockArtifact `toml:"wheels"`
			Sdist        *pylockArtifact  `toml:"sdist"`
			Archive      *pylockArtifact  `toml:"archive"`
		} `toml:"packages"`
	}
	if err := toml.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	var errs []error
	var out []entry
	for i, p := range f.Packages {
		if p.Version == "" && validName(p.Name) {
			continue
		}
		if err := checkEntry(i, p.Name, p.Version); err != nil {
			errs = append(errs, err)
			continue
		}
		e := entry{name: p.Name, version: p.Version, dev: devMarker(p.Marker, f.DefaultGroups)}
		arts := slices.Clone(p.Wheels)
		for _, a := range []*pylockArtifact{p.Sdist, p.Archive} {
			if a != nil {
				arts = append(arts, *a)
			}
		}
		for _, a := range arts {
			for _, alg := range slices.Sorted(maps.Keys(a.Hashes)) {
				e.digests = append(e.digests, alg+":"+a.Hashes[alg])
			}
		}
		for _, d := range p.Dependencies {
			e.deps = append(e.deps, dep{d.Name, d.Version})
		}
		out = append(out, e)
	}
	return out, errors.Join(errs...)
}

type lockDep struct {
	Name    string `toml:"name"`
	Version string `toml:"version"`
}

// devMarker reports whether a PEP 751 marker asks only for dependency
// groups that are not default ones.
func devMarker(marker string, defaults []string) bool {
	ms := groupRE.FindAllStringSubmatch(marker, -1)
	if len(ms) == 0 {
		return false
	}
	for _, m := range ms {
		if m[2] != "" || slices.Contains(defaults, m[1]) {
			return false
		}
	}
	return true
}
