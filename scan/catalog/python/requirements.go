package python

import (
	"io/fs"
	"path"
	"strings"
)

// maxIncludeDepth bounds how deep "-r" includes are followed.
const maxIncludeDepth = 8

// requirementsTree returns the pinned requirements of the requirements
// file at the rooted path p with contents b, and of the files it
// includes with "-r" that fsys holds and that are not requirements*.txt
// files themselves (those are cataloged on their own).
func requirementsTree(fsys fs.FS, p string, b []byte) []entry {
	seen := map[string]bool{p: true}
	var out []entry
	var visit func(cur string, b []byte, depth int)
	visit = func(cur string, b []byte, depth int) {
		es, includes := parseRequirements(b)
		for i := range es {
			if cur != p {
				es[i].from = cur
			}
		}
		out = append(out, es...)
		for _, inc := range includes {
			if strings.Contains(inc, "://") {
				continue // a URL: not read
			}
			next := inc
			if !path.IsAbs(next) {
				next = path.Join(path.Dir(cur), next)
			}
			if seen[next] || depth >= maxIncludeDepth || format(path.Base(next)) == "requirements.txt" {
				continue
			}
			seen[next] = true
			nb, err := readFile(fsys, next)
			if err != nil {
				continue // an include the filesystem does not hold
			}
			visit(next, nb, depth+1)
		}
	}
	visit(p, b, 0)
	return out
}

// parseRequirements reads a pip requirements file: lines joined where
// they end in a backslash, comments from "#" on dropped, options lines
// skipped but for "-r"/"--requirement" (whose files it returns, in
// order). A requirement counts only when it pins one version with "=="
// (no wildcard) or "==="; its extras and environment marker are ignored
// (markers are not evaluated), and its --hash options give digests.
// Unpinned, URL and editable requirements are skipped: they say no
// version, and are not errors.
func parseRequirements(b []byte) (es []entry, includes []string) {
	var logical []string
	var cur strings.Builder
	for line := range strings.Lines(string(b)) {
		line = strings.TrimRight(line, "\r\n")
		if l, ok := strings.CutSuffix(line, `\`); ok {
			cur.WriteString(l)
			cur.WriteByte(' ')
			continue
		}
		cur.WriteString(line)
		logical = append(logical, cur.String())
		cur.Reset()
	}
	if cur.Len() > 0 {
		logical = append(logical, cur.String())
	}
	for _, line := range logical {
		line, _, _ = strings.Cut(line, "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "-") {
			if inc := includeOf(line); inc != "" {
				includes = append(includes, inc)
			}
			continue
		}
		if e, ok := parseRequirement(line); ok {
			es = append(es, e)
		}
	}
	return es, includes
}

// includeOf returns the file an option line "-r file",
// "-rfile", "--requirement file" or "--requirement=file" names, "" for
// any other option.
func includeOf(line string) string {
	f := strings.Fields(line)
	switch {
	case f[0] == "-r" || f[0] == "--requirement":
		if len(f) > 1 {
			return f[1]
		}
	case strings.HasPrefix(f[0], "--requirement="):
		return strings.TrimPrefix(f[0], "--requirement=")
	case strings.HasPrefix(f[0], "-r"):
		return f[0][2:]
	}
	return ""
}

// parseRequirement reads one requirement line "name[extras] ==version ;
// marker --hash=alg:hex ...".
func parseRequirement(line string) (entry, bool) {
	var opts []string
	for i := 1; i < len(line); i++ {
		if line[i] == '-' && (line[i-1] == ' ' || line[i-1] == '\t') {
			opts = strings.Fields(line[i:])
			line = line[:i]
			break
		}
	}
	line, _, _ = strings.Cut(line, ";")
	name := requirementName(line)
	if name == "" {
		return entry{}, false
	}
	rest := strings.TrimSpace(line[strings.Index(line, name)+len(name):])
	if strings.HasPrefix(rest, "[") {
		end := strings.Index(rest, "]")
		if end < 0 {
			return entry{}, false
		}
		rest = strings.TrimSpace(rest[end+1:])
	}
	if strings.HasPrefix(rest, "(") && strings.HasSuffix(rest, ")") {
		rest = rest[1 : len(rest)-1]
	}
	v, ok := exactPin(rest)
	if !ok {
		return entry{}, false
	}
	e := entry{name: name, version: v}
	for i := 0; i < len(opts); i++ {
		switch {
		case strings.HasPrefix(opts[i], "--hash="):
			e.digests = append(e.digests, strings.TrimPrefix(opts[i], "--hash="))
		case opts[i] == "--hash" && i+1 < len(opts):
			i++
			e.digests = append(e.digests, opts[i])
		}
	}
	return e, true
}
