package scan_test

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/loadline/loadline/internal/layerfs"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan"
	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/dpkg"
	"github.com/loadline/loadline/scan/source"
)

// entry is one file of a test layer.
type entry struct {
	name, body string
	typ        byte
	link       string
	mode       int64 // 0 means 0o644
}

// layerTar writes entries as a tar.
func layerTar(t testing.TB, ents ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range ents {
		typ := cmpOr(e.typ, tar.TypeReg)
		hdr := &tar.Header{Name: e.name, Typeflag: typ, Linkname: e.link, Mode: cmpOr(e.mode, 0o644)}
		if typ == tar.TypeReg {
			hdr.Size = int64(len(e.body))
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(tw, e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func read(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func gunzip(t testing.TB, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// image stacks gzip-compressed layer blobs into an image, with one
// history line per layer.
func image(t testing.TB, blobs ...[]byte) v1.Image {
	t.Helper()
	img := empty.Image
	for i, b := range blobs {
		var err error
		img, err = mutate.Append(img, mutate.Addendum{
			Layer:   mustLayer(t, b),
			History: v1.History{CreatedBy: "layer " + string(rune('0'+i))},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	img, err := mutate.ConfigFile(img, mustConfig(t, img))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func mustLayer(t testing.TB, blob []byte) v1.Layer {
	t.Helper()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(blob)), nil })
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func mustConfig(t testing.TB, img v1.Image) *v1.ConfigFile {
	t.Helper()
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "linux", "amd64"
	return cfg
}

// stored writes img to an OCI layout and opens it again, so that its
// layers are read as stored blobs.
func stored(t testing.TB, img v1.Image) (v1.Image, string) {
	t.Helper()
	dir := t.TempDir()
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AppendImage(img); err != nil {
		t.Fatal(err)
	}
	h, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Image(h)
	if err != nil {
		t.Fatal(err)
	}
	return got, dir
}

func diffIDs(t testing.TB, img v1.Image) []string {
	t.Helper()
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range cfg.RootFS.DiffIDs {
		out = append(out, h.String())
	}
	return out
}

// debianImage is the real Debian 12 minbase root filesystem subset, then
// a layer that replaces the dpkg database with a real, larger one (the
// build host's: packages added and upgraded), then a layer that deletes
// apt's copyright file.
func debianImage(t testing.TB) v1.Image {
	status := gunzip(t, read(t, "debian-12-buildhost.status.gz"))
	return image(t,
		read(t, "debian-12-minbase.tar.gz"),
		gz(t, layerTar(t, entry{name: "var/lib/dpkg/status", body: string(status)})),
		gz(t, layerTar(t, entry{name: "usr/share/doc/apt/.wh.copyright"})),
	)
}

// versions lists name/arch -> version from a dpkg-query listing.
func versions(t testing.TB, tsv []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(tsv))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		out[f[0]+"/"+f[2]] = f[1]
	}
	return out
}

func TestImageAttribution(t *testing.T) {
	img := debianImage(t)
	ids := diffIDs(t, img)
	base := versions(t, read(t, "debian-12-minbase.expected.tsv"))
	final, err := dpkg.Parse(context.Background(), bytes.NewReader(gunzip(t, read(t, "debian-12-buildhost.status.gz"))), "/var/lib/dpkg/status")
	if err != nil {
		t.Fatal(err)
	}
	layoutImg, _ := stored(t, img)
	for name, img := range map[string]v1.Image{"in memory": img, "OCI layout": layoutImg} {
		t.Run(name, func(t *testing.T) {
			inv, err := (&scan.Scanner{}).Image(context.Background(), img)
			if err != nil {
				t.Fatal(err)
			}
			if len(inv.Packages) != len(final) {
				t.Fatalf("%d packages, want %d", len(inv.Packages), len(final))
			}
			var introduced, upgraded, added, licensed int
			for _, p := range inv.Packages {
				wantLayer, wantLast := ids[1], ""
				if v, ok := base[p.Name+"/"+p.Arch]; ok {
					wantLayer = ids[0]
					introduced++
					if v != p.Version {
						wantLast = ids[1]
						upgraded++
					}
				} else {
					added++
				}
				if p.Layer != wantLayer || p.LastLayer != wantLast {
					t.Errorf("%s %s: Layer, LastLayer = %s, %q; want %s, %q", p.Name, p.Version, p.Layer, p.LastLayer, wantLayer, wantLast)
				}
				if !strings.HasPrefix(p.PURL, "pkg:deb/debian/") || !strings.Contains(p.PURL, "distro=debian-12") {
					t.Errorf("%s: PURL %s", p.Name, p.PURL)
				}
				if p.Name == "apt" && (len(p.Evidence) != 1 || p.Licenses != nil) {
					t.Errorf("apt evidence %q, licenses %q: the copyright file was whited out", p.Evidence, p.Licenses)
				}
				if len(p.Licenses) > 0 {
					licensed++
				}
			}
			t.Logf("%d packages: %d from the base layer (%d of them upgraded), %d added; %d with licenses", len(inv.Packages), introduced, upgraded, added, licensed)
			if introduced != 92 || upgraded != 28 || added != 644 || licensed == 0 {
				t.Errorf("want 92 packages from the base layer (4 were removed), 28 of them upgraded, 644 added, some licensed")
			}
			wantLayers := []sbom.Layer{{Index: 0, CreatedBy: "layer 0"}, {Index: 1, CreatedBy: "layer 1"}, {Index: 2, CreatedBy: "layer 2"}}
			for i := range inv.Layers {
				wantLayers[i].DiffID = ids[i]
				if inv.Layers[i].Digest == "" || inv.Layers[i].Size == 0 {
					t.Errorf("layer %d: digest %q, size %d", i, inv.Layers[i].Digest, inv.Layers[i].Size)
				}
				inv.Layers[i].Digest, inv.Layers[i].Size = "", 0
			}
			if diff := cmp.Diff(wantLayers, inv.Layers); diff != "" {
				t.Errorf("layers (-want +got):\n%s", diff)
			}
			wantDistro := &sbom.Distro{ID: "debian", VersionID: "12", Codename: "bookworm", Name: "Debian GNU/Linux 12 (bookworm)"}
			if diff := cmp.Diff(wantDistro, inv.Distro); diff != "" {
				t.Errorf("distro (-want +got):\n%s", diff)
			}
			if inv.Source.Platform != "linux/amd64" || !strings.HasPrefix(inv.Source.ConfigDigest, "sha256:") {
				t.Errorf("source %+v", inv.Source)
			}
			if len(inv.Problems) != 0 {
				t.Errorf("problems: %+v", inv.Problems)
			}
		})
	}
}

func TestImageAlpine(t *testing.T) {
	img, _ := stored(t, image(t, read(t, "alpine-3.19.4-rootfs-subset.tar.gz")))
	inv, err := (&scan.Scanner{}).Image(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	checkAlpine(t, inv, diffIDs(t, img)[0])
}

// checkAlpine compares inv with what apk itself lists in the same root
// filesystem, and checks every package's layer.
func checkAlpine(t *testing.T, inv *sbom.Inventory, layer string) {
	t.Helper()
	var got []string
	for _, p := range inv.Packages {
		got = append(got, p.Name+"-"+p.Version)
		if p.Layer != layer || p.LastLayer != "" || p.Type != "apk" || !strings.HasPrefix(p.PURL, "pkg:apk/alpine/") {
			t.Errorf("%s: type %s, layer %q, last %q, PURL %s", p.Name, p.Type, p.Layer, p.LastLayer, p.PURL)
		}
	}
	want := strings.Fields(string(read(t, "alpine-minirootfs-3.19.4.apk-info-v.txt")))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("packages (-apk info -v +got):\n%s", diff)
	}
	if inv.Distro == nil || inv.Distro.ID != "alpine" || inv.Distro.VersionID != "3.19.4" {
		t.Errorf("distro %+v", inv.Distro)
	}
}

func TestDir(t *testing.T) {
	root := t.TempDir()
	untar(t, gunzip(t, read(t, "alpine-3.19.4-rootfs-subset.tar.gz")), root)
	inv, err := (&scan.Scanner{}).Dir(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	checkAlpine(t, inv, "")
	if inv.Source.Kind != "dir" || inv.Source.Name != root || len(inv.Layers) != 0 {
		t.Errorf("source %+v, %d layers", inv.Source, len(inv.Layers))
	}
}

// untar extracts a trusted test tar (regular files, directories and
// symbolic links) into dir.
func untar(t testing.TB, data []byte, dir string) {
	t.Helper()
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, hdr.Name)
		switch hdr.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(p, 0o755)
		case tar.TypeSymlink:
			err = os.Symlink(hdr.Linkname, p)
		case tar.TypeReg:
			var b []byte
			if b, err = io.ReadAll(tr); err == nil {
				err = os.WriteFile(p, b, 0o644)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestHostileImages(t *testing.T) {
	ctx := context.Background()
	good := gz(t, layerTar(t, entry{name: "etc/alpine-release", body: "3.19.4\n"}))
	other := gz(t, layerTar(t, entry{name: "etc/alpine-release", body: "3.20.0\n"}))

	t.Run("digest mismatch", func(t *testing.T) {
		img, dir := stored(t, image(t, good))
		layers, _ := img.Layers()
		d, _ := layers[0].Digest()
		if err := os.WriteFile(filepath.Join(dir, "blobs", d.Algorithm, d.Hex), other, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := (&scan.Scanner{}).Image(ctx, img)
		var de *scan.DigestError
		if !errors.As(err, &de) || de.Want != d.String() {
			t.Errorf("error = %v, want a DigestError for %s", err, d)
		}
	})
	t.Run("truncated gzip", func(t *testing.T) {
		img, dir := stored(t, image(t, good))
		layers, _ := img.Layers()
		d, _ := layers[0].Digest()
		if err := os.WriteFile(filepath.Join(dir, "blobs", d.Algorithm, d.Hex), good[:len(good)-9], 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := (&scan.Scanner{}).Image(ctx, img); err == nil {
			t.Error("no error for a truncated layer")
		}
	})
	t.Run("decompression bomb", func(t *testing.T) {
		bomb := gz(t, layerTar(t, entry{name: "zeros", body: strings.Repeat("\x00", 4<<20)}))
		img, _ := stored(t, image(t, bomb))
		_, err := (&scan.Scanner{MaxImageSize: 1 << 20}).Image(ctx, img)
		if !errors.Is(err, layerfs.ErrTooLarge) {
			t.Errorf("error = %v, want ErrTooLarge", err)
		}
	})
	t.Run("unsafe entries and oversize files are problems", func(t *testing.T) {
		layer := gz(t, layerTar(t,
			entry{name: "../../etc/passwd", body: "x"},
			entry{name: "/abs", body: "x"},
			entry{name: "etc/os-release", typ: tar.TypeSymlink, link: "../../../../etc/loop"},
			entry{name: "etc/loop", typ: tar.TypeSymlink, link: "/etc/os-release"},
			entry{name: "lib/apk/db/installed", body: strings.Repeat("P:x\n", 100)},
		))
		img := image(t, layer)
		inv, err := (&scan.Scanner{MaxFileSize: 64}).Image(ctx, img)
		if err != nil {
			t.Fatal(err)
		}
		id := diffIDs(t, img)[0]
		want := []sbom.Problem{
			{Message: "distro: /etc/os-release: readlink etc/os-release: too many levels of symbolic links"},
			{Path: "../../etc/passwd", Layer: id, Message: `layer: unsafe path in the layer (absolute or climbing out with ".."): skipped`},
			{Path: "/abs", Layer: id, Message: `layer: unsafe path in the layer (absolute or climbing out with ".."): skipped`},
			{Path: "/lib/apk/db/installed", Layer: id, Message: "layer: file is 400 bytes, over the 64-byte limit: not read"},
		}
		if diff := cmp.Diff(want, inv.Problems); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
	})
}

func FuzzLayer(f *testing.F) {
	f.Add(layerTar(f, entry{name: "var/lib/dpkg/status", body: "Package: a\nVersion: 1\nStatus: install ok installed\n\n"},
		entry{name: "etc/os-release", typ: tar.TypeSymlink, link: "/usr/lib/os-release"},
		entry{name: "usr/lib/os-release", body: "ID=debian\nVERSION_ID=12\n"}))
	f.Add(layerTar(f, entry{name: "lib/apk/db/installed", body: "P:musl\nV:1.2.4-r2\nA:x86_64\n\n"},
		entry{name: "lib/apk/db/.wh..wh..opq"}, entry{name: "etc/alpine-release", typ: tar.TypeLink, link: "lib/apk/db/installed"}))
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := mutate.AppendLayers(empty.Image, static.NewLayer(data, types.OCIUncompressedLayer), static.NewLayer(data, types.OCIUncompressedLayer))
		if err != nil {
			t.Fatal(err)
		}
		inv, err := (&scan.Scanner{MaxFileSize: 1 << 16, MaxImageSize: 1 << 24}).Image(context.Background(), img)
		if err == nil && inv == nil {
			t.Fatal("nil inventory and nil error")
		}
	})
}

func cmpOr[T comparable](a, b T) T {
	var zero T
	if a != zero {
		return a
	}
	return b
}

func TestTarget(t *testing.T) {
	ctx := context.Background()
	_, dir := stored(t, image(t, read(t, "alpine-3.19.4-rootfs-subset.tar.gz")))
	root := t.TempDir()
	untar(t, gunzip(t, read(t, "alpine-3.19.4-rootfs-subset.tar.gz")), root)
	for _, target := range []string{"oci-layout:" + dir, "dir:" + root} {
		t.Run(target[:strings.IndexByte(target, ':')], func(t *testing.T) {
			tg, err := source.Open(ctx, target, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tg.Close()
			inv, err := (&scan.Scanner{}).Target(ctx, tg)
			if err != nil {
				t.Fatal(err)
			}
			if inv.Source.Kind != string(tg.Kind) || inv.Source.Name != tg.Name || inv.Source.Digest != tg.Digest {
				t.Errorf("source %+v, target %+v", inv.Source, tg)
			}
			if len(inv.Packages) != 15 {
				t.Errorf("%d packages, want 15", len(inv.Packages))
			}
		})
	}
}

// binCataloger is a Standalone cataloger for tests: every executable file
// named *.bin holds one package, named after the file, whose version is
// the file's content.
type binCataloger struct{}

var _ catalog.Standalone = binCataloger{}

func (binCataloger) Name() string        { return "bin" }
func (binCataloger) Wants(p string) bool { return strings.HasSuffix(p, ".bin") }
func (binCataloger) WantsFile(p string, mode fs.FileMode, size int64) bool {
	return strings.HasSuffix(p, ".bin") && mode&0o111 != 0
}
func (binCataloger) Catalog(_ context.Context, in *catalog.Input) ([]sbom.Package, error) {
	data, err := fs.ReadFile(in.FS, strings.TrimPrefix(in.Path, "/"))
	if err != nil {
		return nil, err
	}
	if in.Distro != nil {
		return nil, errors.New("a Standalone cataloger gets no distro")
	}
	return []sbom.Package{{Type: "generic", Name: path.Base(in.Path), Version: string(data), Evidence: []string{in.Path}}}, nil
}

func TestStandaloneCatalogers(t *testing.T) {
	exe := func(name, body string) entry { return entry{name: name, body: body, mode: 0o755} }
	img := image(t,
		gz(t, layerTar(t, exe("app/a.bin", "1"), exe("app/b.bin", "1"), entry{name: "app/c.bin", body: "not executable"})),
		gz(t, layerTar(t, exe("app/a.bin", "2"))),
		gz(t, layerTar(t, entry{name: "app/.wh.b.bin"}, exe("app/d.bin", "1"))),
	)
	ids := diffIDs(t, img)
	inv, err := (&scan.Scanner{Catalogers: []catalog.Cataloger{binCataloger{}}}).Image(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range inv.Packages {
		got = append(got, p.Name+"@"+p.Version+" "+p.Layer[:12])
	}
	want := []string{"a.bin@2 " + ids[1][:12], "d.bin@1 " + ids[2][:12]}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("packages (-want +got):\n%s", diff)
	}
}

func TestOwnedByOSPackage(t *testing.T) {
	status := "Package: python3-six\nStatus: install ok installed\nArchitecture: all\nVersion: 1.16.0-4\n\n"
	list := "/.\n/usr/lib/python3/dist-packages/six-1.16.0.bin\n"
	exe := func(name, body string) entry { return entry{name: name, body: body, mode: 0o755} }
	img := image(t, gz(t, layerTar(t,
		entry{name: "var/lib/dpkg/status", body: status},
		entry{name: "var/lib/dpkg/info/python3-six.list", body: list},
		exe("usr/lib/python3/dist-packages/six-1.16.0.bin", "1.16.0"),
		exe("opt/venv/six-1.16.0.bin", "1.16.0"),
	)))
	inv, err := (&scan.Scanner{Catalogers: []catalog.Cataloger{binCataloger{}, &dpkg.Cataloger{}}}).Image(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range inv.Packages {
		got[p.Evidence[0]] = p.OwnedBy
	}
	want := map[string]string{
		"/var/lib/dpkg/status":                          "",
		"/usr/lib/python3/dist-packages/six-1.16.0.bin": "pkg:deb/debian/python3-six@1.16.0-4?arch=all",
		"/opt/venv/six-1.16.0.bin":                      "",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("OwnedBy by record path (-want +got):\n%s", diff)
	}
}
