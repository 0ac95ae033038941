package golang

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"fmt"
	"io"
	"io/fs"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// MaxBinarySize is the largest file Binary wants and reads (256 MiB, the
// scanner's default cap on one wanted file).
const MaxBinarySize = 256 << 20

// Metadata keys set on the packages.
const (
	// MetaMain is "true" on the main module (of a binary or of go.mod).
	MetaMain = "golang:main"
	// MetaReplaces is the module a replace directive replaced, as
	// "path version" (just "path" when the directive named no version).
	MetaReplaces = "golang:replaces"
	// MetaReplaceDir is the local directory a replace directive put in
	// the module's place; the package then keeps the original path and
	// has no version.
	MetaReplaceDir = "golang:replaceDir"
	// MetaIndirect is "true" on a go.mod requirement marked // indirect.
	MetaIndirect = "golang:indirect"
)

// HashH1 is the Hashes key of a module's go.sum hash, whose value is
// as go.sum and the binary write it: "h1:" and the base64 SHA-256 of
// the module's file list (golang.org/x/mod/sumdb/dirhash Hash1). It is
// not a digest of a file, so it has no CycloneDX algorithm name.
const HashH1 = "h1"

var _ catalog.Standalone = (*Binary)(nil)

// Binary finds the modules compiled into Go executables (ELF, Mach-O,
// PE, XCOFF, Plan 9, WebAssembly), from the build information the Go
// linker embeds. Its zero value is ready to use, and it is safe for
// concurrent use.
type Binary struct{}

// Name returns "go-binary".
func (*Binary) Name() string { return "go-binary" }

// Wants reports true for every path but the root: any file may be an
// executable, and the path alone cannot tell. Catalog turns a file away
// after reading its first bytes.
func (*Binary) Wants(path string) bool {
	return path != "" && path != "/" && !strings.HasSuffix(path, "/")
}

// WantsFile reports whether the file is regular, non-empty, at most
// MaxBinarySize bytes, and has an executable bit or a name ending in
// ".exe" (Windows layers keep no modes).
func (b *Binary) WantsFile(path string, mode fs.FileMode, size int64) bool {
	if !mode.IsRegular() || size < 16 || size > MaxBinarySize || !b.Wants(path) {
		return false
	}
	return mode&0o111 != 0 || strings.HasSuffix(strings.ToLower(path), ".exe")
}

// Catalog reads the build information of the executable in.Path and
// returns its packages, sorted by sbom.ComparePackages: the main module
// (Version "" when the binary says "(devel)", as a build from a source
// tree does; Metadata MetaMain "true"), every dependency module with its
// version and HashH1 (a replace directive honoured: the replacement's
// path, version and hash, the original in MetaReplaces; a replacement
// by a local directory keeps the original path, with no version, and
// MetaReplaceDir), and the Go standard library as Name "stdlib" with the
// toolchain's version without its "go" prefix ("1.22.5"; left out for a
// development toolchain, "devel ..."). All have Type "golang" and
// Evidence [in.Path]; Namespace is the module path up to its last "/"
// and Name the rest, as the Package URL specification splits it.
//
// A file that is not an executable, or an executable that is not Go,
// gives nil, nil, and so does a Go executable too damaged to find its
// build information in. Build information found but malformed, and a
// file that cannot be read, give an error naming in.Path.
func (*Binary) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := in.FS.Open(strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return nil, fmt.Errorf("golang: %w", err)
	}
	defer f.Close()
	r, err := readerAt(f)
	if err != nil {
		return nil, fmt.Errorf("golang: %s: %w", in.Path, err)
	}
	if r == nil {
		return nil, nil
	}
	bi, err := buildinfo.Read(r)
	if err != nil {
		if notGo(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("golang: %s: build info: %w", in.Path, err)
	}
	return fromBuildInfo(bi, in.Path), nil
}

// readerAt returns f as an io.ReaderAt, reading it whole when it is not
// one, or nil when its first bytes are no executable's.
func readerAt(f fs.File) (io.ReaderAt, error) {
	var r io.ReaderAt
	if ra, ok := f.(io.ReaderAt); ok {
		r = ra
	} else {
		b, err := io.ReadAll(io.LimitReader(f, MaxBinarySize+1))
		if err != nil {
			return nil, err
		}
		if len(b) > MaxBinarySize {
			return nil, fmt.Errorf("larger than %d bytes", MaxBinarySize)
		}
		r = bytes.NewReader(b)
	}
	var magic [4]byte
	if n, _ := r.ReadAt(magic[:], 0); n < len(magic) || !isExecutable(magic[:]) {
		return nil, nil
	}
	return r, nil
}

// isExecutable reports whether magic (a file's first four bytes) opens
// an executable format debug/buildinfo reads.
func isExecutable(magic []byte) bool {
	switch {
	case bytes.HasPrefix(magic, []byte("\x7fELF")), // ELF
		bytes.HasPrefix(magic, []byte("MZ")),                                                               // PE
		bytes.HasPrefix(magic, []byte("\xfe\xed\xfa")), bytes.HasPrefix(magic[1:], []byte("\xfa\xed\xfe")), // Mach-O
		bytes.HasPrefix(magic, []byte("\xca\xfe\xba\xbe")), bytes.HasPrefix(magic, []byte("\xca\xfe\xba\xbf")), // Mach-O universal
		bytes.HasPrefix(magic, []byte{0x01, 0xdf}), bytes.HasPrefix(magic, []byte{0x01, 0xf7}), // XCOFF
		bytes.HasPrefix(magic, []byte("\x00asm")): // WebAssembly
		return true
	}
	// Plan 9 a.out: a big-endian magic 4*n*n+8*n+7 or with 0x8000 set.
	m := uint32(magic[0])<<24 | uint32(magic[1])<<16 | uint32(magic[2])<<8 | uint32(magic[3])
	m &^= 0x8000
	for n := uint32(0); n < 32; n++ {
		if m == 4*n*n+8*n+7 {
			return true
		}
	}
	return false
}

// notGo reports whether err from buildinfo.Read says the file is no Go
// executable or not one it can read. The standard library keeps those
// errors unexported, so their text is what there is to match.
func notGo(err error) bool {
	s := err.Error()
	return s == "not a Go executable" || s == "unrecognized file format"
}

// fromBuildInfo returns the packages bi records, sorted.
func fromBuildInfo(bi *debug.BuildInfo, path string) []sbom.Package {
	var pkgs []sbom.Package
	if bi.Main.Path != "" {
		p := fromModule(&bi.Main, path)
		if p.Version == "(devel)" {
			p.Version = ""
		}
		p.Metadata = setMeta(p.Metadata, MetaMain, "true")
		pkgs = append(pkgs, p)
	}
	for _, d := range bi.Deps {
		if d != nil && d.Path != "" {
			pkgs = append(pkgs, fromModule(d, path))
		}
	}
	if v, ok := strings.CutPrefix(strings.Fields(bi.GoVersion + " ")[0], "go"); ok && v != "" {
		pkgs = append(pkgs, sbom.Package{Type: "golang", Name: "stdlib", Version: v, Evidence: []string{path}})
	}
	slices.SortFunc(pkgs, sbom.ComparePackages)
	return pkgs
}

// fromModule returns the package of one module of a binary's build info,
// its replacement honoured.
func fromModule(m *debug.Module, path string) sbom.Package {
	got := m
	var meta map[string]string
	if r := m.Replace; r != nil && r.Path != "" {
		meta = setMeta(meta, MetaReplaces, strings.TrimSpace(m.Path+" "+m.Version))
		if modfile.IsDirectoryPath(r.Path) {
			meta = setMeta(meta, MetaReplaceDir, r.Path)
			got = &debug.Module{Path: m.Path}
		} else {
			got = r
		}
	}
	p := pkg(got.Path, got.Version, got.Sum, path)
	p.Metadata = meta
	return p
}

// pkg returns a golang package for module path at version, with its
// go.sum hash when sum is one.
func pkg(modPath, version, sum, evidence string) sbom.Package {
	ns, name := split(modPath)
	p := sbom.Package{Type: "golang", Namespace: ns, Name: name, Version: version, Evidence: []string{evidence}}
	if strings.HasPrefix(sum, "h1:") {
		p.Hashes = map[string]string{HashH1: sum}
	}
	return p
}

// modulePath returns the module path of a golang package.
func modulePath(p sbom.Package) string {
	if p.Namespace == "" {
		return p.Name
	}
	return p.Namespace + "/" + p.Name
}

// split cuts a module path at its last "/" into the Package URL
// namespace and name.
func split(modPath string) (ns, name string) {
	i := strings.LastIndexByte(modPath, '/')
	if i < 0 {
		return "", modPath
	}
	return modPath[:i], modPath[i+1:]
}

func setMeta(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}
