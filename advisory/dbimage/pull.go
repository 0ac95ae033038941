package dbimage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/klauspost/compress/zstd"

	"github.com/loadline/loadline/advisory/boltstore"
)

// maxWindow bounds the zstd window Pull accepts, and so the memory a
// hostile blob can make it take: Push's encoder uses 8 MiB.
const maxWindow = 64 << 20

// Pull downloads the database artifact ref names (a tag or a digest)
// into dbPath, whose directory must exist, and returns it. It reads the
// manifest first: an artifact of another type is an error wrapping
// ErrArtifactType, one of another format version an error naming both
// versions and wrapping boltstore.ErrVersion, both before the layer is
// fetched. When the database at dbPath already is the artifact's (it
// opens, and its build time, record count, feeds and size are the
// annotations'), Pull downloads nothing and reports NotModified.
// Otherwise it decompresses the layer, streaming, into a temporary file
// in dbPath's directory, checks the layer's digest and size, the file's
// size, that it opens with boltstore.Open and that its status is the
// annotations', and renames it over dbPath. On any error the database at
// dbPath is left as it was and the temporary file is removed. A process
// that has the old database open keeps reading it until it closes it.
func Pull(ctx context.Context, ref, dbPath string, opts *Options) (Result, error) {
	o := options(opts)
	r, err := o.parse(ref)
	if err != nil {
		return Result{}, fmt.Errorf("dbimage: pull %s: %w", ref, err)
	}
	res, err := pull(ctx, r, dbPath, &o)
	if err != nil {
		return Result{}, fmt.Errorf("dbimage: pull %s into %s: %w", ref, dbPath, err)
	}
	return res, nil
}

func pull(ctx context.Context, r name.Reference, dbPath string, o *Options) (Result, error) {
	ro := o.remote(ctx)
	desc, err := remote.Get(r, ro...)
	if err != nil {
		return Result{}, err
	}
	a, err := parseManifest(desc.MediaType, desc.Manifest)
	if err != nil {
		return Result{}, err
	}
	res := Result{Ref: r.Context().Digest(desc.Digest.String()).String(), Digest: desc.Digest.String(), Size: a.layer.Size}
	if st, ok := a.current(ctx, dbPath); ok {
		res.NotModified, res.Status = true, st
		return res, nil
	}
	l, err := remote.Layer(r.Context().Digest(a.layer.Digest.String()), ro...)
	if err != nil {
		return Result{}, err
	}
	if res.Status, err = a.download(ctx, l, dbPath, o.Progress); err != nil {
		return Result{}, err
	}
	return res, nil
}

// artifact is what a database artifact's manifest says.
type artifact struct {
	layer   v1.Descriptor
	built   time.Time
	records int
	size    int64
	feeds   string
}

// parseManifest reads a manifest of media type mt, and checks that it is
// a database artifact of this package's format version.
func parseManifest(mt types.MediaType, raw []byte) (*artifact, error) {
	if mt != types.OCIManifestSchema1 {
		return nil, fmt.Errorf("%w: a manifest of media type %s", ErrArtifactType, mt)
	}
	m, err := v1.ParseManifest(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	// An artifact without artifactType names its type as its config's
	// media type (the form before OCI 1.1, as Trivy's database).
	at := m.ArtifactType
	if at == "" {
		at = string(m.Config.MediaType)
	}
	if at != ArtifactType {
		return nil, fmt.Errorf("%w: artifact type %q, want %q", ErrArtifactType, at, ArtifactType)
	}
	ann := m.Annotations
	if f := ann[annotationFormat]; f != format {
		return nil, fmt.Errorf("%w: format %q, this loadline reads %q", boltstore.ErrVersion, f, format)
	}
	if len(m.Layers) != 1 || m.Layers[0].MediaType != LayerMediaType || m.Layers[0].Size <= 0 {
		return nil, fmt.Errorf("%w: want one layer of type %s", ErrArtifactType, LayerMediaType)
	}
	a := &artifact{layer: m.Layers[0], feeds: ann[annotationFeeds]}
	if a.layer.Digest.Algorithm != "sha256" {
		return nil, fmt.Errorf("layer digest %s: not sha256", a.layer.Digest)
	}
	if a.built, err = time.Parse(time.RFC3339Nano, ann[annotationBuilt]); err != nil {
		return nil, fmt.Errorf("annotation %s: %w", annotationBuilt, err)
	}
	if a.records, err = strconv.Atoi(ann[annotationCount]); err != nil || a.records < 0 {
		return nil, fmt.Errorf("annotation %s: %q is not a count", annotationCount, ann[annotationCount])
	}
	if a.size, err = strconv.ParseInt(ann[annotationSize], 10, 64); err != nil || a.size <= 0 {
		return nil, fmt.Errorf("annotation %s: %q is not a size", annotationSize, ann[annotationSize])
	}
	return a, nil
}

// matches reports whether a database of status st and size bytes is the
// artifact's.
func (a *artifact) matches(st boltstore.Status, size int64) bool {
	return st.Built.Equal(a.built) && st.Records == a.records && feedNames(st) == a.feeds && size == a.size
}

// current returns the status of the database at path, and whether it is
// the artifact's. A database that does not open is not.
func (a *artifact) current(ctx context.Context, path string) (boltstore.Status, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return boltstore.Status{}, false
	}
	st, err := status(ctx, path)
	if err != nil || !a.matches(st, fi.Size()) {
		return boltstore.Status{}, false
	}
	return st, true
}

// download writes the artifact's layer l, decompressed, over the
// database at path, and returns its status.
func (a *artifact) download(ctx context.Context, l v1.Layer, path string, progress func(Event)) (_ boltstore.Status, err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".pull*")
	if err != nil {
		return boltstore.Status{}, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	rc, err := l.Compressed()
	if err != nil {
		return boltstore.Status{}, err
	}
	defer rc.Close()
	m := &meter{fn: progress, stage: Downloading, total: a.layer.Size}
	h := sha256.New()
	// One byte past the size shows a blob too long.
	blob := &reader{ctx: ctx, r: io.TeeReader(io.LimitReader(rc, a.layer.Size+1), h), m: m}
	zr, err := zstd.NewReader(blob, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(maxWindow))
	if err != nil {
		return boltstore.Status{}, err
	}
	defer zr.Close()
	n, err := io.Copy(tmp, io.LimitReader(zr, a.size+1))
	if err != nil {
		return boltstore.Status{}, fmt.Errorf("layer %s: %w", a.layer.Digest, err)
	}
	// The rest of the blob, if any, after the zstd stream.
	if _, err := io.Copy(io.Discard, blob); err != nil {
		return boltstore.Status{}, fmt.Errorf("layer %s: %w", a.layer.Digest, err)
	}
	m.finish()
	if m.done != a.layer.Size {
		return boltstore.Status{}, fmt.Errorf("layer %s: %d bytes, the manifest says %d", a.layer.Digest, m.done, a.layer.Size)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != a.layer.Digest.Hex {
		return boltstore.Status{}, fmt.Errorf("layer %s: digest is sha256:%s", a.layer.Digest, got)
	}
	if n != a.size {
		return boltstore.Status{}, fmt.Errorf("layer %s: %d bytes decompressed, the annotations say %d", a.layer.Digest, n, a.size)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return boltstore.Status{}, err
	}
	if err := tmp.Sync(); err != nil {
		return boltstore.Status{}, err
	}
	if err := tmp.Close(); err != nil {
		return boltstore.Status{}, err
	}
	st, err := status(ctx, tmp.Name())
	if err != nil {
		return boltstore.Status{}, err
	}
	if !a.matches(st, n) {
		return boltstore.Status{}, errors.New("the database downloaded is not the one the annotations describe")
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return boltstore.Status{}, err
	}
	st.Path = path
	// The rename is done; a failure to sync the directory loses nothing
	// but durability across a power cut, and is still reported.
	return st, syncDir(filepath.Dir(path))
}
