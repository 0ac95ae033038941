package npm

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// parseYarnLock reads a yarn.lock: yarn 2+ ("Berry") writes YAML with a
// __metadata entry, yarn 1 its own format.
func parseYarnLock(ctx context.Context, data []byte, l *lock) error {
	if berry(data) {
		return parseBerry(ctx, data, l)
	}
	return parseYarn1(ctx, data, l)
}

// berry reports whether a yarn.lock is Berry's: a top-level __metadata key.
func berry(data []byte) bool {
	for line := range bytes.Lines(data) {
		if bytes.HasPrefix(line, []byte("__metadata:")) {
			return true
		}
	}
	return false
}

// yarnEntry is one entry of a yarn 1 lockfile.
type yarnEntry struct {
	line      int      // of its key
	specs     []string // "name@range", as the key lists them
	version   string
	integrity string
	deps      map[string]string // name to range, from dependencies and optionalDependencies
	bad       error
}

// parseYarn1 reads the yarn 1 lockfile format:
//
//	"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.8.3":
//	  version "7.8.3"
//	  resolved "https://registry.yarnpkg.com/..."
//	  integrity sha512-...
//	  dependencies:
//	    "@babel/highlight" "^7.8.3"
//
// Keys start at column 0 and end in ':'; fields are indented two
// spaces, the members of a dependencies block four; strings are bare
// words or JSON-quoted.
func parseYarn1(ctx context.Context, data []byte, l *lock) error {
	var (
		entries []*yarnEntry
		cur     *yarnEntry
		block   string // the field whose members the 4-space lines are
		n       int
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, MaxLockfileSize)
	for sc.Scan() {
		n++
		if n%1000 == 1 {
			if err := l.canceled(ctx); err != nil {
				return err
			}
		}
		line := strings.TrimRight(sc.Text(), " \t\r")
		trimmed := strings.TrimLeft(line, " ")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		indent := len(line) - len(trimmed)
		switch {
		case indent == 0:
			cur, block = &yarnEntry{line: n}, ""
			entries = append(entries, cur)
			specs, ok := strings.CutSuffix(line, ":")
			if !ok {
				cur.bad = fmt.Errorf("line %d: a key line that does not end in ':'", n)
				continue
			}
			for s := range strings.SplitSeq(specs, ",") {
				spec, err := yarnString(strings.TrimSpace(s))
				if err != nil {
					cur.bad = fmt.Errorf("line %d: %w", n, err)
					break
				}
				cur.specs = append(cur.specs, spec)
			}
		case cur == nil:
			l.fail("line %d: a field before any key", n)
		case cur.bad != nil:
		case indent == 2:
			k, v, err := yarnField(trimmed)
			if err != nil {
				cur.bad = fmt.Errorf("line %d: %w", n, err)
				continue
			}
			block = ""
			switch k {
			case "version":
				cur.version = v
			case "integrity":
				cur.integrity = v
			case "dependencies", "optionalDependencies":
				block = k
			}
		case indent == 4 && block != "":
			k, v, err := yarnField(trimmed)
			if err != nil {
				cur.bad = fmt.Errorf("line %d: %w", n, err)
				continue
			}
			if cur.deps == nil {
				cur.deps = map[string]string{}
			}
			cur.deps[k] = v
		}
	}
	if err := sc.Err(); err != nil {
		l.fail("line %d: %v", n+1, err)
	}
	bySpec := map[string]*entry{}
	type node struct {
		y *yarnEntry
		e *entry
	}
	var nodes []node
	for _, y := range entries {
		if y.bad != nil {
			l.fail("entry at line %d: %v", y.line, y.bad)
			continue
		}
		name, local, ok := yarnName(y.specs)
		switch {
		case !ok:
			l.fail("entry at line %d: no name@range key", y.line)
			continue
		case local:
			continue
		case y.version == "":
			l.fail("entry at line %d (%s): no version", y.line, name)
			continue
		}
		e := l.add(name, y.version, false, y.integrity)
		for _, s := range y.specs {
			bySpec[s] = e
		}
		nodes = append(nodes, node{y, e})
	}
	for _, n := range nodes {
		for name, rng := range n.y.deps {
			if t := bySpec[name+"@"+rng]; t != nil {
				n.e.depend(t.name, t.version)
			}
		}
	}
	// Dev marks from the project's package.json; not for a workspace,
	// whose members' dependencies yarn 1 does not record.
	if pj := l.project; pj != nil && len(pj.Workspaces) == 0 {
		find := func(name, rng string) *entry { return bySpec[name+"@"+rng] }
		prod := roots(pj.OptionalDependencies, find, roots(pj.Dependencies, find, nil))
		l.markDev(prod, roots(pj.DevDependencies, find, nil))
	}
	return l.err()
}

// yarnString returns s unquoted, when it is JSON-quoted.
func yarnString(s string) (string, error) {
	if !strings.HasPrefix(s, `"`) {
		return s, nil
	}
	var u string
	if err := json.Unmarshal([]byte(s), &u); err != nil {
		return "", fmt.Errorf("bad string %.40q", s)
	}
	return u, nil
}

// yarnField splits a field line, `name value` or `name:`, into its name
// and value (unquoted).
func yarnField(s string) (k, v string, err error) {
	var rest string
	if strings.HasPrefix(s, `"`) {
		end := 1
		for end < len(s) && s[end] != '"' {
			if s[end] == '\\' {
				end++
			}
			end++
		}
		if end >= len(s) {
			return "", "", fmt.Errorf("unterminated string %.40q", s)
		}
		if k, err = yarnString(s[:end+1]); err != nil {
			return "", "", err
		}
		rest = s[end+1:]
	} else {
		i := strings.IndexAny(s, " :")
		if i < 0 {
			return "", "", fmt.Errorf("a field with no value: %.40q", s)
		}
		k, rest = s[:i], s[i:]
	}
	rest = strings.TrimPrefix(rest, ":")
	rest = strings.TrimSpace(rest)
	if v, err = yarnString(rest); err != nil {
		return "", "", err
	}
	return k, v, nil
}

// yarnName returns the package name of a yarn 1 entry from its first
// spec "name@range" (the real name, for an alias "foo@npm:real@^1"),
// and whether the entry is local (a "file:" or "link:" range).
func yarnName(specs []string) (name string, local, ok bool) {
	if len(specs) == 0 {
		return "", false, false
	}
	name, rng, ok := splitSpec(specs[0])
	if !ok {
		return "", false, false
	}
	if a, alias := strings.CutPrefix(rng, "npm:"); alias {
		if i := strings.LastIndexByte(a, '@'); i > 0 {
			name = a[:i]
		} else if !strings.HasPrefix(a, "@") && a != "" && !strings.ContainsAny(a[:1], "0123456789^~<>=*") {
			name = a
		}
	}
	return name, strings.HasPrefix(rng, "file:") || strings.HasPrefix(rng, "link:"), true
}

// splitSpec splits "name@range" (or "@scope/name@range") at the '@'
// that ends the name.
func splitSpec(s string) (name, rng string, ok bool) {
	if len(s) < 2 {
		return "", "", false
	}
	i := strings.IndexByte(s[1:], '@')
	if i < 0 {
		return "", "", false
	}
	return s[:i+1], s[i+2:], true
}

// berryEntry is one entry of a yarn 2+ lockfile.
type berryEntry struct {
	Version              string            `yaml:"version"`
	Resolution           string            `yaml:"resolution"`
	Dependencies         map[string]string `yaml:"dependencies"`
	OptionalDependencies map[string]string `yaml:"optionalDependencies"`
	PeerDependencies     map[string]string `yaml:"peerDependencies"`
}

// parseBerry reads a yarn 2+ lockfile: YAML, keyed by descriptors
// ("name@npm:^1.0.0, name@npm:^1.2.0"), each entry naming its
// resolution ("name@npm:1.2.3"), version and dependencies (name to
// range, whose descriptor is name@range, or name@npm:range when the
// range names no protocol).
func parseBerry(ctx context.Context, data []byte, l *lock) error {
	var doc map[string]yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("npm: %s: not a yarn.lock: %w", l.path, err)
	}
	type node struct {
		b berryEntry
		e *entry
	}
	byDesc := map[string]*entry{}
	find := func(name, rng string) *entry {
		if t := byDesc[name+"@"+rng]; t != nil {
			return t
		}
		return byDesc[name+"@npm:"+rng]
	}
	var nodes []node
	var members []berryEntry // workspaces but the root
	for _, k := range slices.Sorted(maps.Keys(doc)) {
		if err := l.canceled(ctx); err != nil {
			return err
		}
		if k == "__metadata" {
			continue
		}
		v := doc[k]
		var b berryEntry
		if err := v.Decode(&b); err != nil {
			l.fail("entry %q (line %d): %v", k, v.Line, err)
			continue
		}
		name, rng, ok := splitSpec(b.Resolution)
		protocol, _, _ := strings.Cut(rng, ":")
		switch {
		case !ok:
			l.fail("entry %q (line %d): no name@protocol:reference resolution", k, v.Line)
			continue
		case protocol == "workspace":
			if rng != "workspace:." {
				members = append(members, b)
			}
			continue
		case protocol == "link" || protocol == "portal" || protocol == "file":
			continue
		case b.Version == "":
			l.fail("entry %q (line %d): no version", k, v.Line)
			continue
		}
		e := l.add(name, b.Version, false, "")
		for d := range strings.SplitSeq(k, ",") {
			byDesc[strings.TrimSpace(d)] = e
		}
		nodes = append(nodes, node{b, e})
	}
	for _, n := range nodes {
		for _, deps := range []map[string]string{n.b.Dependencies, n.b.OptionalDependencies, n.b.PeerDependencies} {
			for name, rng := range deps {
				if t := find(name, rng); t != nil {
					n.e.depend(t.name, t.version)
				}
			}
		}
	}
	// Dev marks from the project's package.json; what the other
	// workspaces depend on counts as prod, since their entries do not
	// tell dev from prod.
	if pj := l.project; pj != nil {
		prod := roots(pj.OptionalDependencies, find, roots(pj.Dependencies, find, nil))
		for _, m := range members {
			prod = roots(m.OptionalDependencies, find, roots(m.Dependencies, find, prod))
		}
		l.markDev(prod, roots(pj.DevDependencies, find, nil))
	}
	return l.err()
}
