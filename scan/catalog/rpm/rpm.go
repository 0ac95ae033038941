package rpm

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

var _ catalog.Cataloger = (*Cataloger)(nil)

// MaxDatabaseSize is the largest database Catalog reads (512 MiB); it
// reads the whole file into memory, and a larger one is refused with an
// error. The biggest real databases (a full RHEL workstation) are a few
// hundred MiB.
const MaxDatabaseSize = 512 << 20

// Cataloger reads rpm databases. Its zero value is ready to use, and it
// is safe for concurrent use.
type Cataloger struct{}

// Name returns "rpm".
func (*Cataloger) Name() string { return "rpm" }

// Wants reports whether path is an rpm database: Packages (BerkeleyDB),
// Packages.db (NDB) or rpmdb.sqlite (SQLite), in /var/lib/rpm or
// /usr/lib/sysimage/rpm. It wants nothing else: not the index databases
// beside Packages, and not rpmdb.sqlite-wal (see the package doc).
func (*Cataloger) Wants(path string) bool {
	dir, base, ok := cutLast(path, "/")
	if !ok || (dir != "/var/lib/rpm" && dir != "/usr/lib/sysimage/rpm") {
		return false
	}
	return base == "Packages" || base == "Packages.db" || base == "rpmdb.sqlite"
}

// Catalog reads the rpm database at in.Path, whatever its format (told by
// content, not by name), and returns its packages in sbom.ComparePackages
// order; the package doc says what each field holds. The gpg-pubkey
// pseudo-packages are skipped.
//
// A database that cannot be read at all (missing, larger than
// MaxDatabaseSize, not a database, a malformed BerkeleyDB metadata page
// or NDB header, a SQLite error) gives no packages and an error. A
// malformed record is skipped, and the error returned with the good
// packages names each such record (its number in the database, and the
// package name when it could be read) and what was wrong; for a SQLite
// database it also names a non-empty -wal file beside it in in.FS, which
// is not read (see the package doc). ctx is checked between records;
// when it ends, Catalog returns no packages and ctx.Err().
func (*Cataloger) Catalog(ctx context.Context, in *Input) ([]sbom.Package, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b, err := readFile(in.FS, in.Path)
	if err != nil {
		return nil, fmt.Errorf("rpm: %s: %w", in.Path, err)
	}
	blobs, isSQLite, err := readDB(ctx, b)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("rpm: %s: %w", in.Path, err)
	}
	ns := ""
	if in.Distro != nil {
		ns = namespace(in.Distro.ID)
	}
	var pkgs []sbom.Package
	var errs []error
	for _, bl := range blobs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if bl.err != nil {
			errs = append(errs, fmt.Errorf("rpm: %s: record %d: %w", in.Path, bl.key, bl.err))
			continue
		}
		h, err := decodeHeader(bl.data)
		if err != nil {
			name := ""
			if h.Name != "" {
				name = fmt.Sprintf(" (%q)", h.Name)
			}
			errs = append(errs, fmt.Errorf("rpm: %s: record %d%s: %w", in.Path, bl.key, name, err))
			continue
		}
		if h.Name == "gpg-pubkey" {
			continue
		}
		p, err := toPackage(h, ns, in.Path)
		if err != nil {
			errs = append(errs, fmt.Errorf("rpm: %s: record %d (%q): %w", in.Path, bl.key, h.Name, err))
		}
		pkgs = append(pkgs, p)
	}
	if isSQLite {
		if fi, err := fs.Stat(in.FS, strings.TrimPrefix(in.Path, "/")+"-wal"); err == nil && fi.Size() > 0 {
			errs = append(errs, fmt.Errorf("rpm: %s-wal: %d bytes of transactions not read (rpm did not close its database); packages may be missing or stale", in.Path, fi.Size()))
		}
	}
	slices.SortStableFunc(pkgs, sbom.ComparePackages)
	return pkgs, errors.Join(errs...)
}

// readFile reads the rooted path name from fsys, whole, refusing a file
// larger than MaxDatabaseSize.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(strings.TrimPrefix(name, "/"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		if fi.Size() > MaxDatabaseSize {
			return nil, fmt.Errorf("%d bytes, larger than MaxDatabaseSize (%d bytes)", fi.Size(), MaxDatabaseSize)
		}
		buf.Grow(int(fi.Size()) + bytes.MinRead) // one allocation, not doubling up to 512 MiB
	}
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxDatabaseSize+1)); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	if len(b) > MaxDatabaseSize {
		return nil, fmt.Errorf("larger than MaxDatabaseSize (%d bytes)", MaxDatabaseSize)
	}
	return b, nil
}

// readDB tells the database's format by its first bytes and lists its
// records; isSQLite says whether it was SQLite.
func readDB(ctx context.Context, b []byte) (blobs []blob, isSQLite bool, err error) {
	switch {
	case len(b) == 0:
		return nil, false, errors.New("empty file")
	case strings.HasPrefix(string(b[:min(len(b), len(sqliteMagic))]), sqliteMagic):
		blobs, err = readSQLite(ctx, b)
		return blobs, true, err
	case len(b) >= 4 && binary.LittleEndian.Uint32(b) == ndbMagic:
		blobs, err = readNDB(b)
	case len(b) >= 16 && (binary.LittleEndian.Uint32(b[12:]) == bdbHashMagic || binary.BigEndian.Uint32(b[12:]) == bdbHashMagic):
		blobs, err = readBDB(b)
	default:
		err = errors.New("not a BerkeleyDB, NDB or SQLite rpm database")
	}
	return blobs, false, err
}

// toPackage converts one decoded header. A SOURCERPM that is not
// name-version-release.src.rpm leaves Origin nil and gives an error
// alongside the package.
func toPackage(h pkgHeader, ns, evidence string) (sbom.Package, error) {
	epoch := ""
	if h.HasEpoch {
		epoch = strconv.FormatInt(int64(h.Epoch), 10) + ":"
	}
	p := sbom.Package{
		Type:      "rpm",
		Namespace: ns,
		Name:      h.Name,
		Version:   epoch + h.Version,
		Arch:      h.Arch,
		Vendor:    h.Vendor,
		Evidence:  []string{evidence},
	}
	if h.Release != "" {
		p.Version += "-" + h.Release
	}
	if h.License != "" {
		p.Licenses = []string{h.License}
	}
	if h.ModularityLabel != "" {
		p.Metadata = map[string]string{"rpm:modularitylabel": h.ModularityLabel}
	}
	if len(h.Files) > 0 {
		files := make([]string, len(h.Files))
		for i, f := range h.Files {
			if !strings.HasPrefix(f, "/") {
				f = "/" + f
			}
			files[i] = f
		}
		slices.Sort(files)
		p.Files = slices.Compact(files)
	}
	var err error
	if name, vr, ok := parseSourceRPM(h.SourceRPM); ok {
		p.Origin = &sbom.Origin{Name: name, Version: epoch + vr}
	} else if h.SourceRPM != "" {
		err = fmt.Errorf("source rpm %q is not name-version-release.src.rpm; origin left out", h.SourceRPM)
	}
	return p, err
}

// parseSourceRPM splits "name-version-release.src.rpm" (or .nosrc.rpm)
// into the name and "version-release".
func parseSourceRPM(s string) (name, versionRelease string, ok bool) {
	base, ok := strings.CutSuffix(s, ".src.rpm")
	if !ok {
		if base, ok = strings.CutSuffix(s, ".nosrc.rpm"); !ok {
			return "", "", false
		}
	}
	nv, release, ok := cutLast(base, "-")
	if !ok || release == "" {
		return "", "", false
	}
	name, version, ok := cutLast(nv, "-")
	if !ok || name == "" || version == "" {
		return "", "", false
	}
	return name, version + "-" + release, true
}

// cutLast is strings.Cut at the last sep.
func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

// namespace maps an os-release ID to the Package URL namespace of its
// rpm packages: the vendor, as the purl-spec examples and the distros'
// own SBOMs write it. See the package doc for the table.
func namespace(id string) string {
	switch id {
	case "rhel":
		return "redhat"
	case "ol":
		return "oracle"
	case "amzn":
		return "amazon"
	case "opensuse", "opensuse-leap", "opensuse-tumbleweed", "opensuse-microos":
		return "opensuse"
	case "sles", "sled", "sles_sap", "sle-micro", "suse":
		return "suse"
	case "photon":
		return "vmware"
	}
	return id // centos, rocky, almalinux, fedora, mariner, azurelinux, and any other
}

// Input is the catalog seam's input, named here for the doc comments.
type Input = catalog.Input
