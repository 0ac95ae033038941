package python

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

var _ catalog.Cataloger = (*Installed)(nil)

// Installed finds the Python distributions installed in site-packages
// and dist-packages directories: their *.dist-info/METADATA,
// *.egg-info/PKG-INFO and single-file *.egg-info records, with the files
// listed in *.dist-info/RECORD and *.egg-info/installed-files.txt. It
// never reads lockfiles. Its zero value is ready to use, and it is safe
// for concurrent use.
//
// It is a plain catalog.Cataloger rather than a Standalone one because a
// distribution may have two metadata folders side by side (foo-1.0.dist-info
// and foo-1.0.egg-info), which make one package, not two.
type Installed struct{}

// Name returns "python".
func (*Installed) Name() string { return "python" }

// kind is what a wanted file is to Installed.
type kind int

const (
	notWanted   kind = iota
	distInfo         // <site>/<X>.dist-info/METADATA
	eggInfoDir       // <site>/<X>.egg-info/PKG-INFO
	eggInfoFile      // <site>/<X>.egg-info
	companion        // RECORD or installed-files.txt
)

// classify says what the rooted path is to Installed. Metadata folders
// count only directly in a directory named site-packages or
// dist-packages, where Python's import system finds them; one deeper
// (a test fixture inside a package) is not installed.
func classify(p string) kind {
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	if strings.HasSuffix(base, ".egg-info") && isSite(dir) && len(base) > len(".egg-info") {
		return eggInfoFile
	}
	meta, parent := path.Base(dir), path.Dir(dir)
	if !isSite(parent) {
		return notWanted
	}
	switch {
	case strings.HasSuffix(meta, ".dist-info") && len(meta) > len(".dist-info"):
		switch base {
		case "METADATA":
			return distInfo
		case "RECORD":
			return companion
		}
	case strings.HasSuffix(meta, ".egg-info") && len(meta) > len(".egg-info"):
		switch base {
		case "PKG-INFO":
			return eggInfoDir
		case "installed-files.txt":
			return companion
		}
	}
	return notWanted
}

func isSite(dir string) bool {
	b := path.Base(dir)
	return b == "site-packages" || b == "dist-packages"
}

// Wants reports whether path is a metadata file of an installed
// distribution or one of its file lists: <site>/<X>.dist-info/METADATA
// or RECORD, <site>/<X>.egg-info/PKG-INFO or installed-files.txt, or a
// file <site>/<X>.egg-info, where <site> is any directory named
// site-packages or dist-packages. Metadata anywhere else (a wheel
// unpacked in a source tree, a test fixture nested in a package, an
// .egg archive) is not wanted.
func (*Installed) Wants(path string) bool { return classify(path) != notWanted }

// record is one metadata file and what it says.
type record struct {
	path string // the metadata file, rooted
	kind kind
	meta metadata
}

// Catalog reads the metadata file in.Path from in.FS and returns the
// distribution it describes: one package of Type "pypi", Name normalised
// as PEP 503 says (lowercase, runs of "-", "_", "." made one "-"; the
// name as the metadata writes it is in Metadata "pypi:name" when it
// differs), Version as written, Licenses (see the package doc), Files
// from RECORD or installed-files.txt as rooted paths, sorted. A
// site-packages directory that holds two metadata folders for the same
// normalised name and version (foo-1.0.dist-info and foo-1.0.egg-info,
// or two dist-info folders) gives one package: the call for the first
// of them (dist-info before egg-info, then by path) returns it, with
// Evidence naming every metadata file and then the file lists used, and
// the call for each other one returns nil, nil. A RECORD or
// installed-files.txt file, read with its metadata, also gives nil, nil,
// and so does a wanted path that is an egg-info folder.
//
// A malformed metadata file gives an error naming the file and what is
// wrong; when it still names the distribution and its version before the
// fault, the package is returned with the error.
func (*Installed) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	k := classify(in.Path)
	if k == notWanted || k == companion {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("python: %s: %w", in.Path, err)
	}
	if k == eggInfoFile {
		if st, err := fs.Stat(in.FS, in.Path[1:]); err == nil && st.IsDir() {
			return nil, nil // an egg-info folder: its PKG-INFO is the record
		}
	}
	self, err := readRecord(in.FS, in.Path, k)
	if self.meta.name == "" {
		return nil, err
	}
	errs := []error{err}
	group := []record{self}
	siblings, serr := siblings(ctx, in.FS, self)
	errs = append(errs, serr)
	group = append(group, siblings...)
	slices.SortFunc(group, func(a, b record) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), strings.Compare(a.path, b.path))
	})
	if group[0].path != in.Path {
		return nil, errors.Join(errs...) // reported with the first folder
	}
	p := sbom.Package{
		Type:     "pypi",
		Name:     normalize(self.meta.name),
		Version:  self.meta.version,
		Licenses: self.meta.licenses(),
	}
	if p.Name != self.meta.name {
		p.Metadata = map[string]string{"pypi:name": self.meta.name}
	}
	for _, r := range group {
		p.Evidence = append(p.Evidence, r.path)
	}
	for _, r := range group {
		files, list, err := readFiles(in.FS, r)
		errs = append(errs, err)
		if list != "" {
			p.Evidence = append(p.Evidence, list)
			p.Files = append(p.Files, files...)
		}
	}
	slices.Sort(p.Files)
	p.Files = slices.Compact(p.Files)
	return []sbom.Package{p}, errors.Join(errs...)
}

// readRecord reads and parses the metadata file at the rooted path p.
func readRecord(fsys fs.FS, p string, k kind) (record, error) {
	r := record{path: p, kind: k}
	b, err := readFile(fsys, p)
	if err != nil {
		return r, err
	}
	r.meta, err = parseMetadata(b)
	if err != nil {
		return r, fmt.Errorf("python: %s: %w", p, err)
	}
	return r, nil
}

// readFile reads the file at the rooted path p, at most MaxFileSize.
func readFile(fsys fs.FS, p string) ([]byte, error) {
	f, err := fsys.Open(strings.TrimPrefix(p, "/"))
	if err != nil {
		return nil, fmt.Errorf("python: %w", err)
	}
	defer f.Close()
	b, err := readAll(f)
	if err != nil {
		return nil, fmt.Errorf("python: %s: %w", p, err)
	}
	return b, nil
}

// siblings returns the other metadata records in self's site-packages
// directory that describe the same normalised name and version. Only
// folders whose name starts with the distribution's name are read.
func siblings(ctx context.Context, fsys fs.FS, self record) ([]record, error) {
	site := siteDir(self)
	ents, err := fs.ReadDir(fsys, strings.TrimPrefix(site, "/"))
	if err != nil {
		return nil, nil // an FS that cannot list directories: no siblings known
	}
	want := normalize(self.meta.name)
	var out []record
	for _, e := range ents {
		name := e.Name()
		folder, ok := strings.CutSuffix(name, ".dist-info")
		if !ok {
			if folder, ok = strings.CutSuffix(name, ".egg-info"); !ok {
				continue
			}
		}
		if stem, _, _ := strings.Cut(folder, "-"); !sameName(stem, want) {
			continue // most entries: another distribution, decided without building a path
		}
		var p string
		var k kind
		switch {
		case strings.HasSuffix(name, ".dist-info") && e.IsDir():
			p, k = site+"/"+name+"/METADATA", distInfo
		case strings.HasSuffix(name, ".egg-info") && e.IsDir():
			p, k = site+"/"+name+"/PKG-INFO", eggInfoDir
		case strings.HasSuffix(name, ".egg-info"):
			p, k = site+"/"+name, eggInfoFile
		default:
			continue
		}
		if p == self.path {
			continue
		}
		if err := ctx.Err(); err != nil {
			return out, fmt.Errorf("python: %s: %w", self.path, err)
		}
		r, err := readRecord(fsys, p, k)
		if err != nil || normalize(r.meta.name) != want || r.meta.version != self.meta.version {
			continue // its own Catalog call reports it and its error
		}
		out = append(out, r)
	}
	return out, nil
}

// siteDir returns the site-packages directory holding r's metadata.
func siteDir(r record) string {
	if r.kind == eggInfoFile {
		return path.Dir(r.path)
	}
	return path.Dir(path.Dir(r.path))
}

// readFiles reads the file list beside r's metadata (RECORD for a
// dist-info folder, installed-files.txt for an egg-info folder) and
// returns its files as rooted paths and the list's path; "" and no error
// when there is none.
func readFiles(fsys fs.FS, r record) ([]string, string, error) {
	var list, base string
	switch r.kind {
	case distInfo:
		list, base = path.Dir(r.path)+"/RECORD", siteDir(r)
	case eggInfoDir:
		list, base = path.Dir(r.path)+"/installed-files.txt", path.Dir(r.path)
	default:
		return nil, "", nil
	}
	if _, err := fs.Stat(fsys, list[1:]); errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil
	}
	b, err := readFile(fsys, list)
	if err != nil {
		return nil, "", err
	}
	var names []string
	if r.kind == distInfo {
		names, err = parseRecord(b)
	} else {
		names = parseLines(b)
	}
	if err != nil {
		return nil, "", fmt.Errorf("python: %s: %w", list, err)
	}
	files := make([]string, 0, len(names))
	for _, n := range names {
		if !strings.HasPrefix(n, "/") {
			n = path.Join(base, n)
		}
		files = append(files, path.Clean(n))
	}
	return files, list, nil
}

// parseRecord returns the paths (first column) of a RECORD file, a CSV
// file of path, hash and size.
func parseRecord(b []byte) ([]string, error) {
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	var out []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if len(rec) > 0 && rec[0] != "" {
			out = append(out, rec[0])
		}
	}
}

// parseLines returns the non-empty lines of b.
func parseLines(b []byte) []string {
	var out []string
	for line := range strings.Lines(string(b)) {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}
