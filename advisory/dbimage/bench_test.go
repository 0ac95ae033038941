package dbimage

import (
	"context"
	"fmt"
	"github.com/loadline/loadline/internal/testregistry"
	"iter"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/version"
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
	if _, err := boltstore.Write(context.Background(), src, syntheticSeq(n), nil); err != nil {
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

// syntheticSeq yields n advisories shaped like real OSV records (a
// synthetic set, not real data), the same for the same n: a copy of the
// shape of advisory/boltstore's benchmark set (bench_test.go there),
// which a test file cannot import.
func syntheticSeq(n int) iter.Seq2[*advisory.Advisory, error] {
	return func(yield func(*advisory.Advisory, error) bool) {
		r := rand.New(rand.NewPCG(1, uint64(n)))
		for i := range n {
			if !yield(syntheticOne(r, n, i), nil) {
				return
			}
		}
	}
}

var syntheticText = strings.Repeat("The parser in the affected component mishandles crafted input, which allows remote attackers to cause a denial of service or possibly execute arbitrary code. ", 10)

// syntheticOne returns the i-th of n synthetic advisories, drawing from
// r: an ID in the GHSA, CVE, ALSA or UBUNTU-CVE form, aliases, a summary
// and 200-1200 bytes of details, one CVSS vector, one to three affected
// entries over 2n/5 packages in five ecosystems, two to five references.
func syntheticOne(r *rand.Rand, n, i int) *advisory.Advisory {
	packages := max(n*2/5, 100)
	text := syntheticText
	a := &advisory.Advisory{
		Summary:    text[:40+r.IntN(40)],
		Details:    text[:200+r.IntN(1000)],
		Published:  time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute),
		Modified:   time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute),
		Severities: []advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Score: 9.8, Rating: "CRITICAL"}},
		Source:     advisory.Provenance{Feed: "osv", Record: fmt.Sprintf("record-%d.json", i)},
	}
	cve := fmt.Sprintf("CVE-%d-%d", 2000+i%25, 10000+i)
	switch i % 4 {
	case 0:
		a.ID, a.Aliases = fmt.Sprintf("GHSA-%04x-%04x-%04x", i>>16, i&0xffff, r.IntN(1<<16)), []string{cve}
	case 1:
		a.ID = cve
	case 2:
		a.ID, a.Aliases = fmt.Sprintf("ALSA-%d:%d", 2020+i%5, i), []string{cve, fmt.Sprintf("CVE-%d-%d", 2000+i%25, 900000+i)}
	default:
		a.ID = "UBUNTU-" + cve
	}
	for range 1 + r.IntN(3) {
		p := r.IntN(packages)
		af := advisory.Affected{Package: fmt.Sprintf("package-%d", p)}
		switch p % 5 {
		case 0:
			af.Ecosystem, af.Release = "deb", advisory.Release{Distro: "debian", Version: "12"}
		case 1:
			af.Ecosystem, af.Release = "rpm", advisory.Release{Distro: "almalinux", Version: "9"}
		case 2:
			af.Ecosystem = "pypi"
		case 3:
			af.Ecosystem = "npm"
		default:
			af.Ecosystem, af.Package = "golang", "github.com/example/"+af.Package
		}
		af.Ranges = []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: fmt.Sprintf("1.%d.%d", r.IntN(20), r.IntN(10))}}}}
		a.Affected = append(a.Affected, af)
	}
	for j := range 2 + r.IntN(4) {
		a.References = append(a.References, advisory.Reference{Type: "WEB", URL: fmt.Sprintf("https://example.org/advisories/%d/%d", i, j)})
	}
	return a
}
