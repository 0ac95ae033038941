package source

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// FuzzIndexTar indexes arbitrary bytes as a (possibly gzip-compressed)
// tar. It must never panic, and every regular entry it serves must hold
// exactly what archive/tar reads for the first entry of that name. The
// layout reader then runs over the index, and must not panic either.
func FuzzIndexTar(f *testing.F) {
	for _, b := range seeds(f) {
		f.Add(b)
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(b)
		zw.Close()
		f.Add(gz.Bytes())
	}
	f.Add([]byte{})
	f.Add([]byte{0x1f, 0x8b})
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		tf, err := indexTarFile(ctx, bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		if !tf.gz {
			want := firstContents(data)
			for name, e := range tf.idx.entries {
				if e.typ != tar.TypeReg || e.sparse {
					continue
				}
				rc, size, err := tf.open(name)
				if err != nil {
					t.Fatalf("open %q: %v", name, err)
				}
				b, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					t.Fatalf("read %q: %v", name, err)
				}
				if int64(len(b)) != size {
					t.Fatalf("%q: read %d bytes, size %d", name, len(b), size)
				}
				if w, ok := want[name]; ok && !bytes.Equal(w, b) {
					t.Fatalf("%q: in place %q, archive/tar %q", name, b, w)
				}
			}
		}
		for name := range tf.idx.entries {
			if _, err := tf.idx.lookup(name); err != nil && strings.Contains(err.Error(), "panic") {
				t.Fatal(err)
			}
		}
		img, _, err := openLayout(ctx, tf, "", amd64)
		if err == nil {
			touch(img)
		}
		if img, err := openDockerArchive(tf, ""); err == nil {
			touch(img)
		}
	})
}

// touch reads an opened image's metadata and layer digests.
func touch(img v1.Image) {
	img.ConfigFile()
	img.Manifest()
	layers, err := img.Layers()
	if err != nil {
		return
	}
	for _, l := range layers {
		l.Digest()
		l.DiffID()
	}
}

// firstContents is what archive/tar reads for the first regular entry of
// each clean name, up to the first error.
func firstContents(data []byte) map[string][]byte {
	out := map[string][]byte{}
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		hdr, err := tr.Next()
		if err != nil {
			return out
		}
		name, err := cleanName(hdr.Name)
		if err != nil {
			return out
		}
		if _, seen := out[name]; seen || hdr.Typeflag != tar.TypeReg || isSparse(hdr) {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return out
		}
		out[name] = b
	}
}

// FuzzParse splits arbitrary targets into kind, path and REF, and names
// arbitrary references. It must never panic, and the pieces must put
// back together into the target.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"registry:example.com/app:1", "docker://alpine", "docker-archive:app.tar:alpine:3.19",
		"oci-layout:dir:v1", "oci:dir", "oci-archive:x.tar.gz:latest", "dir:/", "localhost:5000/a/b@sha256:" + strings.Repeat("0", 64),
		"app:1@sha256:" + strings.Repeat("a", 64), "docker-daemon:x", "", ":", "registry:",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		s, err := parse(target)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "source: ") {
				t.Fatalf("error %q lacks the prefix", err)
			}
			return
		}
		if s.rest == "" {
			t.Fatalf("parse(%q) gave an empty rest", target)
		}
		if s.kind == "" && s.rest != target {
			t.Fatalf("parse(%q) changed a bare target to %q", target, s.rest)
		}
		if s.kind != "" && !strings.HasSuffix(target, s.rest) {
			t.Fatalf("parse(%q) = %q, not a suffix", target, s.rest)
		}
		path, ref := splitRef(s.rest, func(string) bool { return false })
		joined := path
		if ref != "" || strings.Contains(s.rest, ":") {
			joined += ":" + ref
		}
		if joined != s.rest {
			t.Fatalf("splitRef(%q) = %q, %q", s.rest, path, ref)
		}
		if r, err := name.ParseReference(s.rest); err == nil {
			n := referenceName(s.rest, r)
			d, isDigest := r.(name.Digest)
			switch {
			case isDigest && !strings.HasSuffix(n, "@"+d.DigestStr()):
				t.Fatalf("referenceName(%q) = %q, lost the digest", s.rest, n)
			case !isDigest && n != r.Name():
				t.Fatalf("referenceName(%q) = %q, want %q", s.rest, n, r.Name())
			}
		}
	})
}
