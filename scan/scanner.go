package scan

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"golang.org/x/sync/errgroup"

	"github.com/loadline/loadline/internal/layerfs"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/apk"
	"github.com/loadline/loadline/scan/catalog/composer"
	"github.com/loadline/loadline/scan/catalog/conan"
	"github.com/loadline/loadline/scan/catalog/dart"
	"github.com/loadline/loadline/scan/catalog/dpkg"
	"github.com/loadline/loadline/scan/catalog/gem"
	"github.com/loadline/loadline/scan/catalog/golang"
	"github.com/loadline/loadline/scan/catalog/hex"
	"github.com/loadline/loadline/scan/catalog/java"
	"github.com/loadline/loadline/scan/catalog/npm"
	"github.com/loadline/loadline/scan/catalog/nuget"
	"github.com/loadline/loadline/scan/catalog/python"
	"github.com/loadline/loadline/scan/catalog/rpm"
	"github.com/loadline/loadline/scan/catalog/rust"
	"github.com/loadline/loadline/scan/catalog/swift"
	"github.com/loadline/loadline/scan/distro"
	"github.com/loadline/loadline/scan/source"
)

// Default limits, used when the Scanner's fields are zero.
const (
	DefaultMaxFileSize  = 256 << 20 // one wanted file
	DefaultMaxImageSize = 64 << 30  // all layers, uncompressed
)

// Scanner inventories images and directories. Its zero value is ready to
// use: the default catalogers (installed packages), one layer read per CPU, the default
// limits, silent. A Scanner is safe for concurrent use and is not changed
// by scanning.
type Scanner struct {
	// Catalogers are the package readers to run; nil means
	// DefaultCatalogers.
	Catalogers []catalog.Cataloger
	// Parallelism is how many layers are read at once; 0 means
	// runtime.GOMAXPROCS(0).
	Parallelism int
	// MaxFileSize caps one wanted file read into memory (a larger one is
	// a Problem); 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// MaxImageSize caps the uncompressed bytes read from all layers of one
	// image (a decompression bomb is an error); 0 means
	// DefaultMaxImageSize.
	MaxImageSize int64
	// Logger receives progress at debug level; nil means silent.
	Logger *slog.Logger
}

// DefaultCatalogers returns a new slice of the catalogers for images and
// root filesystems, which report what is installed: the OS package
// databases (apk, dpkg, rpm) and installed application packages (jar,
// war and ear archives; installed gems; Composer's installed.json; .NET
// deps.json; Python dist-info and egg-info; node_modules package.json
// files; the build info of Go binaries and of Rust binaries built with
// cargo-auditable). Lockfiles and manifests are
// not read: an entry in one is not proof that the package is installed.
func DefaultCatalogers() []catalog.Cataloger {
	return []catalog.Cataloger{
		&apk.Cataloger{}, &dpkg.Cataloger{}, &rpm.Cataloger{},
		&java.Archive{}, &gem.Installed{}, &composer.Installed{}, &nuget.Installed{}, &python.Installed{},
		&golang.Binary{}, &rust.Binary{}, &npm.Installed{},
	}
}

// ProjectCatalogers returns a new slice of the catalogers for source
// trees, which read lockfiles and manifests: Gemfile.lock,
// composer.lock, packages.lock.json, Python's lockfiles and pinned
// requirements, go.mod with go.sum, Cargo.lock, package-lock.json,
// yarn.lock and pnpm-lock.yaml, pubspec.lock, Package.resolved, conan.lock
// and mix.lock. Use them with Dir on a project checkout; installed
// packages (jars in a build directory) are not read.
func ProjectCatalogers() []catalog.Cataloger {
	return []catalog.Cataloger{
		&gem.Lockfile{}, &composer.Lockfile{}, &nuget.Lockfile{}, &python.Lockfile{},
		&golang.Lockfile{}, &rust.Lockfile{}, &npm.Lockfile{},
		&dart.Lockfile{}, &swift.Lockfile{}, &conan.Lockfile{}, &hex.Lockfile{},
	}
}

func (s *Scanner) catalogers() []catalog.Cataloger {
	if s.Catalogers == nil {
		return DefaultCatalogers()
	}
	return s.Catalogers
}

func (s *Scanner) maxFileSize() int64 { return cmp.Or(s.MaxFileSize, DefaultMaxFileSize) }

// budget returns a new byte budget for one image.
func (s *Scanner) budget() *layerfs.Budget {
	return layerfs.NewBudget(cmp.Or(s.MaxImageSize, DefaultMaxImageSize))
}

func (s *Scanner) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

// wants reports whether distro detection or any cataloger that is not
// Standalone needs path: such files are kept for the merged view.
func wants(cats []catalog.Cataloger) func(string) bool {
	return func(p string) bool {
		if distro.Wants(p) {
			return true
		}
		for _, c := range cats {
			if _, ok := c.(catalog.Standalone); !ok && c.Wants(p) {
				return true
			}
		}
		return false
	}
}

// Image inventories img. Inventory.Source has Kind "image", the config
// digest and the platform; a caller that knows more (the reference, the
// manifest digest) fills it in. The returned inventory is sorted.
//
// The layers are read in parallel, each once; each is checked against
// its digest (the blob's for compressed layers, the diff ID for
// uncompressed ones) and a mismatch is a *DigestError.
func (s *Scanner) Image(ctx context.Context, img v1.Image) (*sbom.Inventory, error) {
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("scan: image config: %w", err)
	}
	if cfg == nil {
		return nil, errors.New("scan: image has no config")
	}
	layers, err := img.Layers()
	if err != nil {
		return nil, fmt.Errorf("scan: image layers: %w", err)
	}
	diffIDs := cfg.RootFS.DiffIDs
	if len(diffIDs) != len(layers) {
		return nil, fmt.Errorf("scan: image config lists %d diff IDs for %d layers", len(diffIDs), len(layers))
	}
	inv := &sbom.Inventory{Source: &sbom.Source{Kind: "image", Platform: platform(cfg)}}
	if h, err := img.ConfigName(); err == nil {
		inv.Source.ConfigDigest = h.String()
	}

	cats := s.catalogers()
	want := wants(cats)
	read := make([]*layerfs.Layer, len(layers))
	found := make([][]visited, len(layers))
	budget := s.budget()
	inv.Layers = make([]sbom.Layer, len(layers))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(cmp.Or(s.Parallelism, runtime.GOMAXPROCS(0)))
	log := s.logger()
	for i, l := range layers {
		g.Go(func() error {
			opts := s.options(gctx, cats, budget, &found[i])
			lay, meta, err := readLayer(gctx, l, diffIDs[i], want, opts)
			if err != nil {
				return fmt.Errorf("scan: layer %d (%s): %w", i, diffIDs[i], err)
			}
			log.Debug("layer read", "index", i, "diff_id", meta.DiffID, "entries", lay.Len(), "bytes", lay.Bytes)
			meta.Index = i
			read[i], inv.Layers[i] = lay, meta
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, by := range createdBy(cfg, len(layers)) {
		inv.Layers[i].CreatedBy = by
	}
	ids := make([]string, len(layers))
	for i := range ids {
		ids[i] = diffIDs[i].String()
	}
	if err := s.inventory(ctx, inv, layerfs.NewStack(read...), ids, found); err != nil {
		return nil, err
	}
	return inv, nil
}

// Dir inventories the root filesystem in the directory root, reading
// only the wanted files, each under MaxFileSize, and never following a
// symbolic link out of root. Packages have no layer. Inventory.Source has
// Kind "dir" and Name root. The returned inventory is sorted.
func (s *Scanner) Dir(ctx context.Context, root string) (*sbom.Inventory, error) {
	cats := s.catalogers()
	var found []visited
	l, err := layerfs.FromDir(ctx, root, wants(cats), s.options(ctx, cats, s.budget(), &found))
	if err != nil {
		return nil, fmt.Errorf("scan: %w", err)
	}
	inv := &sbom.Inventory{Source: &sbom.Source{Kind: "dir", Name: root}}
	if err := s.inventory(ctx, inv, layerfs.NewStack(l), []string{""}, [][]visited{found}); err != nil {
		return nil, err
	}
	return inv, nil
}

// platform formats the config's platform as "os/arch[/variant]".
func platform(cfg *v1.ConfigFile) string {
	if cfg.OS == "" || cfg.Architecture == "" {
		return ""
	}
	p := cfg.OS + "/" + cfg.Architecture
	if cfg.Variant != "" {
		p += "/" + cfg.Variant
	}
	return p
}

// createdBy returns the history line of each of n layers: the config's
// history entries that are not empty layers, in order. It returns nil
// when the history does not account for exactly n layers.
func createdBy(cfg *v1.ConfigFile, n int) []string {
	var out []string
	for _, h := range cfg.History {
		if !h.EmptyLayer {
			out = append(out, h.CreatedBy)
		}
	}
	if len(out) != n {
		return nil
	}
	return out
}

// inventory detects the distro, keeps what Standalone catalogers found
// in each layer (found) where the last layer leaves that file, runs the
// other catalogers over the stacked layers, whose diff IDs are ids (""
// for a directory), and sorts inv.
func (s *Scanner) inventory(ctx context.Context, inv *sbom.Inventory, st *layerfs.Stack, ids []string, found [][]visited) error {
	top := st.Len() - 1
	view := st.View(top)
	for i := range st.Len() {
		for _, p := range st.Layer(i).Problems {
			inv.Problems = append(inv.Problems, sbom.Problem{Path: p.Path, Layer: ids[i], Message: "layer: " + p.Message})
		}
	}
	d, err := distro.Detect(view)
	if err != nil {
		inv.Problems = append(inv.Problems, sbom.Problem{Message: err.Error()})
	}
	inv.Distro = d

	var paths []string
	for i := range st.Len() {
		for p := range st.Layer(i).Paths {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	for i, vs := range found {
		for _, v := range vs {
			// Keep what the file the last layer leaves was found to hold.
			hist := st.History(v.path, top)
			if n := len(hist); n == 0 || !hist[n-1].Present || hist[n-1].Layer != i {
				continue
			}
			if v.err != nil {
				inv.Problems = append(inv.Problems, sbom.Problem{Path: v.path, Layer: ids[i], Message: v.err.Error()})
			}
			for _, p := range v.pkgs {
				p.Layer = ids[i]
				p.PURL = sbom.PackageURL(p, d)
				inv.Packages = append(inv.Packages, p)
			}
		}
	}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		hist := st.History(p, top)
		if len(hist) == 0 || !hist[len(hist)-1].Present {
			continue
		}
		for _, c := range s.catalogers() {
			if _, ok := c.(catalog.Standalone); ok || !c.Wants(p) {
				continue
			}
			pkgs, err := c.Catalog(ctx, &catalog.Input{Path: p, FS: view, Distro: d})
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				inv.Problems = append(inv.Problems, sbom.Problem{Path: p, Layer: ids[hist[len(hist)-1].Layer], Message: err.Error()})
			}
			if len(pkgs) == 0 {
				continue
			}
			s.attribute(ctx, c, p, d, st, hist, ids, pkgs)
			for i := range pkgs {
				pkgs[i].PURL = sbom.PackageURL(pkgs[i], d)
			}
			inv.Packages = append(inv.Packages, pkgs...)
		}
	}
	linkOwned(inv.Packages)
	inv.Sort()
	return nil
}

// osTypes are the package types whose databases list the files they own.
var osTypes = map[string]bool{"deb": true, "rpm": true, "apk": true}

// linkOwned sets OwnedBy on each application package whose record file
// (its first evidence path, the outer file for a path inside an archive)
// an OS package lists among its files.
func linkOwned(pkgs []sbom.Package) {
	owner := map[string]string{}
	for i := range pkgs {
		if osTypes[pkgs[i].Type] {
			for _, f := range pkgs[i].Files {
				owner[f] = pkgs[i].PURL
			}
		}
	}
	if len(owner) == 0 {
		return
	}
	for i := range pkgs {
		p := &pkgs[i]
		if osTypes[p.Type] || len(p.Evidence) == 0 {
			continue
		}
		rec, _, _ := strings.Cut(p.Evidence[0], "!/")
		if o, ok := owner[rec]; ok {
			p.OwnedBy = o
		}
	}
}

// Target inventories what source.Open opened: its image, or its
// directory for a dir target. Inventory.Source takes the target's kind,
// name and manifest digest. It does not close t.
func (s *Scanner) Target(ctx context.Context, t *source.Target) (*sbom.Inventory, error) {
	if t.Image == nil {
		return s.Dir(ctx, t.Dir)
	}
	inv, err := s.Image(ctx, t.Image)
	if err != nil {
		return nil, err
	}
	inv.Source.Kind, inv.Source.Name, inv.Source.Digest = string(t.Kind), t.Name, t.Digest
	return inv, nil
}
