package redhat_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/loadline/loadline/advisory/csaf/redhat"
)

// Parse a Red Hat VEX document offline and list what it says of curl in
// RHEL 9 and RHEL 8.
func Example() {
	f, err := os.Open("testdata/cve-2023-38545.json")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	for a, err := range redhat.Parse(context.Background(), f) {
		if err != nil {
			log.Fatal(err)
		}
		for _, x := range a.Affected {
			if x.Package == "curl" && x.Release.Distro == "rhel" && x.Release.Version >= "8" {
				fmt.Printf("%s %s %s %s reason=%q fixed=%q\n", a.ID, x.Release, x.Package, x.Status, x.Reason, strings.Join(x.Fixed(), " "))
			}
		}
	}
	// Output:
	// CVE-2023-38545 rhel:8 curl not_affected reason="vulnerable_code_not_present" fixed=""
	// CVE-2023-38545 rhel:9 curl affected reason="" fixed="7.76.1-14.el9_0.9 7.76.1-23.el9_2.4 7.76.1-26.el9_3.2"
}
