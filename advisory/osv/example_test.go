package osv_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/loadline/loadline/advisory/osv"
)

func Example() {
	rec := `{"id": "GHSA-c2qf-rxjj-qqgw", "aliases": ["CVE-2022-25883"],
	  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"}],
	  "affected": [{"package": {"ecosystem": "npm", "name": "semver"},
	    "ranges": [{"type": "SEMVER", "events": [{"introduced": "7.0.0"}, {"fixed": "7.5.2"}]}]}]}`
	for a, err := range osv.Parse(context.Background(), strings.NewReader(rec)) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		s := a.Severities[0]
		fmt.Println(a.ID, a.CVE(), s.Score, s.Rating)
		for _, af := range a.Affected {
			fmt.Println(af.Ecosystem, af.Package, af.Fixed())
		}
	}
	fmt.Println((&osv.Feed{Ecosystem: "PyPI"}).Location())
	// Output:
	// GHSA-c2qf-rxjj-qqgw CVE-2022-25883 5.3 MEDIUM
	// npm semver [7.5.2]
	// https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip
}
