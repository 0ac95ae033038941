package dbimage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/loadline/loadline/advisory/boltstore"
)

// ArtifactType is a database artifact's type: its manifest's
// artifactType.
const ArtifactType = "application/vnd.loadline.advisory-db.v1"

// LayerMediaType is the media type of a database artifact's one layer:
// a boltstore file compressed with zstd.
const LayerMediaType = "application/vnd.loadline.advisory-db.layer.v1.bolt+zstd"

// format is the boltstore format version this package pushes and
// accepts: a file that boltstore.Open opens is of this version.
const format = boltstore.Format

// The annotations of a database artifact's manifest (see the package
// documentation), and its layer's title.
const (
	annotationPrefix = "io.github.loadline.advisory-db."
	annotationFormat = annotationPrefix + "format"
	annotationBuilt  = annotationPrefix + "built"
	annotationCount  = annotationPrefix + "records"
	annotationSize   = annotationPrefix + "size"
	annotationFeeds  = annotationPrefix + "feeds"
	annotationCreate = "org.opencontainers.image.created"
	annotationTitle  = "org.opencontainers.image.title"
	layerTitle       = "advisories.db"
)

// ErrArtifactType is returned (wrapped in an error naming the reference
// and the type found) by Pull when the reference names something other
// than a database artifact: an image, an index, another artifact.
var ErrArtifactType = errors.New("dbimage: not an advisory database artifact")

// ErrReference is returned (wrapped in an error naming the reference)
// by Push and Pull when their ref is not a registry reference to a tag or
// digest.
var ErrReference = errors.New("dbimage: not a registry reference")

// Options configure Push and Pull. The zero value (or nil) works: the
// credentials of authn.DefaultKeychain, HTTPS (plain HTTP only where
// go-containerregistry allows it: localhost, loopback and private
// addresses), no progress. Push and Pull never change the Options.
type Options struct {
	// Keychain finds registry credentials. Nil means authn.DefaultKeychain:
	// the Docker config file ($DOCKER_CONFIG/config.json, ~/.docker) and
	// the credential helpers it names. Without credentials the requests
	// are anonymous.
	Keychain authn.Keychain
	// Insecure allows plain HTTP for any registry: HTTPS is tried first
	// (certificates are still checked), then HTTP.
	Insecure bool
	// Progress, if not nil, is called with the bytes done of each
	// stage: at most every 100ms, and always once when a stage is done.
	// It is called from the goroutine of Push or Pull, except while
	// uploading, when it is called from one other goroutine; never
	// concurrently.
	Progress func(Event)
}

// Stage is what a Progress Event counts.
type Stage int

const (
	// Compressing counts the database's bytes read, while Push
	// compresses it to a temporary file.
	Compressing Stage = iota
	// Uploading counts the compressed bytes sent to the registry.
	Uploading
	// Downloading counts the compressed bytes received from the
	// registry.
	Downloading
)

// String returns "compressing", "uploading" or "downloading".
func (s Stage) String() string {
	switch s {
	case Compressing:
		return "compressing"
	case Uploading:
		return "uploading"
	case Downloading:
		return "downloading"
	}
	return fmt.Sprintf("Stage(%d)", int(s))
}

// Event is one report of progress: Done of Total bytes of a Stage.
type Event struct {
	Stage       Stage
	Done, Total int64
}

// Result is what Push pushed or Pull pulled.
type Result struct {
	// Ref is the artifact's reference by digest, fully qualified
	// ("registry.example/team/db@sha256:...").
	Ref string
	// Digest is the artifact's manifest digest ("sha256:...").
	Digest string
	// NotModified, from Pull, says that the database in place already
	// was the artifact's: nothing was downloaded or written.
	NotModified bool
	// Status is the status of the database pushed, or now in place
	// after Pull (its Path is the path given).
	Status boltstore.Status
	// Size is the compressed layer's size in bytes.
	Size int64
}

// options returns the Options opts points to, or the zero value.
func options(opts *Options) Options {
	if opts == nil {
		return Options{}
	}
	return *opts
}

// parse parses a reference to a tag or digest.
func (o *Options) parse(ref string) (name.Reference, error) {
	var no []name.Option
	if o.Insecure {
		no = append(no, name.Insecure)
	}
	r, err := name.ParseReference(ref, no...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrReference, err)
	}
	return r, nil
}

// remote returns the go-containerregistry options of o, with ctx.
func (o *Options) remote(ctx context.Context) []remote.Option {
	keychain := o.Keychain
	if keychain == nil {
		keychain = authn.DefaultKeychain
	}
	return []remote.Option{remote.WithContext(ctx), remote.WithAuthFromKeychain(keychain)}
}

// progressInterval is the least time between two Progress calls of a
// stage.
const progressInterval = 100 * time.Millisecond

// meter counts the bytes of a stage and reports them to fn (which may be
// nil), throttled to progressInterval.
type meter struct {
	fn    func(Event)
	stage Stage
	done  int64
	total int64
	last  time.Time
}

func (m *meter) add(n int) {
	m.done += int64(n)
	if m.fn == nil {
		return
	}
	if now := time.Now(); now.Sub(m.last) >= progressInterval {
		m.last = now
		m.fn(Event{Stage: m.stage, Done: m.done, Total: m.total})
	}
}

// finish reports the stage's last count.
func (m *meter) finish() {
	if m.fn != nil {
		m.fn(Event{Stage: m.stage, Done: m.done, Total: m.total})
	}
}

// reader counts what it reads through m, and stops with ctx's error
// once ctx is done.
type reader struct {
	ctx context.Context
	r   io.Reader
	m   *meter
}

func (r *reader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := r.r.Read(p)
	r.m.add(n)
	return n, err
}

// status opens the database at path and returns its status.
func status(ctx context.Context, path string) (boltstore.Status, error) {
	s, err := boltstore.Open(ctx, path, nil)
	if err != nil {
		return boltstore.Status{}, err
	}
	defer s.Close()
	return s.Status(ctx)
}

// feedNames lists the status's feeds' names, comma-separated, in name
// order (as Status lists them).
func feedNames(st boltstore.Status) string {
	names := make([]string, len(st.Feeds))
	for i, f := range st.Feeds {
		names[i] = f.Name
	}
	return strings.Join(names, ",")
}

// syncDir syncs a directory, for a rename in it to last.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
