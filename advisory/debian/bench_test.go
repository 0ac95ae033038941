package debian

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// writeExport writes a synthetic tracker export shaped like the real
// one: pkgs source packages of issues issues each, each issue with a
// description, a scope, a bug for one in three, and five releases in the
// statuses' usual mix (mostly resolved, some open with no-dsa notes,
// some never affected, a few undetermined), with repositories; one
// issue in five of an odd-numbered package is also the previous
// package's. About 900 bytes an
// issue: 4000 x 19 is the real export's ~70 MB.
func writeExport(w io.Writer, pkgs, issues int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprint(bw, "{")
	rels := []string{"bullseye", "bookworm", "trixie", "forky", "sid"}
	n := 0
	for p := range pkgs {
		if p > 0 {
			fmt.Fprint(bw, ",")
		}
		fmt.Fprintf(bw, "\n  %q: {", fmt.Sprintf("package%d", p))
		for i := range issues {
			n++
			if i > 0 {
				fmt.Fprint(bw, ",")
			}
			id := n
			if i%5 == 0 && p%2 == 1 {
				id = n - issues // the issue is also the previous package's
			}
			fmt.Fprintf(bw, "\n    \"CVE-20%02d-%d\": {\"description\": \"A flaw in package%d before 1.%d allows remote attackers to cause a denial of service via crafted input.\", \"scope\": \"remote\"", id%25, 10000+id, p, i)
			if n%3 == 0 {
				fmt.Fprintf(bw, ", \"debianbug\": %d", 1000000+n)
			}
			fmt.Fprint(bw, ", \"releases\": {")
			for j, r := range rels {
				if j > 0 {
					fmt.Fprint(bw, ", ")
				}
				switch (n + j) % 10 {
				case 0, 1:
					fmt.Fprintf(bw, `%q: {"status": "open", "repositories": {%q: "1.%d-1"}, "urgency": "low", "nodsa": "Minor issue", "nodsa_reason": ""}`, r, r, i)
				case 2:
					fmt.Fprintf(bw, `%q: {"status": "resolved", "repositories": {%q: "1.%d-1"}, "fixed_version": "0", "urgency": "unimportant"}`, r, r, i)
				case 3:
					fmt.Fprintf(bw, `%q: {"status": "undetermined", "repositories": {%q: "1.%d-1"}, "urgency": "not yet assigned"}`, r, r, i)
				default:
					fmt.Fprintf(bw, `%q: {"status": "resolved", "repositories": {%q: "1.%d-2", "%s-security": "1.%d-1+deb1u1"}, "fixed_version": "1.%d-1+deb1u1", "urgency": "medium"}`, r, r, i, r, i, i)
				}
			}
			fmt.Fprint(bw, "}}")
		}
		fmt.Fprint(bw, "\n  }")
	}
	fmt.Fprint(bw, "\n}\n")
	return bw.Flush()
}

// exportFile writes a synthetic export in dir and returns its path.
func exportFile(tb testing.TB, pkgs, issues int) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "json")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := writeExport(f, pkgs, issues); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// parseMeasured parses the export at path and returns the advisories and
// the peak heap, sampled every 5000 advisories: the bytes of live
// objects (after a collection) when live is set, else the heap in use,
// garbage included.
func parseMeasured(tb testing.TB, path string, live bool) (n int, peak uint64) {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var ms runtime.MemStats
	for _, err := range (&Tracker{}).Parse(context.Background(), f) {
		if err != nil {
			tb.Fatal(err)
		}
		if n++; n%5000 == 0 {
			if live {
				runtime.GC()
			}
			runtime.ReadMemStats(&ms)
			if live {
				peak = max(peak, ms.HeapAlloc)
			} else {
				peak = max(peak, ms.HeapInuse)
			}
		}
	}
	return n, peak
}

// TestTrackerBoundedMemory parses a synthetic export of ~27 MB (30,000
// issues of 1500 packages) and checks what Parse keeps alive: the
// index of where each issue is (under 200 bytes an issue), never the
// export.
func TestTrackerBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 27 MB file")
	}
	const pkgs, issues = 1500, 20
	path := exportFile(t, pkgs, issues)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	n, peak := parseMeasured(t, path, true)
	peak -= min(peak, ms.HeapAlloc) // what Parse holds, less what the test held before
	if want := pkgs*issues - pkgs/2*issues/5; n != want {
		t.Errorf("%d advisories, want %d", n, want)
	}
	if limit := uint64(200 * pkgs * issues); peak > limit {
		t.Errorf("peak live heap %d bytes for an export of %d bytes; want under %d", peak, fi.Size(), limit)
	}
	t.Logf("export %d bytes, peak live heap %d bytes", fi.Size(), peak)
}

// BenchmarkTracker parses a synthetic export the size of the real one
// (4000 packages, 76,000 issues, ~70 MB), reporting throughput and the
// peak heap in use (garbage included) while the advisories are read.
func BenchmarkTracker(b *testing.B) {
	path := exportFile(b, 4000, 19)
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	b.ResetTimer()
	var peak uint64
	var n int
	for range b.N {
		var p uint64
		n, p = parseMeasured(b, path, false)
		peak = max(peak, p)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "advisories/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// BenchmarkList parses the whole DSA list when the shared copy is there.
func BenchmarkList(b *testing.B) {
	const path = "/work/shared/data/feeds-full/debian-security-tracker/DSA-list.txt"
	fi, err := os.Stat(path)
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(fi.Size())
	for range b.N {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		for _, err := range (&List{}).Parse(context.Background(), f) {
			if err != nil {
				b.Fatal(err)
			}
		}
		f.Close()
	}
}
