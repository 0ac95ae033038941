package memstore_test

import (
	"context"
	"fmt"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/memstore"
)

// A memstore holds advisories and, by CVE, what is known of their
// exploitation.
func Example() {
	ctx := context.Background()
	s := &memstore.Store{}
	s.Add(&advisory.Advisory{
		ID:       "CVE-2021-44228",
		Affected: []advisory.Affected{{Ecosystem: "maven", Package: "org.apache.logging.log4j:log4j-core"}},
		Source:   advisory.Provenance{Feed: "nvd"},
	})
	s.SetExploitation("CVE-2021-44228", advisory.Exploitation{
		KEV: &advisory.KEV{Added: time.Date(2021, 12, 10, 0, 0, 0, 0, time.UTC), Ransomware: true},
	})
	ans, err := s.Lookup(ctx, advisory.Query{Ecosystem: "maven", Package: "org.apache.logging.log4j:log4j-core"})
	if err != nil {
		panic(err)
	}
	for _, a := range ans.Advisories {
		x, err := s.Exploitation(ctx, a.CVE())
		if err != nil {
			panic(err)
		}
		fmt.Println(a.ID, "in KEV since", x.KEV.Added.Format(time.DateOnly), "ransomware:", x.KEV.Ransomware, "EPSS:", x.EPSS)
	}
	// Output:
	// CVE-2021-44228 in KEV since 2021-12-10 ransomware: true EPSS: <nil>
}
