package dpkg

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/loadline/loadline/sbom"
)

// Parse reads a dpkg status file (RFC 822 paragraphs separated by blank
// lines, continuation lines starting with a space or tab, CRLF line ends
// accepted) from r and returns its installed packages (see the package
// doc for which), sorted by sbom.ComparePackages. path is the file's
// rooted path: it is the packages' Evidence and names the file in
// errors, and a path inside /var/lib/dpkg/status.d/ makes a record
// without a Status field installed. Packages have Type "deb" and
// Namespace "debian"; Catalog sets the namespace from the distro.
//
// A malformed record is skipped and reported; the error joins one error
// per skipped record ("dpkg: /var/lib/dpkg/status: paragraph at line
// 120: no Package field"), and the packages of good records are still
// returned. Parse stops with an error at a line longer than 1 MiB, after
// MaxDatabaseSize bytes, or when ctx is done (checked between records).
func Parse(ctx context.Context, r io.Reader, path string) ([]sbom.Package, error) {
	distroless := strings.HasPrefix(path, statusDir)
	var (
		pkgs  []sbom.Package
		errs  []error
		para  paragraph
		last  string // the field a continuation line continues
		lineN int
	)
	flush := func() error {
		if para.line == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if para.err == "" {
			p, err := para.pkg(path, distroless)
			if err != "" {
				para.err = err
			} else if p != nil {
				pkgs = append(pkgs, *p)
			}
		}
		if para.err != "" {
			errs = append(errs, fmt.Errorf("dpkg: %s: paragraph at line %d: %s", path, para.line, para.err))
		}
		para, last = paragraph{}, ""
		return nil
	}
	sc := newScanner(&limitReader{r: r, n: MaxDatabaseSize, limit: MaxDatabaseSize})
	for sc.Scan() {
		lineN++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimLeft(line, " \t") == "" {
			if err := flush(); err != nil {
				return sortPkgs(pkgs), errors.Join(append(errs, fmt.Errorf("dpkg: %s: %w", path, err))...)
			}
			continue
		}
		if para.line == 0 {
			para.line = lineN
			para.fields = map[string]string{}
			para.seen = map[string]struct{}{}
		}
		if para.err != "" {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if last == "" {
				para.err = fmt.Sprintf("line %d: continuation line before any field", lineN)
				continue
			}
			if _, keep := para.fields[last]; keep {
				para.err = fmt.Sprintf("line %d: field %s continues on a second line", lineN, last)
			}
			continue // the value of a field Parse does not read
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			para.err = fmt.Sprintf("line %d: not a field: %.40q", lineN, line)
			continue
		}
		last = strings.ToLower(name)
		if _, dup := para.seen[last]; dup {
			para.err = fmt.Sprintf("line %d: duplicate field %s", lineN, name)
			continue
		}
		para.seen[last] = struct{}{}
		if slices.Contains(readFields, last) {
			para.fields[last] = strings.TrimSpace(value)
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("dpkg: %s: line %d: %w", path, lineN+1, err))
	} else if err := flush(); err != nil {
		errs = append(errs, fmt.Errorf("dpkg: %s: %w", path, err))
	}
	return sortPkgs(pkgs), errors.Join(errs...)
}

func sortPkgs(pkgs []sbom.Package) []sbom.Package {
	slices.SortFunc(pkgs, sbom.ComparePackages)
	return pkgs
}

// paragraph is one record being read.
type paragraph struct {
	line   int                 // where it starts, 1-based; 0 before any line
	fields map[string]string   // the readFields it has, by lower-case name
	seen   map[string]struct{} // every field name it has, lower-case
	err    string              // why it is skipped
}

// readFields are the fields Parse reads (lower-case). They are simple
// fields: a continuation line makes the record malformed.
var readFields = []string{"package", "status", "version", "architecture", "source"}

// installedStates are the package states (Status field, third word) in
// which the package's files are on disk.
var installedStates = []string{"installed", "triggers-pending", "triggers-awaited", "half-configured", "unpacked"}

var (
	wants      = []string{"unknown", "install", "hold", "deinstall", "purge"}
	errorFlags = []string{"ok", "reinst-required"}
	states     = []string{"not-installed", "config-files", "half-installed", "unpacked", "half-configured", "triggers-awaited", "triggers-pending", "installed"}
)

// pkg returns the package the paragraph records, nil when it is not
// installed, or why the record is malformed.
func (para *paragraph) pkg(path string, distroless bool) (*sbom.Package, string) {
	name := para.fields["package"]
	if name == "" {
		return nil, "no Package field"
	}
	if hasSpace(name) || strings.Contains(name, "/") {
		return nil, fmt.Sprintf("package name %.40q has white space or a slash", name)
	}
	status, ok := para.fields["status"]
	switch {
	case !ok && !distroless:
		return nil, "" // dpkg: not-installed
	case ok:
		w := strings.Fields(status)
		if len(w) != 3 || !slices.Contains(wants, w[0]) || !slices.Contains(errorFlags, w[1]) || !slices.Contains(states, w[2]) {
			return nil, fmt.Sprintf("package %s: bad Status %.60q", name, status)
		}
		if !slices.Contains(installedStates, w[2]) {
			return nil, ""
		}
	}
	version := para.fields["version"]
	if version == "" {
		return nil, fmt.Sprintf("package %s: no Version field", name)
	}
	if hasSpace(version) {
		return nil, fmt.Sprintf("package %s: version %.40q has white space", name, version)
	}
	arch := para.fields["architecture"]
	if hasSpace(arch) || strings.Contains(arch, "/") {
		return nil, fmt.Sprintf("package %s: architecture %.40q has white space or a slash", name, arch)
	}
	p := &sbom.Package{
		Type:      "deb",
		Namespace: defaultVend,
		Name:      name,
		Version:   version,
		Arch:      arch,
		Evidence:  []string{path},
	}
	if src, ok := para.fields["source"]; ok {
		o, ok := parseSource(src)
		if !ok {
			return nil, fmt.Sprintf("package %s: bad Source %.60q", name, src)
		}
		p.Origin = o
	}
	return p, ""
}

// parseSource reads a Source field: "name" or "name (version)".
func parseSource(s string) (*sbom.Origin, bool) {
	name, rest, _ := strings.Cut(s, " ")
	rest = strings.TrimSpace(rest)
	if name == "" || hasSpace(name) || strings.ContainsAny(name, "()") {
		return nil, false
	}
	if rest == "" {
		return &sbom.Origin{Name: name}, true
	}
	v, ok := strings.CutPrefix(rest, "(")
	if v, ok2 := strings.CutSuffix(v, ")"); ok && ok2 {
		v = strings.TrimSpace(v)
		if v != "" && !hasSpace(v) && !strings.ContainsAny(v, "()") {
			return &sbom.Origin{Name: name, Version: v}, true
		}
	}
	return nil, false
}

func hasSpace(s string) bool { return strings.IndexFunc(s, unicode.IsSpace) >= 0 }

// newScanner returns a line scanner over r for lines of up to 1 MiB.
func newScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4<<10), maxLine)
	return sc
}

// limitReader is io.LimitReader that fails, rather than ends, past its
// limit, with an error that says so.
type limitReader struct {
	r        io.Reader
	n, limit int64 // bytes left, and the limit
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		if n, err := l.r.Read(make([]byte, 1)); n == 0 && err != nil {
			return 0, err // the file ends exactly at the limit
		}
		return 0, fmt.Errorf("larger than %d MiB", l.limit>>20)
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}
