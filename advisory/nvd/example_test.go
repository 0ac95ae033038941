package nvd_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/loadline/loadline/advisory/nvd"
)

func ExampleFeed_Parse() {
	const page = `{"vulnerabilities":[{"cve":{"id":"CVE-2021-28429","vulnStatus":"Analyzed",
"descriptions":[{"lang":"en","value":"Integer overflow in FFmpeg 4.3.2."}],
"metrics":{"cvssMetricV31":[{"source":"nvd@nist.gov","type":"Primary","cvssData":{"version":"3.1","vectorString":"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H","baseScore":5.5}}]},
"configurations":[{"nodes":[{"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":true,"criteria":"cpe:2.3:a:ffmpeg:ffmpeg:*:*:*:*:*:*:*:*","versionEndExcluding":"4.4"}]}]}]}}]}`
	for adv, err := range new(nvd.Feed).Parse(context.Background(), strings.NewReader(page)) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		s := adv.Severities[0]
		fmt.Println(adv.ID, s.Score, s.Rating, s.Source)
		fmt.Println(adv.Affected[0].CPE, adv.Affected[0].Fixed())
	}
	// Output:
	// CVE-2021-28429 5.5 MEDIUM nvd@nist.gov
	// cpe:2.3:a:ffmpeg:ffmpeg:*:*:*:*:*:*:*:* [4.4]
}
