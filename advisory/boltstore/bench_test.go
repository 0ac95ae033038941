package boltstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/version"
)

// synthetic returns n advisories shaped like real OSV records (a
// synthetic set, not real data): an ID in the GHSA, CVE, ALSA or
// UBUNTU-CVE form; one or two aliases; a 40-80 byte summary and 200-1200
// bytes of details (GO-2020-0001 has 204, ALSA-2022:8194 1215); one CVSS
// v3.1 vector; one to three affected entries with an introduced/fixed
// range, spread over 2n/5 packages (about five advisories each) in five ecosystems (deb and rpm in
// one release each); two to five references. The same n gives the same
// advisories.
func synthetic(n int) []*advisory.Advisory {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	packages := max(n*2/5, 100)
	text := strings.Repeat("The parser in the affected component mishandles crafted input, which allows remote attackers to cause a denial of service or possibly execute arbitrary code. ", 10)
	out := make([]*advisory.Advisory, n)
	for i := range out {
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
		out[i] = a
	}
	return out
}

// benchSize is the number of advisories the benchmarks store: 10,000 by
// default, 500,000 (the target size) with LOADLINE_BENCH_BIG=1.
func benchSize() int {
	if os.Getenv("LOADLINE_BENCH_BIG") == "1" {
		return 500000
	}
	return 10000
}

func BenchmarkWrite(b *testing.B) {
	advs := synthetic(benchSize())
	path := filepath.Join(b.TempDir(), "advisories.db")
	b.ResetTimer()
	for b.Loop() {
		st, err := boltstore.Write(context.Background(), path, seq(advs, nil), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(st.Bytes), "bytes")
	}
	b.ReportMetric(float64(len(advs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// bigDB builds the benchmark database once per size and process, in
// the temporary directory; the benchmark that uses it last removes it.
func bigDB(b *testing.B) (string, []*advisory.Advisory) {
	n := benchSize()
	advs := synthetic(n)
	path := filepath.Join(os.TempDir(), fmt.Sprintf("loadline-boltstore-bench-%d-%d.db", os.Getpid(), n))
	if _, err := os.Stat(path); err != nil {
		if _, err := boltstore.Write(context.Background(), path, seq(advs, nil), nil); err != nil {
			b.Fatal(err)
		}
	}
	return path, advs
}

func BenchmarkOpen(b *testing.B) {
	path, _ := bigDB(b)
	for b.Loop() {
		s, err := boltstore.Open(context.Background(), path, nil)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

func BenchmarkLookup(b *testing.B) {
	path, advs := bigDB(b)
	s, err := boltstore.Open(context.Background(), path, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	defer os.Remove(path)
	var qs []advisory.Query
	for _, a := range advs[:1000] {
		af := a.Affected[0]
		qs = append(qs, advisory.Query{Ecosystem: af.Ecosystem, Release: af.Release, Package: af.Package})
	}
	ctx := context.Background()
	found := 0
	b.ResetTimer()
	i := 0
	for b.Loop() {
		ans, err := s.Lookup(ctx, qs[i%len(qs)])
		if err != nil {
			b.Fatal(err)
		}
		found += len(ans.Advisories)
		i++
	}
	b.ReportMetric(float64(found)/float64(i), "advisories/op")
}
