package advisory_test

import (
	"context"
	"fmt"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/memstore"
	"github.com/loadline/loadline/version"
)

// A store answers one question: the advisories for a package of an
// ecosystem in a distro release, and whether it has data there at all.
func Example() {
	db := &memstore.Store{}
	db.Add(&advisory.Advisory{
		ID: "CVE-2023-4863",
		Affected: []advisory.Affected{{
			Ecosystem: "deb",
			Release:   advisory.ReleaseOf("debian", "12.4"),
			Package:   "libwebp",
			Ranges:    []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: "1.2.4-0.2+deb12u1"}}}},
		}},
		Source: advisory.Provenance{Feed: "debian"},
	})
	for _, q := range []advisory.Query{
		{Ecosystem: "deb", Release: advisory.ReleaseOf("debian", "12"), Package: "libwebp"},
		{Ecosystem: "deb", Release: advisory.ReleaseOf("debian", "11"), Package: "libwebp"},
	} {
		ans, err := db.Lookup(context.Background(), q)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s %s: %d advisories, covered %v", q.Release, q.Package, len(ans.Advisories), ans.Covered)
		for _, a := range ans.Advisories {
			fmt.Printf(" (%s fixed in %v)", a.ID, a.Affected[0].Fixed())
		}
		fmt.Println()
	}
	// Output:
	// debian:12 libwebp: 1 advisories, covered true (CVE-2023-4863 fixed in [1.2.4-0.2+deb12u1])
	// debian:11 libwebp: 0 advisories, covered false
}
