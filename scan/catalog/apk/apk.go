package apk

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// maxSize is the most Parse reads of one database, in bytes (a full
// Alpine desktop install has a few MiB), and maxLine the longest line.
const (
	maxSize = 64 << 20
	maxLine = 1 << 20
)

// defaultNamespace is the Package URL namespace of apk packages when the
// distro is unknown or not an apk distro.
const defaultNamespace = "alpine"

// dbPaths are the places apk-tools keeps its database: /lib/apk/db, and
// /usr/lib/apk/db where apk-tools 3 finds no /lib/apk/db (merged /usr).
var dbPaths = []string{"/lib/apk/db/installed", "/usr/lib/apk/db/installed"}

// apkDistros are os-release IDs of distros whose packages are apk's.
var apkDistros = []string{"alpine", "wolfi", "chainguard", "postmarketos"}

// Cataloger finds the packages apk-tools installed. Its zero value is
// ready to use and it is safe for concurrent use.
type Cataloger struct{}

var _ catalog.Cataloger = (*Cataloger)(nil)

// Name returns "apk".
func (*Cataloger) Name() string { return "apk" }

// Wants reports whether path is an apk installed database:
// /lib/apk/db/installed or /usr/lib/apk/db/installed.
func (*Cataloger) Wants(path string) bool {
	return slices.Contains(dbPaths, path)
}

// Catalog reads the database at in.Path from in.FS with Parse. The
// packages' Namespace is in.Distro.ID when that is an apk distro
// ("alpine", "wolfi", "chainguard", "postmarketos", or one whose ID_LIKE
// names alpine), and "alpine" otherwise, including when
// in.Distro is nil. Errors are as Parse's; a file that cannot be opened
// gives no packages and an error.
func (*Cataloger) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	f, err := in.FS.Open(strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return nil, fmt.Errorf("apk: %s: %w", in.Path, err)
	}
	defer f.Close()
	pkgs, err := Parse(ctx, f, in.Path)
	if ns := namespace(in.Distro); ns != defaultNamespace {
		for i := range pkgs { // one namespace for all: the order holds
			pkgs[i].Namespace = ns
		}
	}
	return pkgs, err
}

func namespace(d *sbom.Distro) string {
	if d == nil || d.ID == "" {
		return defaultNamespace
	}
	if slices.Contains(apkDistros, d.ID) || slices.Contains(d.IDLike, "alpine") {
		return d.ID
	}
	return defaultNamespace
}

// Parse reads an apk installed database from r; path (rooted, such as
// "/lib/apk/db/installed") names it in Evidence and in errors. Each
// package has Type "apk", Namespace "alpine", Name (P), Version (V, as
// apk writes it: "1.2.4_git20230717-r4"), Arch (A), Origin {o, V} when
// the record names an origin, Licenses []string{L} when L is set (the
// expression kept as one string), Metadata "apk:maintainer" (m),
// "apk:url" (U) and "apk:commit" (c) when set (nil when none), Evidence
// []string{path}, and Files: the files it owns (each R line joined to
// the F directory above it, rooted), sorted, nil when none. Directories
// alone (F with no R) are not listed, as `apk info -L` lists none.
//
// Packages are in sbom.ComparePackages order; nil when there are none. A
// malformed record (no P or V, a line that is not "X:value", a field
// given twice) is skipped and named in the returned error, an
// errors.Join of one error per record; the other packages are still
// returned. Parse checks ctx.Err() between records. It reads at most
// 64 MiB, and lines of at most 1 MiB: past either it stops and returns
// the packages of the records it read whole, with an error.
func Parse(ctx context.Context, r io.Reader, path string) ([]sbom.Package, error) {
	return parse(ctx, r, path, maxSize)
}

func parse(ctx context.Context, r io.Reader, path string, limit int64) ([]sbom.Package, error) {
	lr := &io.LimitedReader{R: r, N: limit + 1}
	sc := bufio.NewScanner(lr)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var (
		pkgs []sbom.Package
		errs []error
		rec  record
		line int
	)
	flush := func() {
		if rec.start == 0 {
			return
		}
		p, err := rec.pkg(path)
		if err != nil {
			errs = append(errs, fmt.Errorf("apk: %s: record at line %d: %w", path, rec.start, err))
		} else {
			pkgs = append(pkgs, p)
		}
		rec = record{}
	}
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			flush()
			if err := ctx.Err(); err != nil {
				return sorted(pkgs), errors.Join(append(errs, fmt.Errorf("apk: %s: %w", path, err))...)
			}
			continue
		}
		if rec.start == 0 {
			rec.start = line
		}
		rec.add(line, text)
	}
	err := sc.Err()
	if err == nil && lr.N <= 0 {
		err = fmt.Errorf("larger than %d bytes", limit)
	}
	if err != nil {
		// The record being read may be cut short: drop it.
		errs = append(errs, fmt.Errorf("apk: %s: line %d: %w", path, line+1, err))
		return sorted(pkgs), errors.Join(errs...)
	}
	flush()
	return sorted(pkgs), errors.Join(errs...)
}

func sorted(pkgs []sbom.Package) []sbom.Package {
	slices.SortStableFunc(pkgs, sbom.ComparePackages)
	return pkgs
}

// record gathers one record's fields.
type record struct {
	start  int   // line of its first field
	bad    error // first malformed line
	fields [256]string
	seen   [256]bool
	dir    string // the last F
	files  []string
}

// single are the fields Parse keeps that a record gives at most once.
const single = "PVAoLmUc"

func (r *record) add(line int, text string) {
	if r.bad != nil {
		return
	}
	if len(text) < 2 || text[1] != ':' {
		r.bad = fmt.Errorf("line %d: not a field (X:value): %.40q", line, text)
		return
	}
	k, v := text[0], text[2:]
	switch {
	case k == 'F':
		r.dir = v
	case k == 'R':
		f := "/" + v
		if r.dir != "" {
			f = "/" + r.dir + "/" + v
		}
		r.files = append(r.files, f)
	case strings.IndexByte(single, k) >= 0:
		if r.seen[k] {
			r.bad = fmt.Errorf("line %d: second %c field", line, k)
			return
		}
		r.seen[k], r.fields[k] = true, v
	}
}

func (r *record) pkg(path string) (sbom.Package, error) {
	switch {
	case r.bad != nil:
		return sbom.Package{}, r.bad
	case r.fields['P'] == "":
		return sbom.Package{}, errors.New("no P (name) field")
	case r.fields['V'] == "":
		return sbom.Package{}, fmt.Errorf("package %q: no V (version) field", r.fields['P'])
	}
	p := sbom.Package{
		Type:      "apk",
		Namespace: defaultNamespace,
		Name:      r.fields['P'],
		Version:   r.fields['V'],
		Arch:      r.fields['A'],
		Evidence:  []string{path},
	}
	if o := r.fields['o']; o != "" {
		p.Origin = &sbom.Origin{Name: o, Version: p.Version}
	}
	if l := r.fields['L']; l != "" {
		p.Licenses = []string{l}
	}
	for _, m := range []struct {
		k    byte
		name string
	}{{'m', "apk:maintainer"}, {'U', "apk:url"}, {'c', "apk:commit"}} {
		if v := r.fields[m.k]; v != "" {
			if p.Metadata == nil {
				p.Metadata = map[string]string{}
			}
			p.Metadata[m.name] = v
		}
	}
	if len(r.files) > 0 {
		slices.Sort(r.files)
		p.Files = slices.Compact(r.files)
	}
	return p, nil
}
