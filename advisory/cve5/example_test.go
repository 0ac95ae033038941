package cve5_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/loadline/loadline/advisory/cve5"
)

func ExampleFeed_Parse() {
	const rec = `{"cveMetadata":{"cveId":"CVE-2025-4565","state":"PUBLISHED","datePublished":"2025-06-16T14:50:40.906Z"},
"containers":{"cna":{"providerMetadata":{"shortName":"Google"},
"metrics":[{"cvssV4_0":{"vectorString":"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N","baseScore":8.2}}],
"affected":[{"collectionURL":"https://pypi.org/project/protobuf/","product":"Python-Protobuf","defaultStatus":"unaffected",
 "versions":[{"version":"0","lessThan":"6.31.1","status":"affected","versionType":"semver"}]}]}}}`
	for adv, err := range new(cve5.Feed).Parse(context.Background(), strings.NewReader(rec)) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		s, a := adv.Severities[0], adv.Affected[0]
		fmt.Println(adv.ID, s.Type, s.Score, s.Rating, s.Source)
		fmt.Println(a.Ecosystem, a.Package, a.Fixed())
	}
	// Output:
	// CVE-2025-4565 CVSS_V4 8.2 HIGH Google
	// pypi protobuf [6.31.1]
}
