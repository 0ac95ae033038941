package distro

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/loadline/loadline/sbom"
)

// source is one file Detect reads, with what turns its content into a
// distro (nil when it names none).
type source struct {
	path  string // in fs.FS form, no leading slash
	parse func(data []byte) (*sbom.Distro, error)
}

// sources are Detect's files in the order it tries them (see the package
// documentation for why this order).
var sources = []source{
	{"etc/os-release", fromOSRelease},
	{"usr/lib/os-release", fromOSRelease},
	{"etc/alpine-release", fromAlpineRelease},
	{"etc/centos-release", fromReleaseLine},
	{"etc/rocky-release", fromReleaseLine},
	{"etc/almalinux-release", fromReleaseLine},
	{"etc/oracle-release", fromReleaseLine},
	{"etc/fedora-release", fromReleaseLine},
	{"etc/system-release", fromAmazonRelease},
	{"etc/redhat-release", fromReleaseLine},
	{"etc/SuSE-release", fromSuSERelease},
	{"etc/photon-release", fromReleaseLine},
	{"etc/mariner-release", fromReleaseLine},
	{"etc/lsb-release", fromLSBRelease},
	{"etc/debian_version", fromDebianVersion},
}

// Wants reports whether Detect reads the file at path (rooted and
// slash-separated, "/etc/os-release"), so that a scanner gathers it while
// walking the layers. It looks at the path only. The usual link targets
// (/usr/lib/os-release, centos-release behind redhat-release) are among
// the wanted files themselves.
func Wants(path string) bool {
	rel, ok := strings.CutPrefix(path, "/")
	if !ok {
		return false
	}
	for _, s := range sources {
		if s.path == rel {
			return true
		}
	}
	return false
}

// Detect finds the distro of the root filesystem fsys (paths without a
// leading slash, as fs.ValidPath wants), trying its sources in the
// package documentation's order; the first that names a distro wins. It
// returns nil and a nil error when none does: an image without a distro
// is fine.
//
// A source that exists but cannot be read (too large, a link loop, a
// read error) is named in the returned error, prefixed "distro: <path>:",
// and the next source is tried; so are the malformed lines of an
// os-release or lsb-release file, whose good lines still count. So
// Detect may return a distro together with an error: the distro is good,
// the error says what was skipped. A missing file is no error. Detect never
// panics on any content and is safe for concurrent use.
func Detect(fsys fs.FS) (*sbom.Distro, error) {
	var errs []error
	for _, s := range sources {
		data, err := readFile(fsys, s.path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("distro: /%s: %w", s.path, err))
			continue
		}
		d, err := s.parse(data)
		if err != nil {
			for _, e := range unjoin(err) {
				errs = append(errs, fmt.Errorf("distro: /%s: %w", s.path, e))
			}
		}
		if d != nil {
			if d.ID == "debian" && d.VersionID == "" && strings.HasSuffix(s.path, "os-release") {
				errs = append(errs, supplementDebian(fsys, d))
			}
			return d, errors.Join(errs...)
		}
	}
	return nil, errors.Join(errs...)
}

// supplementDebian fills the VersionID, and the Codename when it is
// empty, of a Debian os-release without VERSION_ID (older Google
// distroless images) from /etc/debian_version.
func supplementDebian(fsys fs.FS, d *sbom.Distro) error {
	const path = "etc/debian_version"
	data, err := readFile(fsys, path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("distro: /%s: %w", path, err)
	}
	if v, _ := fromDebianVersion(data); v != nil {
		d.VersionID = v.VersionID
		if d.Codename == "" {
			d.Codename = v.Codename
		}
	}
	return nil
}

// unjoin splits an errors.Join error into its parts.
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
