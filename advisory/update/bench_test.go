package update_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/loadline/loadline/advisory/osv"
	"github.com/loadline/loadline/advisory/update"
)

// BenchmarkImport imports complete real osv.dev-layout archives from
// /work/shared/data/feeds-full through update.Import into a new database
// and reports records/s (parse, normalise, index and write, end to end).
// It is skipped where that data is absent. records/cpu-s divides by the
// process's user and system CPU time instead of the wall clock: on a
// shared machine it is the steadier figure.
func BenchmarkImport(b *testing.B) {
	const full = "/work/shared/data/feeds-full"
	for _, bb := range []struct{ name, eco, path string }{
		{"go-vulndb", "Go", "go-vulndb/all.zip"},
		{"rustsec", "crates.io", "rustsec-osv/all.zip"},
		{"almalinux", "AlmaLinux", "almalinux-osv/advisories.zip"},
		{"bitnami", "Bitnami", "bitnami-osv/data.zip"},
	} {
		b.Run(bb.name, func(b *testing.B) {
			path := filepath.Join(full, bb.path)
			if _, err := os.Stat(path); err != nil {
				b.Skip(err)
			}
			ctx := context.Background()
			records := 0
			cpu0 := cpuTime()
			for i := 0; b.Loop(); i++ {
				db := filepath.Join(b.TempDir(), "advisories.db")
				r, err := update.Import(ctx, db, &osv.Feed{Ecosystem: bb.eco}, path, nil)
				if err != nil {
					b.Fatal(err)
				}
				records += r.Records
			}
			b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
			b.ReportMetric(float64(records)/(cpuTime()-cpu0).Seconds(), "records/cpu-s")
		})
	}
}

// cpuTime returns the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
