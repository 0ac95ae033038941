package source

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
)

// fixture is a directory of every kind of source, written by ggcr.
type fixture struct {
	dir                       string
	imgA, imgB, imgC          v1.Image // amd64 images
	imgAmd, imgArm            v1.Image // the two platforms of index
	index                     v1.ImageIndex
	digestA, digestB, digestC string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	f := &fixture{
		dir:    dir,
		imgA:   testImage(t, 1, 2, amd64),
		imgB:   testImage(t, 2, 3, amd64),
		imgC:   testImage(t, 3, 1, amd64),
		imgAmd: testImage(t, 4, 2, amd64),
		imgArm: testImage(t, 5, 1, arm64),
	}
	f.index = testIndex(t, f.imgAmd, f.imgArm)
	f.digestA, f.digestB, f.digestC = digestOf(t, f.imgA), digestOf(t, f.imgB), digestOf(t, f.imgC)
	at := func(n string) string { return filepath.Join(dir, n) }

	writeDockerArchive(t, at("one.tar"), map[string]v1.Image{"example.com/app:1": f.imgA})
	writeDockerArchive(t, at("odd:name.tar"), map[string]v1.Image{"example.com/app:1": f.imgA})
	writeDockerArchive(t, at("multi.tar"), map[string]v1.Image{
		"example.com/app:1": f.imgA,
		"example.com/app:2": f.imgB,
		"alpine:3.19":       f.imgC,
	})
	gzipCopy(t, at("one.tar"), at("one.tar.gz"))

	p := writeLayout(t, at("layout"), []string{"a", "b"}, []v1.Image{f.imgA, f.imgB})
	if err := p.AppendIndex(f.index, layout.WithAnnotations(map[string]string{refNameAnnotation: "multi"})); err != nil {
		t.Fatal(err)
	}
	if _, err := layout.Write(at("single"), f.index); err != nil {
		t.Fatal(err)
	}
	one, err := layout.Write(at("one"), empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := one.AppendImage(f.imgC); err != nil {
		t.Fatal(err)
	}
	tarDir(t, at("layout"), at("layout.tar"), false)
	tarDir(t, at("layout"), at("layout.tar.gz"), true)
	if err := os.MkdirAll(at("rootfs/etc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(at("rootfs/etc/os-release"), []byte("ID=test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// got is the part of a Target a test compares whole.
type got struct {
	Kind   Kind
	Name   string
	Dir    string
	Digest string
}

func TestOpen(t *testing.T) {
	f := newFixture(t)
	t.Chdir(f.dir)
	digestAmd, digestArm := digestOf(t, f.imgAmd), digestOf(t, f.imgArm)
	tests := []struct {
		target   string
		platform *v1.Platform
		want     got
		img      v1.Image
	}{
		{target: "docker-archive:one.tar", want: got{Kind: DockerArchive, Name: "one.tar"}, img: f.imgA},
		{target: "one.tar", want: got{Kind: DockerArchive, Name: "one.tar"}, img: f.imgA},
		{target: "one.tar.gz", want: got{Kind: DockerArchive, Name: "one.tar.gz"}, img: f.imgA},
		{target: "docker-archive:odd:name.tar", want: got{Kind: DockerArchive, Name: "odd:name.tar"}, img: f.imgA},
		{target: "docker-archive:multi.tar:example.com/app:2", want: got{Kind: DockerArchive, Name: "multi.tar:example.com/app:2"}, img: f.imgB},
		{target: "docker-archive:multi.tar:alpine:3.19", want: got{Kind: DockerArchive, Name: "multi.tar:alpine:3.19"}, img: f.imgC},
		{target: "docker-archive:multi.tar:index.docker.io/library/alpine:3.19", want: got{Kind: DockerArchive, Name: "multi.tar:index.docker.io/library/alpine:3.19"}, img: f.imgC},
		{target: "multi.tar:example.com/app:1", want: got{Kind: DockerArchive, Name: "multi.tar:example.com/app:1"}, img: f.imgA},
		{target: "oci-layout:layout:b", want: got{Kind: OCILayout, Name: "layout:b", Digest: f.digestB}, img: f.imgB},
		{target: "oci:layout:a", want: got{Kind: OCILayout, Name: "layout:a", Digest: f.digestA}, img: f.imgA},
		{target: "layout:a", want: got{Kind: OCILayout, Name: "layout:a", Digest: f.digestA}, img: f.imgA},
		{target: "oci-layout:layout:multi", platform: &arm64, want: got{Kind: OCILayout, Name: "layout:multi", Digest: digestArm}, img: f.imgArm},
		{target: "oci-layout:layout:multi", platform: &amd64, want: got{Kind: OCILayout, Name: "layout:multi", Digest: digestAmd}, img: f.imgAmd},
		{target: "oci-layout:layout:multi", platform: &v1.Platform{OS: "linux", Architecture: "arm64"}, want: got{Kind: OCILayout, Name: "layout:multi", Digest: digestArm}, img: f.imgArm},
		{target: "one", want: got{Kind: OCILayout, Name: "one", Digest: f.digestC}, img: f.imgC},
		{target: "single", platform: &arm64, want: got{Kind: OCILayout, Name: "single", Digest: digestArm}, img: f.imgArm},
		{target: "oci-archive:layout.tar:b", want: got{Kind: OCIArchive, Name: "layout.tar:b", Digest: f.digestB}, img: f.imgB},
		{target: "layout.tar:a", want: got{Kind: OCIArchive, Name: "layout.tar:a", Digest: f.digestA}, img: f.imgA},
		{target: "layout.tar.gz:multi", platform: &arm64, want: got{Kind: OCIArchive, Name: "layout.tar.gz:multi", Digest: digestArm}, img: f.imgArm},
		{target: "oci-archive:layout.tar.gz:b", want: got{Kind: OCIArchive, Name: "layout.tar.gz:b", Digest: f.digestB}, img: f.imgB},
		{target: "dir:rootfs", want: got{Kind: Dir, Name: "rootfs", Dir: "rootfs"}},
		{target: "rootfs", want: got{Kind: Dir, Name: "rootfs", Dir: "rootfs"}},
		{target: "dir:" + filepath.Join(f.dir, "rootfs"), want: got{Kind: Dir, Name: filepath.Join(f.dir, "rootfs"), Dir: filepath.Join(f.dir, "rootfs")}},
	}
	for _, tt := range tests {
		name := tt.target
		if tt.platform != nil {
			name += "@" + tt.platform.String()
		}
		t.Run(name, func(t *testing.T) {
			tg, err := Open(context.Background(), tt.target, &Options{Platform: tt.platform})
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				if err := tg.Close(); err != nil {
					t.Error(err)
				}
			}()
			if diff := cmp.Diff(tt.want, got{tg.Kind, tg.Name, tg.Dir, tg.Digest}); diff != "" {
				t.Errorf("Open(%q) (-want +got):\n%s", tt.target, diff)
			}
			if tt.img == nil {
				if tg.Image != nil {
					t.Error("dir target has an image")
				}
				return
			}
			checkSame(t, tt.img, tg.Image)
			if tg.Digest != "" {
				if d := digestOf(t, tg.Image); d != tg.Digest {
					t.Errorf("Digest %s, image digest %s", tg.Digest, d)
				}
			}
		})
	}
}

// TestOpenDefaultPlatform checks that a nil Platform picks linux and the
// architecture Go runs on.
func TestOpenDefaultPlatform(t *testing.T) {
	f := newFixture(t)
	want := map[string]v1.Image{"amd64": f.imgAmd, "arm64": f.imgArm}[runtime.GOARCH]
	if want == nil {
		t.Skipf("no test image for %s", runtime.GOARCH)
	}
	for _, opts := range []*Options{nil, {Platform: &v1.Platform{}}} {
		tg, err := Open(context.Background(), "oci-layout:"+filepath.Join(f.dir, "layout")+":multi", opts)
		if err != nil {
			t.Fatal(err)
		}
		checkSame(t, want, tg.Image)
		tg.Close()
	}
}

func TestOpenErrors(t *testing.T) {
	f := newFixture(t)
	t.Chdir(f.dir)
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("text.txt", []byte("hello, not a tar at all, but long enough to be a header? no: it has no magic\n"))
	write("dotdot.tar", tarOf(t, &tar.Header{Name: "manifest.json", Typeflag: tar.TypeReg, Size: 2}, &tar.Header{Name: "../evil", Typeflag: tar.TypeReg, Size: 1}))
	write("abs.tar", tarOf(t, &tar.Header{Name: "/etc/passwd", Typeflag: tar.TypeReg, Size: 1}))
	write("nometa.tar", tarOf(t, &tar.Header{Name: "a/b", Typeflag: tar.TypeReg, Size: 1}))
	write("dirlink.tar", tarOf(t, &tar.Header{Name: "manifest.json", Typeflag: tar.TypeSymlink, Linkname: "x.json"}, &tar.Header{Name: "x.json", Typeflag: tar.TypeReg, Size: 2}))
	write("empty.tar", nil)
	write("nolayer.tar", tarFiles(t, "manifest.json", `[{"Config":"c.json","Layers":["gone.tar"]}]`, "c.json", `{}`))
	write("noconfig.tar", tarFiles(t, "manifest.json", `[{"Config":"gone.json","Layers":[]}]`))
	write("cfgout.tar", tarFiles(t, "manifest.json", `[{"Config":"../c.json","Layers":[]}]`))
	write("notjson.tar", tarFiles(t, "manifest.json", `{"Config":1}`))
	write("noimage.tar", tarFiles(t, "manifest.json", `null`))
	write("badindex.tar", tarFiles(t, "oci-layout", `{}`, "index.json", `{"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:../../x","size":2}]}`))
	write("noblob.tar", tarFiles(t, "oci-layout", `{}`, "index.json", `{"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:`+strings.Repeat("a", 64)+`","size":2}]}`))
	write("artifact.tar", tarFiles(t, "oci-layout", `{}`, "index.json", `{"manifests":[{"mediaType":"application/vnd.example+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2}]}`, "blobs/sha256/44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", `{}`))

	// A layout of two unnamed images with no platform to choose by.
	unnamed, err := layout.Write("unnamed", empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := unnamed.AppendImage(f.imgA); err != nil {
		t.Fatal(err)
	}
	if err := unnamed.AppendImage(f.imgB); err != nil {
		t.Fatal(err)
	}
	// A layout whose index.json is larger than any real one.
	copyTree(t, "layout", "huge")
	write("huge/index.json", append([]byte(`{"schemaVersion":2,"manifests":[`), make([]byte, maxMetadata+1)...))
	// A layout with a layer blob missing.
	copyTree(t, "one", "missing")
	m, err := f.imgC.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join("missing", blobPath(m.Layers[0].Digest))); err != nil {
		t.Fatal(err)
	}
	// A layout whose manifest blob was tampered with.
	copyTree(t, "one", "tampered")
	mp := filepath.Join("tampered", "blobs", "sha256", strings.TrimPrefix(f.digestC, "sha256:"))
	write(mp, []byte(`{"schemaVersion":2}`))
	// A layout whose config blob is a link outside the layout.
	copyTree(t, "one", "escape")
	cp := filepath.Join("escape", blobPath(m.Config.Digest))
	if err := os.Remove(cp); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(f.dir, "one", blobPath(m.Config.Digest)), cp); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		target string
		want   string // a substring of the error
		is     error
	}{
		{target: "", want: "source: empty target"},
		{target: "registry:", want: `nothing after the "registry:" prefix`},
		{target: "docker-daemon:alpine:3", want: `the "docker-daemon" transport is not supported`},
		{target: "./nope/x.tar", want: "source: ./nope/x.tar: no such file or directory"},
		{target: "nope.tar:Bad Ref", want: "source: nope.tar:Bad Ref: no such file or directory, and as a registry reference: not a registry reference: "},
		{target: "text.txt", want: "source: text.txt: not a docker-archive or oci-archive: "},
		{target: "nometa.tar", want: "source: nometa.tar: not a docker-archive or oci-archive: no manifest.json, oci-layout or index.json in the tar"},
		{target: "empty.tar", want: "no manifest.json, oci-layout or index.json"},
		{target: "oci-archive:text.txt", want: "source: text.txt: not an oci-archive: "},
		{target: "dotdot.tar", want: `tar entry "../evil"`, is: tar.ErrInsecurePath},
		{target: "abs.tar", want: `tar entry "/etc/passwd"`, is: tar.ErrInsecurePath},
		{target: "dirlink.tar", want: "manifest.json is not a regular file"},
		{target: "nolayer.tar", want: "source: nolayer.tar: docker-archive: layer: gone.tar: file does not exist"},
		{target: "noconfig.tar", want: "docker-archive: config gone.json: file does not exist"},
		{target: "cfgout.tar", want: `docker-archive: config: tar entry "../c.json": archive/tar: insecure file path`},
		{target: "notjson.tar", want: "docker-archive: manifest.json: json: cannot unmarshal"},
		{target: "noimage.tar", want: "docker-archive: manifest.json lists no image"},
		{target: "badindex.tar", want: "oci-archive: index.json: "},
		{target: "noblob.tar", want: "oci-archive: blobs/sha256/" + strings.Repeat("a", 64) + ": file does not exist"},
		{target: "artifact.tar", want: `media type "application/vnd.example+json" is neither an image nor an index`},
		{target: "multi.tar", want: "source: multi.tar: docker-archive: manifest.json lists 3 images; name one with PATH:REF (tags: "},
		{target: "docker-archive:multi.tar:example.com/app:9", want: "no image tagged example.com/app:9 (tags: "},
		{target: "docker-archive:multi.tar:Bad Tag", want: `"Bad Tag" is not a tag`},
		{target: "docker-archive:layout.tar", want: "docker-archive: manifest.json: file does not exist"},
		{target: "layout", want: "source: layout: oci-layout: index.json lists 3 images; name one with PATH:REF (names: a, b, multi)"},
		{target: "unnamed", want: "index.json lists 2 images; name one with PATH:REF (names: (unnamed " + f.digestA + "), (unnamed " + f.digestB + "))"},
		{target: "layout:zzz", want: `no image named "zzz" in index.json (names: a, b, multi)`},
		{target: "oci-layout:layout:multi", want: "no image for platform"},
		{target: "oci-layout:rootfs", want: "index.json: "},
		{target: "huge", want: "index.json: 8388641 bytes, more than the 8388608 read for metadata"},
		{target: "missing", want: "layer: "},
		{target: "tampered", want: "the descriptor says " + f.digestC},
		{target: "escape", want: "config: "},
		{target: "dir:one.tar", want: "source: one.tar: not a directory"},
		{target: "oci-archive:nope.tar", want: "source: stat nope.tar: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			opts := &Options{}
			if tt.target == "oci-layout:layout:multi" {
				opts.Platform = &v1.Platform{OS: "windows", Architecture: "amd64"}
			}
			tg, err := Open(context.Background(), tt.target, opts)
			if err == nil {
				tg.Close()
				t.Fatalf("Open(%q) = nil error, want %q", tt.target, tt.want)
			}
			t.Log(err)
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open(%q) = %q, want it to contain %q", tt.target, err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "source: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q is not %v", err, tt.is)
			}
		})
	}
}

func TestOpenCanceled(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, target := range []string{filepath.Join(f.dir, "layout.tar:a"), "registry:127.0.0.1:1/x:y"} {
		if _, err := Open(ctx, target, nil); !errors.Is(err, context.Canceled) {
			t.Errorf("Open(%q) with a canceled context = %v, want context.Canceled", target, err)
		}
	}
}

// TestArchiveInPlace checks that an oci-archive's layers are sections of
// the archive file itself: nothing is extracted.
func TestArchiveInPlace(t *testing.T) {
	f := newFixture(t)
	tg, err := Open(context.Background(), "oci-archive:"+filepath.Join(f.dir, "layout.tar")+":a", nil)
	if err != nil {
		t.Fatal(err)
	}
	layers, err := tg.Image.Layers()
	if err != nil {
		t.Fatal(err)
	}
	rc, err := layers[0].Compressed()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rc.(interface {
		ReadAt([]byte, int64) (int, error)
	}); !ok {
		t.Errorf("layer reader is %T, want a section of the archive", rc)
	}
	rc.Close()
	if err := tg.Close(); err != nil {
		t.Error(err)
	}
	if err := tg.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// copyTree copies the regular files under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// gzipCopy writes src gzip-compressed to dst.
func gzipCopy(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, []byte(buf.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDocker25Archive reads a tar laid out as `docker save` writes it
// since Docker 25: an OCI layout (containerd's name annotation beside
// ref.name) with a docker manifest.json pointing into its blobs. Bare, it
// is a docker-archive; with the oci-archive prefix the same bytes open as
// an OCI archive, by either name.
func TestDocker25Archive(t *testing.T) {
	dir := t.TempDir()
	img := testImage(t, 70, 2, amd64)
	p, err := layout.Write(filepath.Join(dir, "l"), empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	err = p.AppendImage(img, layout.WithAnnotations(map[string]string{
		refNameAnnotation:    "1",
		containerdAnnotation: "docker.io/library/app:1",
	}))
	if err != nil {
		t.Fatal(err)
	}
	m, err := img.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	entry := dockerImage{Config: blobPath(m.Config.Digest), RepoTags: []string{"app:1"}}
	for _, l := range m.Layers {
		entry.Layers = append(entry.Layers, blobPath(l.Digest))
	}
	b, err := json.Marshal([]dockerImage{entry})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "l", "manifest.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	archive := filepath.Join(dir, "app.tar")
	tarDir(t, filepath.Join(dir, "l"), archive, false)
	d := digestOf(t, img)
	tests := []struct {
		target string
		want   got
	}{
		{archive, got{Kind: DockerArchive, Name: archive}},
		{archive + ":app:1", got{Kind: DockerArchive, Name: archive + ":app:1"}},
		{"oci-archive:" + archive + ":1", got{Kind: OCIArchive, Name: archive + ":1", Digest: d}},
		{"oci-archive:" + archive + ":docker.io/library/app:1", got{Kind: OCIArchive, Name: archive + ":docker.io/library/app:1", Digest: d}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			tg, err := Open(context.Background(), tt.target, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tg.Close()
			if diff := cmp.Diff(tt.want, got{tg.Kind, tg.Name, tg.Dir, tg.Digest}); diff != "" {
				t.Errorf("Open(%q) (-want +got):\n%s", tt.target, diff)
			}
			checkSame(t, img, tg.Image)
		})
	}
}

// TestConcurrentReads reads every layer of archives from several
// goroutines at once (run with -race); each must hash to its diff ID.
func TestConcurrentReads(t *testing.T) {
	f := newFixture(t)
	for _, target := range []string{"layout.tar:b", "layout.tar.gz:b", "multi.tar:example.com/app:2", "one.tar.gz", "layout:b"} {
		t.Run(target, func(t *testing.T) {
			tg, err := Open(context.Background(), filepath.Join(f.dir, target), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tg.Close()
			layers, err := tg.Image.Layers()
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			errs := make([]error, 2*len(layers))
			for i := range errs {
				wg.Go(func() {
					l := layers[i%len(layers)]
					rc, err := l.Uncompressed()
					if err != nil {
						errs[i] = err
						return
					}
					defer rc.Close()
					h, _, err := v1.SHA256(rc)
					if err != nil {
						errs[i] = err
						return
					}
					if want, _ := l.DiffID(); h != want {
						errs[i] = fmt.Errorf("layer %d hashes to %s, diff ID %s", i%len(layers), h, want)
					}
				})
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Error(err)
			}
		})
	}
}
