package vex_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/match/vex"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/sbom/cyclonedx"
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

// An image's inventory and what matching found in it, as one CycloneDX
// document: the finding's affects name the package's component.
func ExampleEncodeBOM() {
	inv := &sbom.Inventory{Packages: []sbom.Package{{
		Type: "npm", Name: "semver", Version: "7.5.1", PURL: "pkg:npm/semver@7.5.1",
	}}}
	res := &match.Result{Findings: []match.Finding{{
		Package:       match.Package{Type: "npm", Name: "semver", Version: "7.5.1", PURL: "pkg:npm/semver@7.5.1"},
		Vulnerability: "CVE-2022-25883",
		Aliases:       []string{"GHSA-c2qf-rxjj-qqgw"},
		Status:        advisory.StatusAffected,
		Fixed:         []string{"7.5.2"},
		Severities: []advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L",
			Score: 5.3, Rating: "MEDIUM", Source: "ghsa"}},
		Evidence: []match.Evidence{{Advisory: "GHSA-c2qf-rxjj-qqgw", Feed: "osv", Status: advisory.StatusAffected}},
	}}}
	err := vex.EncodeBOM(os.Stdout, inv, res, cyclonedx.Options{SerialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
	//   "bomFormat": "CycloneDX",
	//   "specVersion": "1.6",
	//   "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
	//   "version": 1,
	//   "metadata": {
	//     "tools": {
	//       "components": [
	//         {
	//           "type": "application",
	//           "name": "loadline"
	//         }
	//       ]
	//     }
	//   },
	//   "components": [
	//     {
	//       "bom-ref": "pkg:npm/semver@7.5.1",
	//       "type": "library",
	//       "name": "semver",
	//       "version": "7.5.1",
	//       "purl": "pkg:npm/semver@7.5.1"
	//     }
	//   ],
	//   "vulnerabilities": [
	//     {
	//       "id": "CVE-2022-25883",
	//       "source": {
	//         "name": "NVD",
	//         "url": "https://nvd.nist.gov/vuln/detail/CVE-2022-25883"
	//       },
	//       "references": [
	//         {
	//           "id": "GHSA-c2qf-rxjj-qqgw",
	//           "source": {
	//             "name": "GitHub Advisories",
	//             "url": "https://github.com/advisories/GHSA-c2qf-rxjj-qqgw"
	//           }
	//         }
	//       ],
	//       "ratings": [
	//         {
	//           "source": {
	//             "name": "GitHub Advisories"
	//           },
	//           "score": 5.3,
	//           "severity": "medium",
	//           "method": "CVSSv31",
	//           "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"
	//         }
	//       ],
	//       "recommendation": "Upgrade semver from 7.5.1 to 7.5.2.",
	//       "affects": [
	//         {
	//           "ref": "pkg:npm/semver@7.5.1",
	//           "versions": [
	//             {
	//               "version": "7.5.1",
	//               "status": "affected"
	//             }
	//           ]
	//         }
	//       ]
	//     }
	//   ]
	// }
}
