package scan

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/loadline/loadline/internal/layerfs"
	"github.com/loadline/loadline/sbom"
)

// DigestError reports a layer whose content does not match its digest.
type DigestError struct {
	Want string // the digest the image names
	Got  string // the digest of what was read
}

func (e *DigestError) Error() string {
	return fmt.Sprintf("content digest %s does not match %s", e.Got, e.Want)
}

// readLayer streams one layer through layerfs.Read, checking its digest.
//
// A layer stored compressed (go-containerregistry's compressed layers:
// registry, OCI layout, compressed docker archive) is read as its blob,
// checked against its digest and decompressed here with
// klauspost/compress, about twice as fast as the standard library's
// gzip that go-containerregistry uses. Any other layer (an uncompressed
// docker archive, an embedder's own v1.Layer) is read through
// Uncompressed and checked against its diff ID, never compressed just
// to learn a blob digest: its Digest is then reported as its diff ID and
// its Size as its uncompressed size, which describe the blob it is stored
// as.
func readLayer(ctx context.Context, l v1.Layer, diffID v1.Hash, want func(string) bool, lim layerfs.Options) (*layerfs.Layer, sbom.Layer, error) {
	meta := sbom.Layer{DiffID: diffID.String()}
	if !storedCompressed(l) {
		rc, err := l.Uncompressed()
		if err != nil {
			return nil, meta, err
		}
		defer rc.Close()
		h := sha256.New()
		lay, err := layerfs.Read(ctx, io.TeeReader(rc, h), want, lim)
		if err != nil {
			return nil, meta, err
		}
		if err := check(h, diffID); err != nil {
			return nil, meta, err
		}
		meta.Digest, meta.Size = meta.DiffID, lay.Bytes
		return lay, meta, nil
	}

	digest, err := l.Digest()
	if err != nil {
		return nil, meta, err
	}
	if meta.Size, err = l.Size(); err != nil {
		return nil, meta, err
	}
	meta.Digest = digest.String()
	rc, err := l.Compressed()
	if err != nil {
		return nil, meta, err
	}
	defer rc.Close()
	h := sha256.New()
	br := bufio.NewReaderSize(io.TeeReader(rc, h), 256<<10)
	r, closer, err := decompress(br)
	if err != nil {
		return nil, meta, err
	}
	defer closer()
	lay, err := layerfs.Read(ctx, r, want, lim)
	if err != nil {
		return nil, meta, err
	}
	if _, err := io.Copy(io.Discard, br); err != nil {
		return nil, meta, err
	}
	if err := check(h, digest); err != nil {
		return nil, meta, err
	}
	return lay, meta, nil
}

// storedCompressed reports whether l is one of go-containerregistry's
// layers built from a stored blob (partial.CompressedToLayer), whose
// Compressed returns the blob as stored. Other layers may compress on
// the fly to answer Compressed, Digest or Size.
func storedCompressed(l v1.Layer) bool {
	return fmt.Sprintf("%T", l) == "*partial.compressedLayerExtender"
}

var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// decompress returns the uncompressed stream of br, found by its magic
// number (a blob may also be an uncompressed tar), and a function that
// releases the decoder.
func decompress(br *bufio.Reader) (io.Reader, func(), error) {
	magic, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(magic, gzipMagic):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("gzip: %w", err)
		}
		return zr, func() { zr.Close() }, nil
	case bytes.HasPrefix(magic, zstdMagic):
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true), zstd.WithDecoderMaxWindow(64<<20))
		if err != nil {
			return nil, nil, fmt.Errorf("zstd: %w", err)
		}
		return zr, zr.Close, nil
	}
	return br, func() {}, nil
}

// check compares the sha256 in h with want.
func check(h hash.Hash, want v1.Hash) error {
	got := v1.Hash{Algorithm: "sha256", Hex: hex.EncodeToString(h.Sum(nil))}
	if want.Algorithm != "sha256" {
		return fmt.Errorf("digest %s: unsupported algorithm", want)
	}
	if got != want {
		return &DigestError{Want: want.String(), Got: got.String()}
	}
	return nil
}
