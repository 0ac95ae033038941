package distro_test

import (
	"fmt"
	"testing/fstest"

	"github.com/loadline/loadline/scan/distro"
)

func ExampleDetect() {
	// A Google distroless image: Debian, though PRETTY_NAME says otherwise,
	// and the codename only in VERSION.
	fsys := fstest.MapFS{
		"usr/lib/os-release": {Data: []byte(`PRETTY_NAME="Distroless"
NAME="Debian GNU/Linux"
ID="debian"
VERSION_ID="12"
VERSION="Debian GNU/Linux 12 (bookworm)"
`)},
	}
	d, err := distro.Detect(fsys)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %s %s %q\n", d.ID, d.VersionID, d.Codename, d.Name)
	fmt.Println(distro.Wants("/usr/lib/os-release"), distro.Wants("/var/lib/dpkg/status"))
	// Output:
	// debian 12 bookworm "Distroless"
	// true false
}
