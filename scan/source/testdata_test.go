package source

import (
	"archive/tar"
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/validate"
)

var update = flag.Bool("update", false, "rewrite testdata/ from the generators in testdata_test.go")

// testdataFiles generates each committed testdata file: small archives
// written by ggcr, and hostile tars. They seed the fuzz tests and pin the
// archive formats Open reads.
func testdataFiles(t *testing.T) map[string][]byte {
	t.Helper()
	img := testImage(t, 100, 2, amd64)
	var docker bytes.Buffer
	ref, err := name.ParseReference("example.com/tiny:1")
	if err != nil {
		t.Fatal(err)
	}
	if err := tarball.Write(ref, img, &docker); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AppendImage(img, layout.WithAnnotations(map[string]string{refNameAnnotation: "1"})); err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{
		"tiny.docker.tar": docker.Bytes(),
		"tiny.oci.tar":    tarTree(t, dir),
		"dotdot.tar":      tarOf(t, &tar.Header{Name: "index.json", Typeflag: tar.TypeReg, Size: 2}, &tar.Header{Name: "a/../../evil", Typeflag: tar.TypeReg, Size: 1}),
		"linkloop.tar": tarOf(t,
			&tar.Header{Name: "oci-layout", Typeflag: tar.TypeReg, Size: 2},
			&tar.Header{Name: "index.json", Typeflag: tar.TypeSymlink, Linkname: "x"},
			&tar.Header{Name: "x", Typeflag: tar.TypeSymlink, Linkname: "index.json"}),
		"linkout.tar": tarOf(t,
			&tar.Header{Name: "oci-layout", Typeflag: tar.TypeReg, Size: 2},
			&tar.Header{Name: "index.json", Typeflag: tar.TypeSymlink, Linkname: "../../etc/passwd"}),
	}
}

// tarTree is a tar of the files under dir, sorted, with fixed times and
// owners, so that it is the same on every run.
func tarTree(t *testing.T, dir string) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if err := tw.WriteHeader(&tar.Header{Name: filepath.ToSlash(rel), Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(b)), Format: tar.FormatPAX}); err != nil {
			return err
		}
		_, err = tw.Write(b)
		return err
	})
	if err == nil {
		err = tw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestTestdata checks that Open reads the committed testdata as it
// should; with -update it first rewrites it from the generators. The
// committed bytes are not compared with fresh ones: gzip output may change
// with the Go version. What is compared is what does not: the config and
// the layers' diff IDs (uncompressed content).
func TestTestdata(t *testing.T) {
	if *update {
		for name, b := range testdataFiles(t) {
			if err := os.WriteFile(filepath.Join("testdata", name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	img := testImage(t, 100, 2, amd64)
	want := summarize(t, img)
	want.Layers = nil
	// The manifest blob's sha256sum, as index.json names it.
	const d = "sha256:fdb38336b1d1d5e8ca9b7544a20ac2b4a93c40e74d3d0736516025490e3a59ef"
	tests := []struct {
		target string
		want   got
		err    string
	}{
		{target: "testdata/tiny.docker.tar", want: got{Kind: DockerArchive, Name: "testdata/tiny.docker.tar"}},
		{target: "testdata/tiny.docker.tar:example.com/tiny:1", want: got{Kind: DockerArchive, Name: "testdata/tiny.docker.tar:example.com/tiny:1"}},
		{target: "testdata/tiny.oci.tar", want: got{Kind: OCIArchive, Name: "testdata/tiny.oci.tar", Digest: d}},
		{target: "oci-archive:testdata/tiny.oci.tar:1", want: got{Kind: OCIArchive, Name: "testdata/tiny.oci.tar:1", Digest: d}},
		{target: "testdata/dotdot.tar", err: `tar entry "a/../../evil": archive/tar: insecure file path`},
		{target: "testdata/linkloop.tar", err: "oci-archive: index.json: more than 16 links"},
		{target: "testdata/linkout.tar", err: `oci-archive: index.json: link: tar entry "../../etc/passwd": archive/tar: insecure file path`},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			tg, err := Open(context.Background(), tt.target, nil)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Open(%q) = %v, want an error containing %q", tt.target, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer tg.Close()
			if diff := cmp.Diff(tt.want, got{tg.Kind, tg.Name, tg.Dir, tg.Digest}); diff != "" {
				t.Errorf("Open(%q) (-want +got):\n%s", tt.target, diff)
			}
			if err := validate.Image(tg.Image); err != nil {
				t.Errorf("validate.Image: %v", err)
			}
			s := summarize(t, tg.Image)
			s.Layers = nil
			if diff := cmp.Diff(want, s); diff != "" {
				t.Errorf("image (-want +got):\n%s", diff)
			}
		})
	}
}

// seeds are the testdata files, for the fuzz tests.
func seeds(f *testing.F) [][]byte {
	f.Helper()
	paths, err := filepath.Glob("testdata/*.tar")
	if err != nil || len(paths) == 0 {
		f.Fatalf("no testdata tars: %v", err)
	}
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}
