package csaf_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/loadline/loadline/advisory/csaf"
)

// Read a Red Hat VEX document: the header and product tree first, then
// each vulnerability with the PURL and CPE of its fixed products.
func Example() {
	f, err := os.Open("testdata/cve-2024-24786-simple.json")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	r, err := csaf.NewReader(context.Background(), f)
	if err != nil {
		log.Fatal(err)
	}
	doc := r.Document()
	fmt.Println(doc.Tracking.ID, doc.Category, doc.AggregateSeverity)
	for {
		v, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		for status, ids := range v.Status.All() {
			for _, id := range ids {
				p := doc.Products[id]
				fmt.Println(v.CVE, status, p.PURL, p.CPE)
			}
		}
	}
	// Output:
	// CVE-2024-24786 csaf_vex Moderate
	// CVE-2024-24786 fixed pkg:rpm/redhat/cri-tools@1.29.0-3.1.el9?arch=aarch64 cpe:/a:redhat:openshift:4.16::el9
}
