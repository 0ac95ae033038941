package nuget

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// MaxFileSize is the most Installed and Lockfile read of one file
// (32 MiB; a large application's deps.json has a few hundred KiB).
const MaxFileSize = 32 << 20

var (
	_ catalog.Standalone = (*Installed)(nil)
	_ catalog.Standalone = (*Lockfile)(nil)
)

// readFile reads in.Path from in.FS, at most MaxFileSize bytes, less a
// leading UTF-8 byte order mark.
func readFile(in *catalog.Input) ([]byte, error) {
	f, err := in.FS.Open(strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return nil, fmt.Errorf("nuget: %s: %w", in.Path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("nuget: %s: %w", in.Path, err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("nuget: %s: larger than %d bytes", in.Path, MaxFileSize)
	}
	return bytes.TrimPrefix(b, []byte("\ufeff")), nil // a byte order mark, as some Windows tools write
}

// wantsFile is WantsFile for both catalogers.
func wantsFile(wants bool, mode fs.FileMode, size int64) bool {
	return wants && mode.IsRegular() && size <= MaxFileSize
}

// sha512Hex turns a base64 SHA-512 digest (NuGet's contentHash, or a
// deps.json "sha512-..." value) into the lowercase hex that sbom.Package
// Hashes hold; "" when it is not one.
func sha512Hex(s string) string {
	b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, "sha512-"))
	if err != nil || len(b) != 64 {
		return ""
	}
	return hex.EncodeToString(b)
}

// key identifies a package: NuGet IDs are case-insensitive.
type key struct{ name, version string }

func keyOf(name, version string) key { return key{strings.ToLower(name), version} }

// finish sets each package's DependsOn from deps (indices into pkgs) and
// sorts the packages.
func finish(pkgs []sbom.Package, deps [][]int) []sbom.Package {
	for i := range pkgs {
		var on []string
		for _, j := range deps[i] {
			if j != i {
				on = append(on, sbom.PackageURL(pkgs[j], nil))
			}
		}
		slices.Sort(on)
		pkgs[i].DependsOn = slices.Compact(on)
	}
	slices.SortStableFunc(pkgs, sbom.ComparePackages)
	return pkgs
}

// ctxErr wraps a cancelled context's error for path.
func ctxErr(ctx context.Context, p string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("nuget: %s: %w", p, err)
	}
	return nil
}
