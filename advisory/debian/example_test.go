package debian_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/loadline/loadline/advisory/debian"
)

func Example() {
	export := `{"openssl": {"CVE-2024-0727": {"description": "PKCS12 NULL dereference", "releases": {
	  "bookworm": {"status": "resolved", "fixed_version": "3.0.13-1~deb12u1", "urgency": "low"},
	  "bullseye": {"status": "open", "urgency": "low", "nodsa": "Minor issue", "nodsa_reason": "ignored"}}}}}`
	for a, err := range (&debian.Tracker{}).Parse(context.Background(), strings.NewReader(export)) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		for _, af := range a.Affected {
			fmt.Printf("%s %s %s %s %v %s %q\n", a.ID, af.Release, af.Package, af.Status, af.Fixed(), af.Severity, af.Reason)
		}
	}

	list := "[11 Jul 2019] DSA-4480-1 redis - security update\n\t{CVE-2019-10192 CVE-2019-10193}\n\t[buster] - redis 5:5.0.3-4+deb10u1\n"
	for a, err := range (&debian.List{Kind: debian.DSA}).Parse(context.Background(), strings.NewReader(list)) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(a.ID, a.Aliases, a.Published.Format("2006-01-02"), a.Affected[0].Release, a.Affected[0].Fixed())
	}
	// Output:
	// CVE-2024-0727 debian:11 openssl will_not_fix [] low "ignored: Minor issue"
	// CVE-2024-0727 debian:12 openssl affected [3.0.13-1~deb12u1] low ""
	// DSA-4480-1 [CVE-2019-10192 CVE-2019-10193] 2019-07-11 debian:10 [5:5.0.3-4+deb10u1]
}
