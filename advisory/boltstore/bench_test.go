package boltstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/advisory/storetest"
)

// synthetic returns storetest.Synthetic's n advisories (a synthetic set
// shaped like real OSV records, not real data) in a slice.
func synthetic(n int) []*advisory.Advisory {
	out := make([]*advisory.Advisory, 0, n)
	for a := range storetest.Synthetic(n) {
		out = append(out, a)
	}
	return out
}

// benchSize is the number of advisories the benchmarks store: 10,000 by
// default, 500,000 (the target size) with LOADLINE_BENCH_BIG=1,
// or LOADLINE_BENCH_N.
func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("LOADLINE_BENCH_N")); err == nil && n > 0 {
		return n
	}
	if os.Getenv("LOADLINE_BENCH_BIG") == "1" {
		return 500000
	}
	return 10000
}

func BenchmarkWrite(b *testing.B) {
	advs := synthetic(benchSize())
	path := filepath.Join(b.TempDir(), "advisories.db")
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		st, err := boltstore.Write(context.Background(), path, seq(advs, nil), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(st.Bytes), "bytes")
	}
	b.ReportMetric(float64(len(advs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	reportCPU(b, cpu)
}

// reportCPU reports the process CPU time per operation since start
// ("cpu-ns/op"): on a shared machine, wall time (ns/op) also counts
// the time other processes held the cores.
func reportCPU(b *testing.B, start time.Duration) {
	if start > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}

// bigDB builds the benchmark database once per size and process, in
// the temporary directory, and returns its path and the queries for
// every package with advisories, shuffled. The advisories are not kept:
// a benchmark process that held them would spend its time marking them
// at every garbage collection. The benchmark that uses the file last
// removes it, unless LOADLINE_BENCH_DB names the file: then a file
// already there is used as it is (it must hold the same advisories) and
// kept, so that runs after the first skip the write.
func bigDB(b *testing.B) (string, []advisory.Query) {
	n := benchSize()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("loadline-boltstore-bench-%d-%d.db", os.Getpid(), n))
	if p := os.Getenv("LOADLINE_BENCH_DB"); p != "" {
		path = p
	}
	seen := map[advisory.Query]bool{}
	var qs []advisory.Query
	advs := func(yield func(*advisory.Advisory, error) bool) {
		for a := range storetest.Synthetic(n) {
			for _, af := range a.Affected {
				q := advisory.Query{Ecosystem: af.Ecosystem, Release: af.Release, Package: af.Package}
				if !seen[q] {
					seen[q] = true
					qs = append(qs, q)
				}
			}
			if !yield(a, nil) {
				return
			}
		}
	}
	if _, err := os.Stat(path); err == nil {
		for range advs {
		}
	} else if _, err := boltstore.Write(context.Background(), path, advs, nil); err != nil {
		b.Fatal(err)
	}
	shuffle(qs)
	runtime.GC()
	return path, qs
}

func BenchmarkOpen(b *testing.B) {
	path, _ := bigDB(b)
	cpu := cpuTime()
	for b.Loop() {
		s, err := boltstore.Open(context.Background(), path, nil)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	reportCPU(b, cpu)
}

// BenchmarkLookup asks for packages that have advisories (about six
// each). "cold" asks each package once per Open, in random order: every
// lookup reads pages of the file it has not touched yet (in the page
// cache, so what it pays is the faults of a fresh memory map). "scan"
// asks 2,000 packages of one ecosystem and release once per Open, as a
// scan of one image does. "warm" cycles over 1,000 packages asked before
// the timer starts, as a long-running process does. Both run with the
// default cache, and again without one ("-nocache") and with one that
// keeps every advisory ("-cacheall").
func BenchmarkLookup(b *testing.B) {
	path, qs := bigDB(b)
	if os.Getenv("LOADLINE_BENCH_DB") == "" {
		defer os.Remove(path)
	}
	lookupBench(b, path, qs)
}

// scanQueries returns what a scan of one image asks: 2,000 of the
// packages of qs (shuffled) in the ecosystem and release with the most.
func scanQueries(qs []advisory.Query) []advisory.Query {
	byRelease := map[advisory.Query][]advisory.Query{}
	var most advisory.Query
	for _, q := range qs {
		r := advisory.Query{Ecosystem: q.Ecosystem, Release: q.Release}
		byRelease[r] = append(byRelease[r], q)
		if len(byRelease[r]) > len(byRelease[most]) {
			most = r
		}
	}
	return byRelease[most][:min(2000, len(byRelease[most]))]
}

// shuffle shuffles qs, the same way every time.
func shuffle(qs []advisory.Query) {
	rand.New(rand.NewPCG(2, 3)).Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
}

// lookupBench runs the sub-benchmarks BenchmarkLookup describes on the
// database at path, asking qs.
func lookupBench(b *testing.B, path string, qs []advisory.Query) {
	ctx := context.Background()
	opts := &boltstore.Options{}
	open := func(b *testing.B) *boltstore.Store {
		s, err := boltstore.Open(ctx, path, opts)
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	run := func(b *testing.B, qs []advisory.Query, s *boltstore.Store, reopen bool) {
		found, i := 0, 0
		cpu := cpuTime()
		for b.Loop() {
			if i > 0 && i%len(qs) == 0 && reopen {
				b.StopTimer()
				s.Close()
				s = open(b)
				b.StartTimer()
			}
			ans, err := s.Lookup(ctx, qs[i%len(qs)])
			if err != nil {
				b.Fatal(err)
			}
			found += len(ans.Advisories)
			i++
		}
		reportCPU(b, cpu)
		b.ReportMetric(float64(found)/float64(i), "advisories/op")
		s.Close()
	}
	warm := func(b *testing.B) {
		s := open(b)
		warm := qs[:min(1000, len(qs))]
		for _, q := range warm {
			if _, err := s.Lookup(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		run(b, warm, s, false)
	}
	b.Run("cold", func(b *testing.B) { run(b, qs, open(b), true) })
	scan := scanQueries(qs)
	b.Run("scan", func(b *testing.B) { run(b, scan, open(b), true) })
	b.Run("warm", warm)
	opts.Cache = -1
	b.Run("cold-nocache", func(b *testing.B) { run(b, qs, open(b), true) })
	b.Run("warm-nocache", warm)
	opts.Cache = 64 << 20 // every advisory of the 1,000 packages
	b.Run("warm-cacheall", warm)
	b.Run("cold-cacheall", func(b *testing.B) { run(b, qs, open(b), true) })
}

// BenchmarkWriteExploitation writes a database of exploitation data
// only, sized like the real feeds (a synthetic set): 300,000 EPSS scores
// (FIRST scores every published CVE) and 1,400 KEV entries.
func BenchmarkWriteExploitation(b *testing.B) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	epss := make(map[string]advisory.EPSS, 300000)
	kev := make(map[string]advisory.KEV, 1400)
	for i := range 300000 {
		cve := fmt.Sprintf("CVE-%d-%d", 1999+i%27, 1000+i)
		epss[cve] = advisory.EPSS{Score: float64(i%100000) / 100000, Percentile: float64(i) / 300000, Date: day}
		if i%214 == 0 {
			kev[cve] = advisory.KEV{Added: day, Due: day.Add(21 * 24 * time.Hour)}
		}
	}
	path := filepath.Join(b.TempDir(), "advisories.db")
	cpu := cpuTime()
	for b.Loop() {
		st, err := boltstore.Write(context.Background(), path, seq(nil, nil), &boltstore.WriteOptions{KEV: kev, EPSS: epss})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(st.Bytes), "bytes")
	}
	reportCPU(b, cpu)
}
