package oval_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/loadline/loadline/advisory/oval"
)

// Parse a Red Hat OVAL file offline.
func Example() {
	f, err := os.Open("testdata/rhel-8-ansible-2-including-unpatched.oval.xml.bz2")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	for a, err := range oval.Parse(context.Background(), f) {
		if err != nil {
			log.Fatal(err)
		}
		x := a.Affected[0]
		fmt.Printf("%s %s %s %s fixed=%q\n", a.ID, x.Release, x.Package, x.Status, strings.Join(x.Fixed(), " "))
	}
	// Output:
	// CVE-2020-10744 rhel:8 ansible affected fixed=""
	// CVE-2020-1734 rhel:8 ansible affected fixed=""
	// CVE-2020-1738 rhel:8 ansible affected fixed=""
	// RHSA-2019:3927 rhel:8 ansible affected fixed="2.9.1-1.el8"
	// RHSA-2020:0215 rhel:8 ansible affected fixed="2.9.4-1.el8ae"
}
