package dbimage

import (
	"context"
	"fmt"
	"github.com/loadline/loadline/internal/testregistry"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"

	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/advisory/storetest"
)

// BenchmarkPushPull pushes and pulls a database of synthetic advisories
// (100,000 by default, LOADLINE_BENCH_N to change) through the Debian
// docker-registry on 127.0.0.1 (go-containerregistry's in-process one,
// which holds blobs in this process's heap, when it is not installed),
// reporting MB/s of database and the peak heap of each. Opt-in: set
// LOADLINE_BENCH_DBIMAGE=1 (building the database takes a while).
func BenchmarkPushPull(b *testing.B) {
	if os.Getenv("LOADLINE_BENCH_DBIMAGE") != "1" {
		b.Skip("set LOADLINE_BENCH_DBIMAGE=1")
	}
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("LOADLINE_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	dir := b.TempDir()
	src := filepath.Join(dir, "src.db")
	if _, err := boltstore.Write(context.Background(), src, storetest.Synthetic(n), nil); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(src)
	if err != nil {
		b.Fatal(err)
	}
	var host string
	if _, err := os.Stat("/usr/bin/docker-registry"); err == nil {
		host = testregistry.Start(b, false)
	} else {
		b.Log("docker-registry is not installed: the in-process registry's blobs count in the heap")
		_, host = memRegistry(b, registry.WithBlobHandler(registry.NewDiskBlobHandler(filepath.Join(dir, "blobs"))))
	}
	ref := host + "/bench/advisories:latest"
	var size int64
	b.Run("push", func(b *testing.B) {
		b.SetBytes(fi.Size())
		peak := watchHeap()
		for b.Loop() {
			res, err := Push(context.Background(), ref, src, nil)
			if err != nil {
				b.Fatal(err)
			}
			size = res.Size
		}
		b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(fi.Size())/(1<<20), "db-MB")
		b.ReportMetric(float64(size)/(1<<20), "blob-MB")
	})
	b.Run("pull", func(b *testing.B) {
		b.SetBytes(fi.Size())
		peak := watchHeap()
		i := 0
		for b.Loop() {
			dst := filepath.Join(dir, fmt.Sprintf("pulled-%d.db", i))
			i++
			if _, err := Pull(context.Background(), ref, dst, nil); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			os.Remove(dst)
			b.StartTimer()
		}
		b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
	})
}

// watchHeap samples the heap in use every 10ms from now until the
// function it returns is called, which returns the largest sample.
func watchHeap() func() uint64 {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		return peak.Load()
	}
}
