package storetest

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/version"
)

// Synthetic yields n advisories shaped like real OSV records, for
// benchmarks of stores at sizes no recorded feed reaches (a synthetic
// set, not real data; say so when quoting figures): an ID in the GHSA,
// CVE, ALSA or UBUNTU-CVE form with one or two aliases; a 40-80 byte
// summary and 200-1200 bytes of details (GO-2020-0001 has 204,
// ALSA-2022:8194 1215); one CVSS v3.1 vector; one to three affected
// entries with an introduced/fixed range, spread over 2n/5 packages
// (about five advisories each) in five ecosystems (deb and rpm in one
// release each); two to five references. The same n gives the same
// advisories; each is new.
func Synthetic(n int) iter.Seq2[*advisory.Advisory, error] {
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

// syntheticOne returns the i-th of n synthetic advisories, drawing from r.
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
