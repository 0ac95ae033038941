package gem

import (
	"fmt"
	"io"
	"strings"

	"github.com/loadline/loadline/scan/catalog"
)

// MaxFileSize is the most Installed and Lockfile read of one file
// (8 MiB; a gem specification or a large Gemfile.lock has tens of KiB).
const MaxFileSize = 8 << 20

var (
	_ catalog.Standalone = (*Installed)(nil)
	_ catalog.Standalone = (*Lockfile)(nil)
)

// readFile reads in.Path from in.FS, at most MaxFileSize bytes, less a
// leading UTF-8 byte order mark.
func readFile(in *catalog.Input) (string, error) {
	f, err := in.FS.Open(strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return "", fmt.Errorf("gem: %s: %w", in.Path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return "", fmt.Errorf("gem: %s: %w", in.Path, err)
	}
	if len(b) > MaxFileSize {
		return "", fmt.Errorf("gem: %s: larger than %d bytes", in.Path, MaxFileSize)
	}
	return strings.TrimPrefix(string(b), "\ufeff"), nil // a byte order mark, as some Windows tools write
}

// platform returns the Arch of a gem platform: "" for "ruby".
func platform(p string) string {
	if p == "ruby" {
		return ""
	}
	return p
}
