package source

import (
	"archive/tar"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// openArchive opens a tar file as kind, or, when kind is "", as whichever
// of docker-archive and oci-archive its entries show it to be.
func openArchive(ctx context.Context, kind Kind, path, ref string, opts *Options) (*Target, error) {
	display := displayName(path, ref)
	// Stat first: opening a FIFO would block.
	if fi, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("source: %w", err)
	} else if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("source: %s: not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	keep := false
	defer func() {
		if !keep {
			f.Close()
		}
	}()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	what := map[Kind]string{"": "a docker-archive or oci-archive", DockerArchive: "a docker-archive", OCIArchive: "an oci-archive"}[kind]
	tf, err := indexTarFile(ctx, f, fi.Size())
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, fmt.Errorf("source: %s: %w", display, ctxErr)
	}
	if err != nil {
		return nil, fmt.Errorf("source: %s: not %s: %w", display, what, err)
	}
	if kind == "" {
		switch {
		case tf.idx.has("manifest.json"):
			kind = DockerArchive
		case tf.idx.has("oci-layout") || tf.idx.has("index.json"):
			kind = OCIArchive
		default:
			return nil, fmt.Errorf("source: %s: not %s: no manifest.json, oci-layout or index.json in the tar", display, what)
		}
	}
	if kind == DockerArchive {
		img, err := openDockerArchive(tf, ref)
		if err != nil {
			return nil, fmt.Errorf("source: %s: docker-archive: %w", display, err)
		}
		keep = true
		return &Target{Kind: DockerArchive, Name: display, Image: img, closer: f}, nil
	}
	img, digest, err := openLayout(ctx, tf, ref, opts.platform())
	if err != nil {
		return nil, fmt.Errorf("source: %s: oci-archive: %w", display, err)
	}
	keep = true
	return &Target{Kind: OCIArchive, Name: display, Image: img, Digest: digest, closer: f}, nil
}

// dockerImage is one entry of a docker save manifest.json.
type dockerImage struct {
	Config   string
	RepoTags []string
	Layers   []string
}

// openDockerArchive picks the image ref names (or the only one) from the
// docker save tarball tf, and opens it with ggcr's tarball package, which
// reads the tar from its start for each file it needs (seeking over the
// entries before it, or decompressing them for a gzip-compressed tar).
func openDockerArchive(tf *tarFile, ref string) (v1.Image, error) {
	// tarball reads manifest.json and the config whole, and follows
	// links its own way: both must be plain entries, bounded here.
	if e, ok := tf.idx.entries["manifest.json"]; !ok {
		return nil, fmt.Errorf("manifest.json: %w", fs.ErrNotExist)
	} else if e.typ != tar.TypeReg {
		return nil, errors.New("manifest.json is not a regular file")
	}
	b, err := readMetadata(tf, "manifest.json")
	if err != nil {
		return nil, err
	}
	var m []dockerImage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("manifest.json: %w", err)
	}
	var tag *name.Tag
	var img dockerImage
	switch {
	case len(m) == 0:
		return nil, errors.New("manifest.json lists no image")
	case ref != "":
		t, err := name.NewTag(ref)
		if err != nil {
			return nil, fmt.Errorf("%q is not a tag: %w", ref, err)
		}
		i, ok := findTag(m, t)
		if !ok {
			return nil, fmt.Errorf("no image tagged %s (tags: %s)", t.Name(), tags(m))
		}
		tag, img = &t, m[i]
	case len(m) > 1:
		return nil, fmt.Errorf("manifest.json lists %d images; name one with PATH:REF (tags: %s)", len(m), tags(m))
	default:
		img = m[0]
	}
	cfg, err := cleanName(img.Config)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	e, ok := tf.idx.entries[cfg]
	switch {
	case !ok:
		return nil, fmt.Errorf("config %s: %w", img.Config, fs.ErrNotExist)
	case e.typ != tar.TypeReg:
		return nil, fmt.Errorf("config %s: not a regular file", img.Config)
	case e.size > maxMetadata:
		return nil, fmt.Errorf("config %s: %d bytes, more than the %d read for metadata", img.Config, e.size, maxMetadata)
	}
	for _, l := range img.Layers {
		n, err := cleanName(l)
		if err == nil {
			_, err = tf.stat(n)
		}
		if err != nil {
			return nil, fmt.Errorf("layer: %w", err)
		}
	}
	if len(m) == 1 {
		tag = nil // tarball then skips parsing the tags again
	}
	return tarball.Image(tf.opener, tag)
}

// findTag is the index of the image tagged t.
func findTag(m []dockerImage, t name.Tag) (int, bool) {
	for i, img := range m {
		for _, s := range img.RepoTags {
			if rt, err := name.NewTag(s); err == nil && rt.Name() == t.Name() {
				return i, true
			}
		}
	}
	return 0, false
}

// tags lists the images' tags for an error message.
func tags(m []dockerImage) string {
	var out []string
	for _, img := range m {
		if len(img.RepoTags) == 0 {
			out = append(out, "(untagged "+img.Config+")")
		}
		out = append(out, img.RepoTags...)
	}
	return strings.Join(out, ", ")
}
