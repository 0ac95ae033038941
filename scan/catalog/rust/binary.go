package rust

import (
	"bytes"
	"compress/zlib"
	"context"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// Size limits on binaries.
const (
	// MaxBinarySize is the largest file Binary wants and reads (256 MiB,
	// the scanner's default cap on one wanted file).
	MaxBinarySize = 256 << 20
	// MaxAuditSize caps the audit data of one binary, compressed and
	// decompressed (8 MiB; the data of 1000 crates is about 100 KiB).
	MaxAuditSize = 8 << 20
)

// sectionName is the section cargo-auditable writes its data to.
const sectionName = ".dep-v0"

var _ catalog.Standalone = (*Binary)(nil)

// Binary finds the crates compiled into Rust executables built with
// cargo-auditable, which embeds the dependency tree as zlib-compressed
// JSON in a section named .dep-v0 (ELF, PE; __DATA,.dep-v0 in Mach-O).
// Its zero value is ready to use, and it is safe for concurrent use.
type Binary struct{}

// Name returns "cargo-auditable".
func (*Binary) Name() string { return "cargo-auditable" }

// Wants reports true for every path but the root: any file may be an
// executable, and the path alone cannot tell.
func (*Binary) Wants(path string) bool { return path != "" && !strings.HasSuffix(path, "/") }

// WantsFile reports whether the file is regular, at most MaxBinarySize
// bytes, and has an executable bit or a name ending in ".exe".
func (b *Binary) WantsFile(path string, mode fs.FileMode, size int64) bool {
	if !mode.IsRegular() || size < 16 || size > MaxBinarySize || !b.Wants(path) {
		return false
	}
	return mode&0o111 != 0 || strings.HasSuffix(strings.ToLower(path), ".exe")
}

// auditData is cargo-auditable's VersionInfo JSON (auditable-serde).
type auditData struct {
	Packages []auditPackage `json:"packages"`
}

type auditPackage struct {
	Name         string `json:"name"`
	Version      string `json:"version"`
	Source       string `json:"source"`
	Kind         string `json:"kind"`
	Dependencies []int  `json:"dependencies"`
	Root         bool   `json:"root"`
}

// Catalog reads the audit data of the executable in.Path and returns one
// package per crate it lists, sorted by sbom.ComparePackages: Type
// "cargo", Name and Version, MetaSource ("crates.io", "registry", "git",
// "local"), MetaKind "build" for a build dependency, MetaRoot "true" on
// the root crate, DependsOn the Package URLs of its dependencies
// (sorted), and Evidence [in.Path]. The data has no checksums.
//
// A file that is not an ELF, PE or Mach-O executable, or has no .dep-v0
// section, gives nil, nil. Audit data that cannot be decompressed or
// decoded gives an error naming in.Path; a crate without a name or
// version, and a dependency index out of range, are skipped and named
// in the error, with the rest.
func (*Binary) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := in.FS.Open(strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return nil, fmt.Errorf("rust: %w", err)
	}
	defer f.Close()
	r, ok := f.(io.ReaderAt)
	if !ok {
		b, err := io.ReadAll(io.LimitReader(f, MaxBinarySize+1))
		if err != nil {
			return nil, fmt.Errorf("rust: %s: %w", in.Path, err)
		}
		if len(b) > MaxBinarySize {
			return nil, fmt.Errorf("rust: %s: larger than %d bytes", in.Path, MaxBinarySize)
		}
		r = bytes.NewReader(b)
	}
	sec, err := auditSection(r)
	if sec == nil || err != nil {
		return nil, err // not an executable, or no audit data
	}
	if sec.Size() > MaxAuditSize {
		return nil, fmt.Errorf("rust: %s: %s section of %d bytes, more than %d", in.Path, sectionName, sec.Size(), MaxAuditSize)
	}
	zr, err := zlib.NewReader(sec)
	if err != nil {
		return nil, fmt.Errorf("rust: %s: %s section: %w", in.Path, sectionName, err)
	}
	js, err := io.ReadAll(io.LimitReader(zr, MaxAuditSize+1))
	if err != nil {
		return nil, fmt.Errorf("rust: %s: %s section: %w", in.Path, sectionName, err)
	}
	if len(js) > MaxAuditSize {
		return nil, fmt.Errorf("rust: %s: %s section decompresses to more than %d bytes", in.Path, sectionName, MaxAuditSize)
	}
	var data auditData
	if err := json.Unmarshal(js, &data); err != nil {
		return nil, fmt.Errorf("rust: %s: %s section: %w", in.Path, sectionName, err)
	}
	return fromAudit(data.Packages, in.Path)
}

// fromAudit returns the packages of audit data, sorted.
func fromAudit(list []auditPackage, path string) ([]sbom.Package, error) {
	var errs []error
	pkgs := make([]sbom.Package, len(list))
	valid := make([]bool, len(list))
	for i, a := range list {
		if a.Name == "" || a.Version == "" {
			errs = append(errs, fmt.Errorf("rust: %s: %s package %d (name %q): no name or version", path, sectionName, i, a.Name))
			continue
		}
		valid[i] = true
		p := sbom.Package{Type: "cargo", Name: a.Name, Version: a.Version, Evidence: []string{path}}
		meta := map[string]string{}
		if a.Source != "" {
			meta[MetaSource] = a.Source
		}
		if a.Kind == "build" {
			meta[MetaKind] = "build"
		}
		if a.Root {
			meta[MetaRoot] = "true"
		}
		if len(meta) > 0 {
			p.Metadata = meta
		}
		pkgs[i] = p
	}
	for i, a := range list {
		if !valid[i] {
			continue
		}
		for _, d := range a.Dependencies {
			if d < 0 || d >= len(list) || !valid[d] {
				errs = append(errs, fmt.Errorf("rust: %s: %s package %s %s: dependency %d names no package", path, sectionName, a.Name, a.Version, d))
				continue
			}
			pkgs[i].DependsOn = append(pkgs[i].DependsOn, sbom.PackageURL(pkgs[d], nil))
		}
		slices.Sort(pkgs[i].DependsOn)
		pkgs[i].DependsOn = slices.Compact(pkgs[i].DependsOn)
	}
	var out []sbom.Package
	for i := range pkgs {
		if valid[i] {
			out = append(out, pkgs[i])
		}
	}
	slices.SortFunc(out, sbom.ComparePackages)
	return out, errors.Join(errs...)
}

// auditSection returns the .dep-v0 section of the executable r, or nil
// when r is no executable this package reads or has no such section.
// An executable whose headers cannot be parsed has none, as far as
// this package is concerned: nil, nil.
func auditSection(r io.ReaderAt) (*io.SectionReader, error) {
	var magic [4]byte
	if n, _ := r.ReadAt(magic[:], 0); n < len(magic) {
		return nil, nil
	}
	var (
		sr   *io.SectionReader
		size uint64
	)
	switch {
	case bytes.Equal(magic[:], []byte("\x7fELF")):
		f, err := elf.NewFile(r)
		if err != nil {
			return nil, nil
		}
		s := f.Section(sectionName)
		if s == nil || s.Type == elf.SHT_NOBITS {
			return nil, nil
		}
		sr, size = io.NewSectionReader(r, int64(s.Offset), int64(s.FileSize)), s.FileSize
	case bytes.HasPrefix(magic[:], []byte("MZ")):
		f, err := pe.NewFile(r)
		if err != nil {
			return nil, nil
		}
		s := f.Section(sectionName)
		if s == nil {
			return nil, nil
		}
		n := s.Size // the raw size, rounded up to the file alignment
		if s.VirtualSize != 0 && s.VirtualSize < n {
			n = s.VirtualSize // the data's own size
		}
		sr, size = io.NewSectionReader(r, int64(s.Offset), int64(n)), uint64(n)
	case bytes.HasPrefix(magic[:], []byte("\xfe\xed\xfa")) || bytes.HasPrefix(magic[1:], []byte("\xfa\xed\xfe")):
		f, err := macho.NewFile(r)
		if err != nil {
			return nil, nil
		}
		for _, s := range f.Sections {
			if s.Seg == "__DATA" && s.Name == sectionName {
				sr, size = io.NewSectionReader(r, int64(s.Offset), int64(s.Size)), s.Size
				break
			}
		}
	}
	if sr == nil || size == 0 {
		return nil, nil
	}
	return sr, nil
}
