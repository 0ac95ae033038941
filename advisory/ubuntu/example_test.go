package ubuntu_test

import (
	"context"
	"fmt"
	"os"

	"github.com/loadline/loadline/advisory/ubuntu"
)

// Read one of Canonical's documents, as Parse reads the unpacked feed.
func ExampleParse() {
	f, err := os.Open("testdata/CVE-2023-38545.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	for a, err := range ubuntu.Parse(context.Background(), f) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(a.ID, a.Aliases)
		for _, af := range a.Affected {
			fmt.Println(af.Release, af.Package, af.Status, af.Fixed())
		}
	}
	// Output:
	// CVE-2023-38545 [USN-6429-1 USN-6429-3]
	// ubuntu:14.04 curl not_affected []
	// ubuntu:16.04 curl will_not_fix []
	// ubuntu:16.04 curl not_affected []
	// ubuntu:18.04 curl not_affected []
	// ubuntu:20.04 curl not_affected []
	// ubuntu:22.04 curl fixed [7.81.0-1ubuntu1.24]
	// ubuntu:24.04 curl fixed [8.5.0-2ubuntu10.9]
}
