package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// Kind names where an image comes from. Its values are the target prefixes
// Open accepts, as skopeo writes them.
type Kind string

// The kinds of source Open reads.
const (
	Registry      Kind = "registry"       // a registry (distribution API v2), by tag or digest
	DockerArchive Kind = "docker-archive" // a `docker save` tarball, possibly gzip-compressed
	OCILayout     Kind = "oci-layout"     // an OCI image layout directory
	OCIArchive    Kind = "oci-archive"    // a tar of an OCI image layout, possibly gzip-compressed
	Dir           Kind = "dir"            // a root filesystem directory
)

// Options tunes Open. The zero value works, and a nil *Options is the zero
// value. Open never changes the Options it is given.
type Options struct {
	// Platform picks one image from a multi-platform index (registry,
	// oci-layout and oci-archive). A child matches when its OS and
	// architecture equal the Platform's and each other field the Platform
	// sets (variant, OS version, features) is equal too, as ggcr matches; a
	// child whose descriptor names no platform counts as linux/amd64, as in
	// ggcr. The first match in index order wins. Nil means linux and the
	// architecture Go runs on (runtime.GOARCH), any variant; so does an
	// empty OS or Architecture field.
	Platform *v1.Platform

	// Keychain finds registry credentials. Nil means authn.DefaultKeychain:
	// the Docker config file ($DOCKER_CONFIG/config.json, ~/.docker) and
	// the credential helpers it names. Without credentials the pull is
	// anonymous.
	Keychain authn.Keychain

	// Transport carries registry requests. Nil means remote.DefaultTransport.
	// Open wraps it with ggcr's retry and authentication layers unless it is
	// a *transport.Wrapper (then it is used as is, without retries).
	Transport http.RoundTripper

	// Insecure allows plain HTTP for any registry: HTTPS is tried first
	// (certificates are still checked), then HTTP. Without it, HTTP is a
	// fallback only where ggcr allows it anyway: localhost, loopback
	// addresses, *.local names and private (RFC 1918) addresses.
	Insecure bool

	// Retry says how often and how patiently a registry request is retried
	// after a transient failure: a network error (reset, unexpected EOF, a
	// temporary error) or HTTP status 408, 429, 499, 500, 502, 503, 504 or
	// 522. Steps is the number of attempts (below 1 counts as 1: no
	// retry), Duration the first wait, Factor its growth, Jitter a random
	// fraction added, Cap a bound on the wait. Nil means ggcr's default: 3
	// attempts, waiting 1s then 3s (±10%). A context deadline is never
	// retried; a wait between attempts is not cut short by ctx.
	Retry *remote.Backoff
}

// Target is an opened image (or directory). Close it when done.
type Target struct {
	// Kind is where the image came from.
	Kind Kind

	// Name is what to report: for a registry the fully-qualified reference
	// as given (tag and/or digest, "index.docker.io/library/alpine:3.19"),
	// for the others the path as given, followed by ":REF" when a REF
	// picked the image.
	Name string

	// Image is the image, nil for Dir. Its layers are read lazily, from
	// where they are: the registry, the archive or the layout. It stays
	// readable until Close, and, for a registry, while the context given
	// to Open is live (ggcr keeps it for later requests). It is safe for
	// concurrent use.
	Image v1.Image

	// Dir is the root directory, for Dir only.
	Dir string

	// Digest is the image manifest's digest ("sha256:...") where it is
	// known without recomputation: for a registry and an OCI layout or
	// archive. Where an index was resolved by platform, it is the chosen
	// image's digest, not the index's. It is "" for a docker archive
	// (whose manifest ggcr synthesises) and for a directory.
	Digest string

	closer io.Closer
}

// Close releases what the Target holds open: the file of an archive, the
// directory of an OCI layout. The Image must not be read afterwards.
// Close may be called more than once (not concurrently) and on a nil
// Target.
func (t *Target) Close() error {
	if t == nil || t.closer == nil {
		return nil
	}
	c := t.closer
	t.closer = nil
	if err := c.Close(); err != nil {
		return fmt.Errorf("source: %s: close: %w", t.Name, err)
	}
	return nil
}

// Open opens the image (or directory) that target names, without copying
// it anywhere: layers stay where they are and are read when asked for.
//
// A target is either prefixed with its kind, as skopeo writes it (but
// "registry:5000/app" and "oci:5000/app" are bare references to hosts of
// those names):
//
//	registry:REF  or  docker://REF     a registry reference, tag and/or digest
//	docker-archive:PATH[:REF]          a docker save tarball; REF a tag in it
//	oci-layout:PATH[:REF]  or  oci:... an OCI image layout directory
//	oci-archive:PATH[:REF]             a tar of an OCI image layout
//	dir:PATH                           a root filesystem directory
//
// or bare, and then detected: an existing directory holding an
// "oci-layout" file is an OCI layout, another directory is a Dir; an
// existing file is read as a tar (gzip-compressed or not) and is a docker
// archive when it holds manifest.json, else an OCI archive when it holds
// oci-layout or index.json. A target that does not exist but splits into
// "PATH:REF" at its first colon, where PATH is an existing file or layout
// directory, is that path with that REF (unless REF starts with digits
// and a slash, the port of "host:5000/repo"). Anything else is a registry
// reference, unless it is written as a path (starting with "/", "./",
// "../" or "~"), which is then a missing file.
//
// PATH:REF splits at the first colon, as skopeo splits it, unless the
// whole of PATH:REF exists as a path (then it is the path, with no REF).
// REF picks an image: in a docker archive a tag ("alpine:3.19",
// normalised as docker does, so "alpine" means
// "index.docker.io/library/alpine:latest"); in an OCI layout or archive
// the org.opencontainers.image.ref.name annotation of an index.json entry
// (else, as containerd writes it, the io.containerd.image.name one).
// Without REF, an archive or layout with one image gives it; one with
// several gives an error listing their names. In a layout, an entry that
// is itself an index is resolved by Options.Platform, as is an index.json
// that lists unnamed per-platform images.
//
// Every error is prefixed "source: " and names the target; Open never
// panics on any input. Metadata (manifest.json, index.json, manifests,
// configs) is read up to 8 MiB each; tar entries with absolute names or
// ".." elements are rejected (the error wraps tar.ErrInsecurePath).
//
// ctx bounds the opening; for a registry it also bounds later layer reads.
// Open is safe for concurrent use.
func Open(ctx context.Context, target string, opts *Options) (*Target, error) {
	if opts == nil {
		opts = &Options{}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("source: %s: %w", target, err)
	}
	s, err := parse(target)
	if err != nil {
		return nil, err
	}
	switch s.kind {
	case "":
		return detect(ctx, target, opts)
	case Registry:
		t, err := openRegistry(ctx, s.rest, opts)
		if err != nil {
			return nil, fmt.Errorf("source: %s: %w", s.rest, err)
		}
		return t, nil
	case Dir:
		return openDir(s.rest)
	}
	path, ref := splitRef(s.rest, exists)
	switch s.kind {
	case OCILayout:
		return openLayoutDir(ctx, path, ref, opts)
	default: // DockerArchive, OCIArchive
		return openArchive(ctx, s.kind, path, ref, opts)
	}
}

// spec is a target split into its kind ("" when it has no known prefix)
// and the rest.
type spec struct {
	kind Kind
	rest string
}

// prefixes are the target prefixes Open knows, skopeo's spelling first.
var prefixes = []struct {
	prefix string
	kind   Kind
}{
	{"docker://", Registry},
	{"registry:", Registry},
	{"docker-archive:", DockerArchive},
	{"oci-archive:", OCIArchive},
	{"oci-layout:", OCILayout},
	{"oci:", OCILayout},
	{"dir:", Dir},
}

// unsupported are skopeo's other transports, refused by name rather than
// mistaken for a registry reference.
var unsupported = []string{"docker-daemon:", "containers-storage:", "ostree:", "sif:"}

// parse splits target into its prefix's kind and the rest. It reads
// nothing.
func parse(target string) (spec, error) {
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(target, p.prefix); ok {
			if (p.prefix == "registry:" || p.prefix == "oci:") && hostPort.MatchString(rest) {
				break // "registry:5000/app" names a host called registry
			}
			if rest == "" {
				return spec{}, fmt.Errorf("source: %s: nothing after the %q prefix", target, p.prefix)
			}
			return spec{kind: p.kind, rest: rest}, nil
		}
	}
	for _, p := range unsupported {
		if strings.HasPrefix(target, p) {
			return spec{}, fmt.Errorf("source: %s: the %q transport is not supported", target, strings.TrimSuffix(p, ":"))
		}
	}
	if target == "" {
		return spec{}, errors.New("source: empty target")
	}
	return spec{rest: target}, nil
}

// splitRef splits PATH[:REF]: the whole of s when it exists, else at the
// first colon (skopeo's rule).
func splitRef(s string, exists func(string) bool) (path, ref string) {
	if exists(s) {
		return s, ""
	}
	path, ref, _ = strings.Cut(s, ":")
	return path, ref
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// detect opens a target without a prefix.
func detect(ctx context.Context, target string, opts *Options) (*Target, error) {
	fi, err := os.Stat(target)
	switch {
	case err == nil && fi.IsDir():
		if isLayoutDir(target) {
			return openLayoutDir(ctx, target, "", opts)
		}
		return openDir(target)
	case err == nil:
		return openArchive(ctx, "", target, "", opts)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("source: %w", err)
	}
	if path, ref, ok := strings.Cut(target, ":"); ok && path != "" && !hostPort.MatchString(ref) {
		if fi, err := os.Stat(path); err == nil {
			switch {
			case fi.Mode().IsRegular():
				return openArchive(ctx, "", path, ref, opts)
			case fi.IsDir() && isLayoutDir(path):
				return openLayoutDir(ctx, path, ref, opts)
			}
		}
	}
	if looksLikePath(target) {
		return nil, fmt.Errorf("source: %s: no such file or directory", target)
	}
	t, err := openRegistry(ctx, target, opts)
	if err != nil {
		return nil, fmt.Errorf("source: %s: no such file or directory, and as a registry reference: %w", target, err)
	}
	return t, nil
}

// hostPort matches the rest of "host:5000/repo" after the first colon: a
// registry port, never a REF.
var hostPort = regexp.MustCompile(`^[0-9]+/`)

// looksLikePath reports whether s is written as a path, never a registry
// reference.
func looksLikePath(s string) bool {
	for _, p := range []string{"/", "./", "../", "~"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return filepath.IsAbs(s) || s == "." || s == ".."
}

func isLayoutDir(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, "oci-layout"))
	return err == nil && fi.Mode().IsRegular()
}

// openDir opens a root filesystem directory.
func openDir(dir string) (*Target, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("source: %s: not a directory", dir)
	}
	return &Target{Kind: Dir, Name: dir, Dir: dir}, nil
}

// platform is the platform Options asks for.
func (o *Options) platform() v1.Platform {
	var p v1.Platform
	if o.Platform != nil {
		p = *o.Platform
	}
	if p.OS == "" {
		p.OS = "linux"
	}
	if p.Architecture == "" {
		p.Architecture = runtime.GOARCH
	}
	return p
}

// displayName is path, followed by ":ref" when a ref was given.
func displayName(path, ref string) string {
	if ref == "" {
		return path
	}
	return path + ":" + ref
}

// ParsePlatform parses "os/arch[/variant][:osversion]" (as docker's
// --platform flag writes it) into a Platform for Options, so that a
// caller needs no import of go-containerregistry.
func ParsePlatform(s string) (*v1.Platform, error) {
	p, err := v1.ParsePlatform(s)
	if err != nil {
		return nil, fmt.Errorf("source: platform %q: %w", s, err)
	}
	if p.OS == "" || p.Architecture == "" {
		return nil, fmt.Errorf("source: platform %q: want OS/ARCH[/VARIANT]", s)
	}
	return p, nil
}
