package vex_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/loadline/loadline/match/vex"
)

// A supplier's VEX says an image's OpenSSL is not affected; matching asks
// about a finding in that image.
func Example() {
	doc, err := vex.Decode(strings.NewReader(`{
	  "@context": "https://openvex.dev/ns/v0.2.0",
	  "@id": "https://example.com/vex/2024-001",
	  "author": "Example Security",
	  "timestamp": "2024-07-10T08:00:00Z",
	  "version": 1,
	  "statements": [{
	    "vulnerability": {"name": "CVE-2024-5535"},
	    "products": [{
	      "@id": "pkg:oci/app?repository_url=registry.example.com/app",
	      "subcomponents": [{"@id": "pkg:apk/alpine/libssl3"}]
	    }],
	    "status": "not_affected",
	    "justification": "vulnerable_code_not_in_execute_path",
	    "impact_statement": "TLS is terminated by the proxy"
	  }]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	ix := vex.NewIndex(doc)
	s, ok := ix.Lookup(vex.Finding{
		Vulnerability: "CVE-2024-5535",
		PURL:          "pkg:apk/alpine/libssl3@3.3.1-r0?arch=x86_64&distro=alpine-3.20.1",
		Products:      []string{"pkg:oci/app@sha256%3Aab12?repository_url=registry.example.com/app"},
	})
	fmt.Println(ok, s.Status, s.Justification, s.Impact)
	_, ok = ix.Lookup(vex.Finding{Vulnerability: "CVE-2024-5535", PURL: "pkg:apk/alpine/libssl3@3.3.1-r0"})
	fmt.Println(ok)
	// Output:
	// true not_affected vulnerable_code_not_in_execute_path TLS is terminated by the proxy
	// false
}

// Statements out, as CycloneDX VEX with a fixed ID and time.
func ExampleEncode() {
	stmts := []vex.Statement{{
		Vulnerability: "CVE-2023-38545",
		Products:      []vex.Product{{Component: vex.Component{ID: "pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.24", PURL: "pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.24"}}},
		Status:        vex.StatusFixed,
	}}
	err := vex.Encode(os.Stdout, stmts, vex.Options{
		Format:    vex.OpenVEX,
		ID:        "https://example.com/vex/1",
		Timestamp: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "@context": "https://openvex.dev/ns/v0.2.0",
	//   "@id": "https://example.com/vex/1",
	//   "author": "loadline",
	//   "version": 1,
	//   "statements": [
	//     {
	//       "vulnerability": {
	//         "name": "CVE-2023-38545"
	//       },
	//       "products": [
	//         {
	//           "@id": "pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.24"
	//         }
	//       ],
	//       "status": "fixed"
	//     }
	//   ],
	//   "timestamp": "2024-01-02T00:00:00Z"
	// }
}
