package dbimage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/klauspost/compress/zstd"

	"github.com/loadline/loadline/advisory/boltstore"
)

// emptyConfig is the OCI empty descriptor's blob, an artifact's config.
var emptyConfig = []byte("{}")

// Push uploads the database at dbPath to the registry as the artifact
// ref names (a tag, or a digest, which must then be the manifest's), and
// returns it. It first opens the database with boltstore.Open, and
// refuses a file that does not open (of another format version: an error
// wrapping boltstore.ErrVersion). It compresses the file, streaming, to a
// temporary file in os.TempDir (about an eighth of the database's size;
// removed when Push returns), then uploads the config, the layer (unless
// the registry has it) and the manifest. The database must not be
// rewritten in place while Push runs (boltstore.Write replaces it by a
// rename, which is safe).
func Push(ctx context.Context, ref, dbPath string, opts *Options) (Result, error) {
	o := options(opts)
	r, err := o.parse(ref)
	if err != nil {
		return Result{}, fmt.Errorf("dbimage: push %s: %w", ref, err)
	}
	res, err := push(ctx, r, dbPath, &o)
	if err != nil {
		return Result{}, fmt.Errorf("dbimage: push %s to %s: %w", dbPath, ref, err)
	}
	return res, nil
}

func push(ctx context.Context, r name.Reference, dbPath string, o *Options) (Result, error) {
	f, err := os.Open(dbPath)
	if err != nil {
		return Result{}, err
	}
	defer f.Close()
	st, err := status(ctx, dbPath)
	if err != nil {
		return Result{}, err
	}
	// The file read must be the one opened: a rename between the two
	// would push a database the annotations do not describe.
	fi, err := f.Stat()
	if err != nil {
		return Result{}, err
	}
	if now, err := os.Stat(dbPath); err != nil || !os.SameFile(fi, now) {
		return Result{}, errors.New("the database was replaced while it was read; push again")
	}
	tmp, err := os.CreateTemp("", "loadline-push-*.zst")
	if err != nil {
		return Result{}, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	layer, err := compress(ctx, tmp, f, fi.Size(), o.Progress)
	if err != nil {
		return Result{}, err
	}
	if err := tmp.Close(); err != nil {
		return Result{}, err
	}
	layer.path = tmp.Name()
	l, err := partial.CompressedToLayer(layer)
	if err != nil {
		return Result{}, err
	}
	ro := o.remote(ctx)
	if err := remote.WriteLayer(r.Context(), static.NewLayer(emptyConfig, types.OCIEmptyJSON), ro...); err != nil {
		return Result{}, fmt.Errorf("config: %w", err)
	}
	if err := upload(r.Context(), l, layer.size, o.Progress, ro); err != nil {
		return Result{}, fmt.Errorf("layer: %w", err)
	}
	raw, err := json.Marshal(manifest(st, fi.Size(), layer))
	if err != nil {
		return Result{}, err
	}
	sum := sha256.Sum256(raw)
	digest := "sha256:" + hex.EncodeToString(sum[:])
	if d, ok := r.(name.Digest); ok && d.DigestStr() != digest {
		return Result{}, fmt.Errorf("the manifest's digest is %s, not the reference's", digest)
	}
	if err := remote.Put(r, rawManifest(raw), ro...); err != nil {
		return Result{}, fmt.Errorf("manifest: %w", err)
	}
	return Result{Ref: r.Context().Digest(digest).String(), Digest: digest, Status: st, Size: layer.size}, nil
}

// compress writes src (of size bytes) compressed to dst and returns the
// blob's digest and size.
func compress(ctx context.Context, dst io.Writer, src io.Reader, size int64, progress func(Event)) (*fileLayer, error) {
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(dst, h)}
	zw, err := zstd.NewWriter(cw, zstd.WithEncoderLevel(zstd.SpeedBetterCompression))
	if err != nil {
		return nil, err
	}
	m := &meter{fn: progress, stage: Compressing, total: size}
	if _, err := io.Copy(zw, &reader{ctx: ctx, r: src, m: m}); err != nil {
		zw.Close()
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if m.done != size {
		return nil, fmt.Errorf("read %d bytes of the database, which has %d: was it rewritten in place?", m.done, size)
	}
	m.finish()
	return &fileLayer{digest: v1.Hash{Algorithm: "sha256", Hex: hex.EncodeToString(h.Sum(nil))}, size: cw.n}, nil
}

// upload uploads the layer l of size bytes, reporting its progress.
func upload(repo name.Repository, l v1.Layer, size int64, progress func(Event), ro []remote.Option) error {
	if progress == nil {
		return remote.WriteLayer(repo, l, ro...)
	}
	// go-containerregistry reports on a channel, which it closes when
	// the upload ends.
	updates := make(chan v1.Update, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		m := &meter{fn: progress, stage: Uploading, total: size}
		for u := range updates {
			if u.Error == nil {
				m.add(int(u.Complete - m.done))
			}
		}
		m.finish()
	}()
	err := remote.WriteLayer(repo, l, append(ro, remote.WithProgress(updates))...)
	<-done
	return err
}

// manifest returns the artifact's manifest for a database of status st
// and size bytes, compressed as layer.
func manifest(st boltstore.Status, size int64, layer *fileLayer) *v1.Manifest {
	built := st.Built.UTC()
	return &v1.Manifest{
		SchemaVersion: 2,
		MediaType:     types.OCIManifestSchema1,
		ArtifactType:  ArtifactType,
		Config: v1.Descriptor{
			MediaType: types.OCIEmptyJSON,
			Digest:    v1.Hash{Algorithm: "sha256", Hex: "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},
			Size:      int64(len(emptyConfig)),
			Data:      emptyConfig,
		},
		Layers: []v1.Descriptor{{
			MediaType:   LayerMediaType,
			Digest:      layer.digest,
			Size:        layer.size,
			Annotations: map[string]string{annotationTitle: layerTitle},
		}},
		Annotations: map[string]string{
			annotationCreate: built.Format(time.RFC3339),
			annotationFormat: format,
			annotationBuilt:  built.Format(time.RFC3339Nano),
			annotationCount:  strconv.Itoa(st.Records),
			annotationSize:   strconv.FormatInt(size, 10),
			annotationFeeds:  feedNames(st),
		},
	}
}

// fileLayer is a compressed layer in a file.
type fileLayer struct {
	path   string
	digest v1.Hash
	size   int64
}

func (l *fileLayer) Digest() (v1.Hash, error)            { return l.digest, nil }
func (l *fileLayer) Size() (int64, error)                { return l.size, nil }
func (l *fileLayer) MediaType() (types.MediaType, error) { return LayerMediaType, nil }
func (l *fileLayer) Compressed() (io.ReadCloser, error)  { return os.Open(l.path) }

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// rawManifest is a manifest to Put, of the OCI media type.
type rawManifest []byte

func (m rawManifest) RawManifest() ([]byte, error)        { return m, nil }
func (m rawManifest) MediaType() (types.MediaType, error) { return types.OCIManifestSchema1, nil }
