package match_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/memstore"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/version"
)

// synthetic builds a store of n advisories and an inventory of pkgs
// packages, shaped like real data (synthetic, not real): Debian 12
// source packages (fixed-in ranges, some not-affected and open entries,
// DSA-style bundles of several CVEs), the rest npm, PyPI, Maven and Go
// packages with OSV ranges of one to three intervals and a CVE and GHSA
// alias each; ten advisories per package name on average, so that each
// inventory package meets several and the inventory as a whole about
// pkgs*10 advisories, of which about one in ten applies.
//
// osShare is the share of Debian packages and advisories, in tenths: 2
// spreads them evenly over the five ecosystems, 7 is closer to a
// container image (a Debian image is mostly OS packages).
func synthetic(n, pkgs, osShare int) (*memstore.Store, *sbom.Inventory) {
	rng := rand.New(rand.NewPCG(1, 2))
	names := n / 10
	ecos := []string{"deb", "npm", "pypi", "maven", "golang"}
	ecoOf := func(i int) string {
		if i%10 < osShare {
			return "deb"
		}
		return ecos[1+i%4]
	}
	bookworm := advisory.Release{Distro: "debian", Version: "12"}
	name := func(i int) (eco, pkg string) {
		eco = ecoOf(i)
		switch eco {
		case "maven":
			return eco, fmt.Sprintf("org.example%d:artifact%d", i%97, i)
		case "golang":
			return eco, fmt.Sprintf("github.com/org%d/mod%d", i%89, i)
		}
		return eco, fmt.Sprintf("pkg%d", i)
	}
	ver := func(eco string, major, minor int) string {
		switch eco {
		case "deb":
			return fmt.Sprintf("%d.%d-1+deb12u%d", major, minor, minor%3)
		case "golang":
			return fmt.Sprintf("v%d.%d.0", major, minor)
		}
		return fmt.Sprintf("%d.%d.0", major, minor)
	}
	st := &memstore.Store{}
	advs := make([]*advisory.Advisory, 0, n)
	for i := range n {
		eco, pkg := name(rng.IntN(names))
		a := &advisory.Advisory{
			ID:      fmt.Sprintf("GHSA-%04x-%04x-%04x", i>>8, i&0xff, i%4099),
			Aliases: []string{fmt.Sprintf("CVE-20%02d-%d", 10+i%15, 10000+i)},
			Source:  advisory.Provenance{Feed: "osv", Record: fmt.Sprintf("r%d", i)},
			Summary: "synthetic advisory",
		}
		af := advisory.Affected{Ecosystem: eco, Package: pkg}
		if eco == "deb" {
			a.ID, a.Aliases = fmt.Sprintf("DSA-%d-1", i), []string{fmt.Sprintf("CVE-2023-%d", 10000+i), fmt.Sprintf("CVE-2024-%d", 10000+i)}
			a.Source.Feed = "debian"
			af.Release, af.Severity = bookworm, "medium"
		}
		switch r := rng.IntN(20); {
		case eco == "deb" && r == 0:
			af.Status = advisory.StatusNotAffected
		case eco == "deb" && r == 1:
			af.Status = advisory.StatusWillNotFix
		default:
			var evs []version.Event
			for k := range 1 + rng.IntN(3) {
				evs = append(evs, version.Event{Introduced: ver(eco, k+1, 0)}, version.Event{Fixed: ver(eco, k+1, 1+rng.IntN(9))})
			}
			evs[0].Introduced = "0"
			af.Ranges = []version.Range{{Type: version.RangeEcosystem, Events: evs}}
		}
		a.Affected = []advisory.Affected{af}
		advs = append(advs, a)
	}
	st.Add(advs...)
	inv := &sbom.Inventory{Distro: &sbom.Distro{ID: "debian", VersionID: "12.5"}}
	for i := range pkgs {
		eco, pkg := name(rng.IntN(names))
		// Most installed versions are at or above the advisories' fixes,
		// as in a maintained image: about one advisory in ten applies.
		p := sbom.Package{Type: eco, Name: pkg, Version: ver(eco, 3, 7+rng.IntN(3))}
		switch eco {
		case "deb":
			p.Name = fmt.Sprintf("lib%s-%d", pkg, i)
			p.Origin = &sbom.Origin{Name: pkg}
		case "maven":
			p.Namespace, p.Name, _ = cutColon(pkg)
		}
		inv.Packages = append(inv.Packages, p)
	}
	inv.Sort()
	return st, inv
}

func cutColon(s string) (a, b string, ok bool) {
	for i := range len(s) {
		if s[i] == ':' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// BenchmarkMatch matches 2,000 packages against 500,000 synthetic
// advisories in memstore; the store is built before the timer starts.
// "image" has seven OS packages in ten, "uniform" two.
//
//	go test ./match -run '^$' -bench Match -benchtime 20x -benchmem
func BenchmarkMatch(b *testing.B) {
	for _, bc := range []struct {
		name    string
		osShare int
	}{{"image", 7}, {"uniform", 2}} {
		b.Run(bc.name, func(b *testing.B) {
			st, inv := synthetic(500_000, 2_000, bc.osShare)
			m := &match.Matcher{Store: st}
			res, err := m.Match(context.Background(), inv)
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC() // the store's construction is not the match's garbage
			cpu0 := cpuTime()
			n := 0
			for b.Loop() {
				if _, err := m.Match(context.Background(), inv); err != nil {
					b.Fatal(err)
				}
				n++
			}
			// The CPU time of the whole process per match: on a shared
			// machine the wall clock (ns/op) also counts the time others
			// had the cores.
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(n), "cpu-ms/op")
			b.ReportMetric(float64(len(res.Findings)), "findings")
		})
	}
}

// cpuTime returns the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
