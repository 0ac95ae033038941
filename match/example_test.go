package match_test

import (
	"context"
	"fmt"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/memstore"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/version"
)

func ExampleMatcher_Match() {
	var db memstore.Store
	db.Add(&advisory.Advisory{
		ID:      "DSA-5532-1",
		Aliases: []string{"CVE-2023-5363"},
		Source:  advisory.Provenance{Feed: "debian"},
		Affected: []advisory.Affected{{
			Ecosystem: "deb", Release: advisory.Release{Distro: "debian", Version: "12"}, Package: "openssl",
			Ranges: []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: "3.0.11-1~deb12u1"}}}},
		}},
	})
	inv := &sbom.Inventory{
		Distro: &sbom.Distro{ID: "debian", VersionID: "12.1"},
		Packages: []sbom.Package{
			{Type: "deb", Name: "libssl3", Version: "3.0.9-1", Origin: &sbom.Origin{Name: "openssl"}},
			{Type: "npm", Name: "left-pad", Version: "1.3.0"},
		},
	}
	res, err := (&match.Matcher{Store: &db}).Match(context.Background(), inv)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Findings {
		fmt.Println(f.Package.Name, f.Package.Version, f.Vulnerability, f.Status, "fixed in", f.Fixed, "by", f.Evidence[0].Advisory)
	}
	for _, g := range res.Gaps {
		fmt.Println("gap:", g.Ecosystem, g.Packages, g.Why)
	}
	// Output:
	// libssl3 3.0.9-1 CVE-2023-5363 affected fixed in [3.0.11-1~deb12u1] by DSA-5532-1
	// gap: npm 1 no advisory data for this ecosystem
}
