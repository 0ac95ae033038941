package secdb_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/loadline/loadline/advisory/secdb"
)

func Example() {
	file := `{"distroversion": "v3.20", "reponame": "main", "packages": [
	  {"pkg": {"name": "xen", "secfixes": {"4.8.1-r2": ["CVE-2017-8904 XSA-214"]}}},
	  {"pkg": {"name": "cifs-utils", "secfixes": {"0": ["CVE-2020-14342"]}}}]}`
	feed := secdb.AlpineFeed("v3.20", "main")
	for a, err := range feed.Parse(context.Background(), strings.NewReader(file)) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		af := a.Affected[0]
		fmt.Printf("%s %v %s %s %s %v %q\n", a.ID, a.Aliases, af.Release, af.Package, af.Status, af.Fixed(), af.Reason)
	}
	fmt.Println(feed.Name(), feed.Location(), feed.Cover()[0].Release)
	// Output:
	// CVE-2017-8904 [XSA-214] alpine:3.20 xen affected [4.8.1-r2] ""
	// CVE-2020-14342 [] alpine:3.20 cifs-utils not_affected [] "secfixes version 0: never affected"
	// alpine-v3.20-main https://secdb.alpinelinux.org/v3.20/main.json alpine:3.20
}
