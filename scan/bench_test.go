package scan_test

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	kgzip "github.com/klauspost/compress/gzip"
	"golang.org/x/sync/errgroup"

	"github.com/loadline/loadline/scan"
	"github.com/loadline/loadline/scan/internal/testimage"
)

// benchDir holds the images the benchmarks build, removed by TestMain
// unless LOADLINE_BENCH_DIR names it (then the OCI layouts stay there, for
// measuring the command-line program on them).
var benchDir = os.Getenv("LOADLINE_BENCH_DIR")

func TestMain(m *testing.M) {
	keep := benchDir != ""
	code := m.Run()
	if benchDir != "" && !keep {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// writeLayout writes img to a fresh OCI layout under benchDir and opens
// it again, so its layers are read from disk as stored blobs.
func writeLayout(b *testing.B, name string, img v1.Image) v1.Image {
	b.Helper()
	if benchDir == "" {
		var err error
		if benchDir, err = os.MkdirTemp("", "loadline-bench-"); err != nil {
			b.Fatal(err)
		}
	}
	dir := filepath.Join(benchDir, name)
	if err := os.RemoveAll(dir); err != nil {
		b.Fatal(err)
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		b.Fatal(err)
	}
	if err := p.AppendImage(img); err != nil {
		b.Fatal(err)
	}
	h, err := img.Digest()
	if err != nil {
		b.Fatal(err)
	}
	out, err := p.Image(h)
	if err != nil {
		b.Fatal(err)
	}
	return out
}

var (
	shippedOnce sync.Once
	shipped     v1.Image
	largeOnce   sync.Once
	large       v1.Image
)

// largeImage is a synthetic image shaped like a big application image:
// benchLayers layers of benchFiles files each (set by
// LOADLINE_BENCH_LAYERS and LOADLINE_BENCH_FILES; default 6 x 12000
// files, about 580 MB uncompressed and 72k entries), text-like content
// that compresses about 3:1, and a real dpkg database that two layers
// write.
func largeImage(b *testing.B) v1.Image {
	largeOnce.Do(func() {
		layers, files := envInt("LOADLINE_BENCH_LAYERS", 6), envInt("LOADLINE_BENCH_FILES", 12000)
		status := gunzip(b, read(b, "debian-12-buildhost.status.gz"))
		img := empty.Image
		for l := range layers {
			blob := syntheticLayer(b, l, files, status)
			layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
				return io.NopCloser(bytes.NewReader(blob)), nil
			})
			if err != nil {
				b.Fatal(err)
			}
			if img, err = mutate.AppendLayers(img, layer); err != nil {
				b.Fatal(err)
			}
		}
		large = writeLayout(b, "large", img)
	})
	return large
}

func envInt(key string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(key)); err == nil && n > 0 {
		return n
	}
	return def
}

var words = []string{"container", "layer", "package", "version", "the", "of", "and", "vulnerability",
	"function", "return", "import", "const", "node_modules", "index", "module", "export", "default"}

// syntheticLayer writes layer l: files of 1-16 KiB of word salad with
// random noise, plus the dpkg status in layers 1 and 3.
func syntheticLayer(b *testing.B, l, files int, status []byte) []byte {
	r := rand.New(rand.NewPCG(uint64(l), 42))
	var buf bytes.Buffer
	zw, _ := kgzip.NewWriterLevel(&buf, kgzip.BestSpeed)
	tw := tar.NewWriter(zw)
	add := func(name string, body []byte) {
		hdr := &tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg, ModTime: time.Unix(0, 0)}
		if err := tw.WriteHeader(hdr); err != nil {
			b.Fatal(err)
		}
		if _, err := tw.Write(body); err != nil {
			b.Fatal(err)
		}
	}
	if l == 0 {
		add("etc/os-release", []byte("ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n"))
	}
	if l == 1 || l == 3 {
		add("var/lib/dpkg/status", status)
	}
	var body []byte
	for i := range files {
		body = body[:0]
		n := 1024 + r.IntN(15*1024)
		for len(body) < n {
			if r.IntN(8) == 0 {
				body = strconv.AppendUint(body, r.Uint64(), 36)
			} else {
				body = append(body, words[r.IntN(len(words))]...)
			}
			body = append(body, ' ')
		}
		add(fmt.Sprintf("app/layer%d/node_modules/pkg%d/lib/file%d.js", l, i/20, i), body)
	}
	if err := tw.Close(); err != nil {
		b.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func shippedImage(b *testing.B) v1.Image {
	shippedOnce.Do(func() {
		img, err := testimage.Debian("testdata")
		if err != nil {
			b.Fatal(err)
		}
		shipped = writeLayout(b, "shipped", img)
	})
	return shipped
}

// BenchmarkScan inventories an image read from an OCI layout on disk,
// reporting the peak Go heap in use while it runs.
func BenchmarkScan(b *testing.B) {
	for _, bm := range []struct {
		name string
		img  func(*testing.B) v1.Image
	}{{"shipped", shippedImage}, {"large", largeImage}} {
		b.Run(bm.name, func(b *testing.B) {
			img := bm.img(b)
			b.SetBytes(uncompressedSize(b, img))
			peak := watchHeap()
			b.ResetTimer()
			for b.Loop() {
				if _, err := (&scan.Scanner{}).Image(context.Background(), img); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
		})
	}
}

// BenchmarkDecompressFloor is the floor BenchmarkScan is measured
// against: reading every layer blob of the same images from disk and
// decompressing it (klauspost/compress), layers in parallel, nothing
// else.
func BenchmarkDecompressFloor(b *testing.B) {
	for _, bm := range []struct {
		name string
		img  func(*testing.B) v1.Image
	}{{"shipped", shippedImage}, {"large", largeImage}} {
		b.Run(bm.name, func(b *testing.B) {
			img := bm.img(b)
			b.SetBytes(uncompressedSize(b, img))
			layers, err := img.Layers()
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				var g errgroup.Group
				g.SetLimit(runtime.GOMAXPROCS(0))
				for _, l := range layers {
					g.Go(func() error {
						rc, err := l.Compressed()
						if err != nil {
							return err
						}
						defer rc.Close()
						zr, err := kgzip.NewReader(rc)
						if err != nil {
							return err
						}
						_, err = io.Copy(io.Discard, zr)
						return err
					})
				}
				if err := g.Wait(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func uncompressedSize(b *testing.B, img v1.Image) int64 {
	b.Helper()
	layers, err := img.Layers()
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, l := range layers {
		rc, err := l.Uncompressed()
		if err != nil {
			b.Fatal(err)
		}
		m, err := io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			b.Fatal(err)
		}
		n += m
	}
	return n
}

// watchHeap samples the heap in use every 5 ms until the returned
// function is called, which returns the largest sample.
func watchHeap() func() uint64 {
	runtime.GC()
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				mu.Lock()
				peak = max(peak, ms.HeapInuse)
				mu.Unlock()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-stopped
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}
