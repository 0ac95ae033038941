package source

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// maxMetadata bounds each JSON document read (index.json, manifest.json,
// manifests, configs): real ones are kilobytes.
const maxMetadata = 8 << 20

// maxDepth bounds how many indexes deep a layout entry may nest.
const maxDepth = 8

// Annotations that name an image in an OCI layout's index.json.
const (
	refNameAnnotation    = "org.opencontainers.image.ref.name"
	containerdAnnotation = "io.containerd.image.name"
)

// files is a read-only tree of files named by clean slash paths relative
// to its root: an OCI layout directory or an indexed tar.
type files interface {
	// open returns the content of the regular file name and its size; a
	// missing file wraps fs.ErrNotExist.
	open(name string) (io.ReadCloser, int64, error)
	// stat returns the size of the regular file name.
	stat(name string) (int64, error)
}

// dirFiles is a directory, read through os.Root so that no symbolic link
// leads outside it.
type dirFiles struct{ root *os.Root }

func (d dirFiles) open(name string) (io.ReadCloser, int64, error) {
	// Stat first: opening a FIFO would block.
	if _, err := d.stat(name); err != nil {
		return nil, 0, err
	}
	f, err := d.root.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, 0, fmt.Errorf("%s: not a regular file", name)
	}
	return f, fi.Size(), nil
}

func (d dirFiles) stat(name string) (int64, error) {
	fi, err := d.root.Stat(filepath.FromSlash(name))
	if err != nil {
		return 0, err
	}
	if !fi.Mode().IsRegular() {
		return 0, fmt.Errorf("%s: not a regular file", name)
	}
	return fi.Size(), nil
}

// readMetadata reads the file name whole, refusing one over maxMetadata.
func readMetadata(f files, name string) ([]byte, error) {
	rc, size, err := f.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	if size > maxMetadata {
		return nil, fmt.Errorf("%s: %d bytes, more than the %d read for metadata", name, size, maxMetadata)
	}
	b, err := io.ReadAll(io.LimitReader(rc, maxMetadata+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(b) > maxMetadata {
		return nil, fmt.Errorf("%s: more than the %d bytes read for metadata", name, maxMetadata)
	}
	return b, nil
}

func blobPath(h v1.Hash) string { return "blobs/" + h.Algorithm + "/" + h.Hex }

// readBlob reads the metadata blob desc points at and checks its size and
// digest.
func readBlob(f files, desc v1.Descriptor) ([]byte, error) {
	if desc.Size > maxMetadata {
		return nil, fmt.Errorf("%s: %d bytes, more than the %d read for metadata", desc.Digest, desc.Size, maxMetadata)
	}
	b, err := readMetadata(f, blobPath(desc.Digest))
	if err != nil {
		return nil, err
	}
	h, _, err := v1.SHA256(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	if h != desc.Digest || int64(len(b)) != desc.Size {
		return nil, fmt.Errorf("%s: content is %s, %d bytes; the descriptor says %s, %d bytes", blobPath(desc.Digest), h, len(b), desc.Digest, desc.Size)
	}
	return b, nil
}

// openLayoutDir opens an OCI image layout directory.
func openLayoutDir(ctx context.Context, dir, ref string, opts *Options) (*Target, error) {
	display := displayName(dir, ref)
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("source: %s: %w", display, err)
	}
	img, digest, err := openLayout(ctx, dirFiles{root}, ref, opts.platform())
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("source: %s: oci-layout: %w", display, err)
	}
	return &Target{Kind: OCILayout, Name: display, Image: img, Digest: digest, closer: root}, nil
}

// openLayout finds the image ref names (or the only one) in the layout f
// and returns it with its manifest digest.
func openLayout(ctx context.Context, f files, ref string, platform v1.Platform) (v1.Image, string, error) {
	b, err := readMetadata(f, "index.json")
	if err != nil {
		return nil, "", err
	}
	index, err := v1.ParseIndexManifest(bytes.NewReader(b))
	if err != nil {
		return nil, "", fmt.Errorf("index.json: %w", err)
	}
	cands := index.Manifests
	if ref != "" {
		cands = named(index.Manifests, refNameAnnotation, ref)
		if len(cands) == 0 {
			cands = named(index.Manifests, containerdAnnotation, ref)
		}
		if len(cands) == 0 {
			return nil, "", fmt.Errorf("no image named %q in index.json (names: %s)", ref, names(index.Manifests))
		}
	}
	var desc v1.Descriptor
	switch {
	case len(cands) == 0:
		return nil, "", errors.New("index.json lists no image")
	case len(cands) == 1:
		desc = cands[0]
	case ref == "" && (slices.ContainsFunc(cands, func(d v1.Descriptor) bool { return d.Annotations[refNameAnnotation] != "" }) ||
		!slices.ContainsFunc(cands, func(d v1.Descriptor) bool { return d.Platform != nil })):
		// Named images, or unnamed ones with no platform to choose by.
		return nil, "", fmt.Errorf("index.json lists %d images; name one with PATH:REF (names: %s)", len(cands), names(cands))
	default:
		desc, err = byPlatform(cands, platform)
		if err != nil {
			return nil, "", fmt.Errorf("index.json: %w", err)
		}
	}
	for depth := 0; ; depth++ {
		if err := ctx.Err(); err != nil {
			return nil, "", err
		}
		raw, err := readBlob(f, desc)
		if err != nil {
			return nil, "", err
		}
		mt := desc.MediaType
		if mt == "" {
			mt = sniffMediaType(raw)
		}
		switch {
		case mt.IsImage():
			img, err := newLayoutImage(f, mt, raw)
			if err != nil {
				return nil, "", fmt.Errorf("manifest %s: %w", desc.Digest, err)
			}
			return img, desc.Digest.String(), nil
		case mt.IsIndex():
			if depth >= maxDepth {
				return nil, "", fmt.Errorf("index %s: more than %d indexes deep", desc.Digest, maxDepth)
			}
			child, err := v1.ParseIndexManifest(bytes.NewReader(raw))
			if err != nil {
				return nil, "", fmt.Errorf("index %s: %w", desc.Digest, err)
			}
			next, err := byPlatform(child.Manifests, platform)
			if err != nil {
				return nil, "", fmt.Errorf("index %s: %w", desc.Digest, err)
			}
			desc = next
		default:
			return nil, "", fmt.Errorf("%s: media type %q is neither an image nor an index", desc.Digest, mt)
		}
	}
}

// named are the descriptors whose annotation key is value.
func named(descs []v1.Descriptor, key, value string) []v1.Descriptor {
	var out []v1.Descriptor
	for _, d := range descs {
		if d.Annotations[key] == value {
			out = append(out, d)
		}
	}
	return out
}

// names lists the descriptors' names for an error message.
func names(descs []v1.Descriptor) string {
	var out []string
	for _, d := range descs {
		n := d.Annotations[refNameAnnotation]
		if n == "" {
			n = d.Annotations[containerdAnnotation]
		}
		if n == "" {
			n = "(unnamed " + d.Digest.String() + ")"
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

// byPlatform is the first image descriptor whose platform (linux/amd64
// when it names none, as ggcr assumes) matches want: same OS and
// architecture, and every other field want sets.
func byPlatform(descs []v1.Descriptor, want v1.Platform) (v1.Descriptor, error) {
	var have []string
	for _, d := range descs {
		p := v1.Platform{OS: "linux", Architecture: "amd64"}
		if d.Platform != nil {
			p = *d.Platform
		}
		if p.OS == want.OS && p.Architecture == want.Architecture && p.Satisfies(want) {
			return d, nil
		}
		have = append(have, p.String())
	}
	return v1.Descriptor{}, fmt.Errorf("no image for platform %s (platforms: %s)", want.String(), strings.Join(have, ", "))
}

// sniffMediaType is the mediaType a manifest names itself, for index.json
// entries that omit it.
func sniffMediaType(raw []byte) types.MediaType {
	var m struct {
		MediaType types.MediaType `json:"mediaType"`
		Manifests json.RawMessage `json:"manifests"`
	}
	if json.Unmarshal(raw, &m) != nil {
		return ""
	}
	switch {
	case m.MediaType != "":
		return m.MediaType
	case m.Manifests != nil:
		return types.OCIImageIndex
	default:
		return types.OCIManifestSchema1
	}
}

// layoutImage is an image in an OCI layout: ggcr's partial package builds
// the rest of v1.Image from it.
type layoutImage struct {
	f         files
	mediaType types.MediaType
	raw       []byte
	manifest  *v1.Manifest
	config    []byte
}

var _ partial.CompressedImageCore = (*layoutImage)(nil)

// newLayoutImage checks what is cheap to check: the config (read whole,
// digest verified) and that each layer blob exists with its size.
// Layers with URLs (foreign layers) may be absent.
func newLayoutImage(f files, mt types.MediaType, raw []byte) (v1.Image, error) {
	m, err := v1.ParseManifest(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	config, err := readBlob(f, m.Config)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	for _, l := range m.Layers {
		size, err := f.stat(blobPath(l.Digest))
		if err != nil {
			if len(l.URLs) > 0 && errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, fmt.Errorf("layer: %w", err)
		}
		if size != l.Size {
			return nil, fmt.Errorf("layer %s: %d bytes; the manifest says %d", l.Digest, size, l.Size)
		}
	}
	return partial.CompressedToImage(&layoutImage{f: f, mediaType: mt, raw: raw, manifest: m, config: config})
}

// MediaType implements partial.CompressedImageCore.
func (i *layoutImage) MediaType() (types.MediaType, error) { return i.mediaType, nil }

// RawManifest implements partial.CompressedImageCore.
func (i *layoutImage) RawManifest() ([]byte, error) { return i.raw, nil }

// RawConfigFile implements partial.CompressedImageCore.
func (i *layoutImage) RawConfigFile() ([]byte, error) { return i.config, nil }

// LayerByDigest implements partial.CompressedImageCore: a layer, or the
// config blob.
func (i *layoutImage) LayerByDigest(h v1.Hash) (partial.CompressedLayer, error) {
	if h == i.manifest.Config.Digest {
		return &layoutBlob{f: i.f, desc: i.manifest.Config}, nil
	}
	for _, l := range i.manifest.Layers {
		if l.Digest == h {
			return &layoutBlob{f: i.f, desc: l}, nil
		}
	}
	return nil, fmt.Errorf("source: no layer %s in the image", h)
}

// layoutBlob is one blob of a layout, read when asked for.
type layoutBlob struct {
	f    files
	desc v1.Descriptor
}

var _ partial.CompressedLayer = (*layoutBlob)(nil)

// Digest implements partial.CompressedLayer.
func (b *layoutBlob) Digest() (v1.Hash, error) { return b.desc.Digest, nil }

// Size implements partial.CompressedLayer.
func (b *layoutBlob) Size() (int64, error) { return b.desc.Size, nil }

// MediaType implements partial.CompressedLayer.
func (b *layoutBlob) MediaType() (types.MediaType, error) { return b.desc.MediaType, nil }

// Descriptor returns the manifest's descriptor, URLs and annotations kept.
func (b *layoutBlob) Descriptor() (*v1.Descriptor, error) { return &b.desc, nil }

// Compressed implements partial.CompressedLayer.
func (b *layoutBlob) Compressed() (io.ReadCloser, error) {
	rc, _, err := b.f.open(blobPath(b.desc.Digest))
	if err != nil {
		return nil, fmt.Errorf("source: layer %s: %w", b.desc.Digest, err)
	}
	return rc, nil
}
