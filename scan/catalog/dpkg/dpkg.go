package dpkg

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// Size limits on what is read from one file.
const (
	// MaxDatabaseSize is the most Parse and Catalog read of one status
	// file (64 MiB; a Debian host with 5000 packages has about 10 MiB).
	MaxDatabaseSize = 64 << 20
	// MaxFileSize is the most Catalog reads of one .list or copyright
	// file (16 MiB).
	MaxFileSize = 16 << 20

	maxLine = 1 << 20
)

const (
	statusPath  = "/var/lib/dpkg/status"
	statusDir   = "/var/lib/dpkg/status.d/"
	infoDir     = "/var/lib/dpkg/info/"
	defaultVend = "debian"
)

var _ catalog.Cataloger = (*Cataloger)(nil)

// Cataloger finds the packages dpkg has installed. Its zero value is
// ready to use, and it is safe for concurrent use.
type Cataloger struct{}

// Name returns "dpkg".
func (*Cataloger) Name() string { return "dpkg" }

// Wants reports whether path is /var/lib/dpkg/status, a file directly in
// /var/lib/dpkg/status.d/ other than a *.md5sums file, or a .list file
// directly in /var/lib/dpkg/info/.
func (*Cataloger) Wants(path string) bool {
	switch {
	case path == statusPath:
		return true
	case strings.HasPrefix(path, statusDir):
		base := path[len(statusDir):]
		return base != "" && !strings.Contains(base, "/") && !strings.HasSuffix(base, ".md5sums")
	case strings.HasPrefix(path, infoDir):
		base := path[len(infoDir):]
		return len(base) > len(".list") && !strings.Contains(base, "/") && strings.HasSuffix(base, ".list")
	case strings.HasPrefix(path, docDir):
		pkg, ok := strings.CutSuffix(path[len(docDir):], "/copyright")
		return ok && pkg != "" && !strings.Contains(pkg, "/")
	}
	return false
}

// Catalog reads the status file in.Path (/var/lib/dpkg/status or a
// status.d file) from in.FS and returns its installed packages, sorted
// by sbom.ComparePackages, each with the Files of its .list file in
// /var/lib/dpkg/info (<name>:<arch>.list, else <name>.list) when in.FS
// holds one, Licenses from /usr/share/doc/<name>/copyright when that is
// a machine-readable (DEP-5) copyright file (the first lines of its
// License fields, sorted, without duplicates), and Evidence naming
// in.Path and the .list and copyright files it used. A missing .list or
// copyright file is not an error. For a wanted .list or copyright file,
// which is read with its status file, Catalog returns nil, nil. The
// error joins one error per record or file that could not be read.
func (*Cataloger) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	if in.Path != statusPath && !strings.HasPrefix(in.Path, statusDir) {
		return nil, nil // a .list or copyright file, read with its status file
	}
	f, err := in.FS.Open(strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return nil, fmt.Errorf("dpkg: %w", err)
	}
	defer f.Close()
	pkgs, err := Parse(ctx, f, in.Path)
	errs := []error{err}
	ns := namespace(in.Distro)
	for i := range pkgs {
		pkgs[i].Namespace = ns
	}
	for i := range pkgs {
		if cerr := ctx.Err(); cerr != nil {
			if !errors.Is(err, cerr) {
				errs = append(errs, fmt.Errorf("dpkg: %s: %w", in.Path, cerr))
			}
			break
		}
		p := &pkgs[i]
		var lists []string
		if p.Arch != "" {
			lists = append(lists, infoDir+p.Name+":"+p.Arch+".list")
		}
		lists = append(lists, infoDir+p.Name+".list")
		for _, list := range lists {
			files, found, err := readOptional(in.FS, list, parseList)
			if err != nil {
				errs = append(errs, err)
				break
			}
			if found {
				p.Files = files
				p.Evidence = append(p.Evidence, list)
				break
			}
		}
		copyright := docDir + p.Name + "/copyright"
		lics, _, err := readOptional(in.FS, copyright, parseCopyright)
		errs = append(errs, err)
		if len(lics) > 0 {
			p.Licenses = lics
			p.Evidence = append(p.Evidence, copyright)
		}
	}
	slices.SortFunc(pkgs, sbom.ComparePackages)
	return pkgs, errors.Join(errs...)
}

// namespace is the Package URL namespace for distro d.
func namespace(d *sbom.Distro) string {
	if d == nil || d.ID == "" {
		return defaultVend
	}
	if d.ID == "debian" || d.ID == "ubuntu" || slices.Contains(d.IDLike, "debian") || slices.Contains(d.IDLike, "ubuntu") {
		return d.ID
	}
	return defaultVend
}

// readOptional reads the file at the rooted path from fsys, at most
// MaxFileSize bytes of it, with parse. A missing file is found false
// and no error; a file that cannot be read gives no values and an error.
func readOptional(fsys fs.FS, path string, parse func(io.Reader) ([]string, error)) (vals []string, found bool, err error) {
	f, err := fsys.Open(path[1:])
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("dpkg: %w", err)
	}
	defer f.Close()
	vals, err = parse(&limitReader{r: f, n: MaxFileSize, limit: MaxFileSize})
	if err != nil {
		return nil, true, fmt.Errorf("dpkg: %s: %w", path, err)
	}
	return vals, true, nil
}

// parseList returns the rooted paths listed in r, sorted, without "/.".
func parseList(r io.Reader) ([]string, error) {
	var files []string
	sc := newScanner(r)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || line == "/." {
			continue
		}
		files = append(files, line)
	}
	slices.Sort(files)
	files = slices.Compact(files)
	return files, sc.Err()
}
