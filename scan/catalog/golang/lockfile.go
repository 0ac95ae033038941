package golang

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// MaxManifestSize is the most Lockfile reads of one go.mod or go.sum
// file (16 MiB; a large go.sum has a few hundred KiB).
const MaxManifestSize = 16 << 20

var _ catalog.Cataloger = (*Lockfile)(nil)

// Lockfile finds the modules a Go source tree builds with, from its
// go.mod and the go.sum beside it. Its zero value is ready to use, and
// it is safe for concurrent use.
type Lockfile struct{}

// Name returns "go-mod".
func (*Lockfile) Name() string { return "go-mod" }

// Wants reports whether the file is named go.mod or go.sum.
func (*Lockfile) Wants(p string) bool {
	b := path.Base(p)
	return b == "go.mod" || b == "go.sum"
}

// Catalog reads the go.mod at in.Path and returns the modules it
// requires, sorted by sbom.ComparePackages: the main module (Version "",
// MetaMain "true"), and each required module at the version go.mod
// names (the highest, when it names a path twice), with MetaIndirect
// "true" when the requirement is marked // indirect. A replace directive
// is honoured as in Binary.Catalog (a versioned one before one for all
// versions). The go.sum beside go.mod, when in.FS has it, gives each
// module its HashH1 and is named second in Evidence. Since Go 1.17,
// go.mod lists every module of the build; for a go.mod whose go
// directive is older (or missing), the go.sum modules with a hash of
// their content that go.mod does not name are added too, at the highest
// version go.sum has, as indirect (Evidence the go.sum only). The go and
// toolchain directives are minimums, not the toolchain that builds, so
// no stdlib package is reported.
//
// A go.sum is read only as go.mod's companion: Catalog returns nil, nil
// for it. Lines go.mod or go.sum cannot parse are skipped and named in
// the error, with the packages of the rest.
func (*Lockfile) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	if path.Base(in.Path) != "go.mod" {
		return nil, nil
	}
	data, err := readCapped(in.FS, in.Path)
	if err != nil {
		return nil, err
	}
	f, err := parseMod(in.Path, data)
	if f == nil {
		return nil, err
	}
	errs := []error{err}
	sumPath := path.Join(path.Dir(in.Path), "go.sum")
	var sums map[string]string
	sumData, serr := readCapped(in.FS, sumPath)
	switch {
	case errors.Is(serr, fs.ErrNotExist):
		sumPath = ""
	case serr != nil:
		errs = append(errs, serr)
		sumPath = ""
	default:
		sums, serr = parseSum(sumPath, sumData)
		errs = append(errs, serr)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("golang: %s: %w", in.Path, err)
	}
	return fromModFile(f, in.Path, sums, sumPath), errors.Join(errs...)
}

// readCapped reads the rooted path from fsys, at most MaxManifestSize
// bytes of it. A missing file's error wraps fs.ErrNotExist.
func readCapped(fsys fs.FS, p string) ([]byte, error) {
	f, err := fsys.Open(strings.TrimPrefix(p, "/"))
	if err != nil {
		return nil, fmt.Errorf("golang: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxManifestSize+1))
	if err != nil {
		return nil, fmt.Errorf("golang: %s: %w", p, err)
	}
	if len(b) > MaxManifestSize {
		return nil, fmt.Errorf("golang: %s: larger than %d bytes", p, MaxManifestSize)
	}
	return b, nil
}

// parseMod parses a go.mod file. Lines that modfile rejects are blanked
// and the file parsed again, so that one bad line does not hide the
// rest; the error names each. It returns a nil File when the file
// cannot be parsed at all.
func parseMod(p string, data []byte) (*modfile.File, error) {
	var errs []error
	data = bytes.Clone(data)
	for range 32 {
		f, err := modfile.Parse(p, data, nil)
		if err == nil {
			return f, errors.Join(errs...)
		}
		var list modfile.ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			return nil, fmt.Errorf("golang: %w", err)
		}
		blanked := false
		for _, e := range list {
			errs = append(errs, fmt.Errorf("golang: %w", &e))
			blanked = blankLine(data, e.Pos.Line) || blanked
		}
		if !blanked {
			break
		}
	}
	return nil, errors.Join(errs...)
}

// blankLine overwrites the 1-based line n of data with spaces, and
// reports whether it had anything to blank.
func blankLine(data []byte, n int) bool {
	if n < 1 {
		return false
	}
	start := 0
	for ; n > 1; n-- {
		i := bytes.IndexByte(data[start:], '\n')
		if i < 0 {
			return false
		}
		start += i + 1
	}
	end := bytes.IndexByte(data[start:], '\n')
	if end < 0 {
		end = len(data) - start
	}
	line := data[start : start+end]
	if len(bytes.TrimSpace(line)) == 0 {
		return false
	}
	for i := range line {
		line[i] = ' '
	}
	return true
}

// parseSum returns the content hashes of a go.sum, keyed "path version"
// (the lines for go.mod files alone are left out). Malformed lines are
// skipped and named in the error.
func parseSum(p string, data []byte) (map[string]string, error) {
	sums := map[string]string{}
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, MaxManifestSize)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 0:
		case len(fields) != 3 || !strings.Contains(fields[2], ":"):
			errs = append(errs, fmt.Errorf("golang: %s:%d: want \"module version hash\", got %q", p, n, sc.Text()))
		case strings.HasSuffix(fields[1], "/go.mod"):
		default:
			sums[fields[0]+" "+fields[1]] = fields[2]
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("golang: %s: %w", p, err))
	}
	return sums, errors.Join(errs...)
}

// fromModFile returns the packages of a parsed go.mod, sorted.
func fromModFile(f *modfile.File, modPath string, sums map[string]string, sumPath string) []sbom.Package {
	var pkgs []sbom.Package
	mainPath := ""
	if f.Module != nil && f.Module.Mod.Path != "" {
		mainPath = f.Module.Mod.Path
		p := pkg(mainPath, "", "", modPath)
		p.Metadata = map[string]string{MetaMain: "true"}
		pkgs = append(pkgs, p)
	}
	// The build list has one version of each path: the highest required.
	reqs := map[string]*modfile.Require{}
	for _, r := range f.Require {
		if old, ok := reqs[r.Mod.Path]; !ok || semver.Compare(r.Mod.Version, old.Mod.Version) > 0 {
			reqs[r.Mod.Path] = r
		}
	}
	for _, key := range slices.Sorted(maps.Keys(reqs)) {
		r := reqs[key]
		p := fromModule(replaced(f.Replace, r.Mod), modPath)
		if r.Indirect {
			p.Metadata = setMeta(p.Metadata, MetaIndirect, "true")
		}
		if h, ok := sums[modulePath(p)+" "+p.Version]; ok && p.Version != "" {
			p.Hashes = map[string]string{HashH1: h}
			p.Evidence = append(p.Evidence, sumPath)
		}
		pkgs = append(pkgs, p)
	}
	if f.Go == nil || semver.Compare("v"+f.Go.Version, "v1.17") < 0 {
		pkgs = append(pkgs, fromSum(sums, sumPath, reqs, mainPath)...)
	}
	slices.SortFunc(pkgs, sbom.ComparePackages)
	return pkgs
}

// replaced returns the required module m as a binary's build info
// records it: with the replacement that applies to it, if any (one
// for m's version before one for all versions).
func replaced(reps []*modfile.Replace, m module.Version) *debug.Module {
	var rep *modfile.Replace
	for _, r := range reps {
		if r.Old.Path != m.Path {
			continue
		}
		if r.Old.Version == m.Version {
			rep = r
			break
		}
		if r.Old.Version == "" {
			rep = r
		}
	}
	d := &debug.Module{Path: m.Path, Version: m.Version}
	if rep != nil {
		d.Replace = &debug.Module{Path: rep.New.Path, Version: rep.New.Version}
	}
	return d
}

// fromSum returns the modules of go.sum that reqs and the main module
// leave out, each at its highest version, as indirect requirements.
func fromSum(sums map[string]string, sumPath string, reqs map[string]*modfile.Require, mainPath string) []sbom.Package {
	best := map[string]string{} // path -> version
	for k := range sums {
		p, v, _ := strings.Cut(k, " ")
		if _, ok := reqs[p]; ok || p == mainPath {
			continue
		}
		if old, ok := best[p]; !ok || semver.Compare(v, old) > 0 {
			best[p] = v
		}
	}
	var pkgs []sbom.Package
	for p, v := range best {
		pk := pkg(p, v, sums[p+" "+v], sumPath)
		pk.Metadata = map[string]string{MetaIndirect: "true"}
		pkgs = append(pkgs, pk)
	}
	return pkgs
}
