package spdx

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/loadline/loadline/sbom"
)

// TestRealSBOMs decodes SBOMs made by other tools. The package counts
// were made independently with a short Python script over the files
// (json module, and a line reader for tag-value): all packages, less the
// described image, the OPERATING-SYSTEM package, SOURCE packages that
// are GENERATED_FROM targets and purl-less packages that CONTAIN others.
func TestRealSBOMs(t *testing.T) {
	s := schema(t)
	for _, tc := range []struct {
		file   string
		count  int
		source *sbom.Source
		distro *sbom.Distro
		some   []sbom.Package // checked field by field, found by Name and Version
	}{
		{
			file:   "distroless-static-debian12.spdx.json",
			count:  3,
			source: &sbom.Source{Kind: "sbom", Name: "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
			distro: &sbom.Distro{ID: "debian", VersionID: "12", Name: "Debian GNU/Linux 12 (bookworm)"},
			some: []sbom.Package{
				{Type: "deb", Namespace: "debian", Name: "tzdata", Version: "2024b-0+deb12u1"},
				{Type: "deb", Namespace: "debian", Name: "netbase", Version: "6.4"},
			},
		},
		{
			file:   "konflux-manifest.spdx.json",
			count:  4,
			source: &sbom.Source{Kind: "sbom", Name: "ubi9-9-7", Digest: "sha256:2c9bb68a869abf7d7417f6639509ab5eb8500d8429ea11ab59e677be5545162b"},
			some: []sbom.Package{{
				Type: "oci", Name: "ubi9-9-7", Version: "sha256:989a54762df6a21190a34dda0ffb682358fe5c29b249645536a2436b313af367", Arch: "amd64", Vendor: "Red Hat",
				PURL:   "pkg:oci/ubi9-9-7@sha256:989a54762df6a21190a34dda0ffb682358fe5c29b249645536a2436b313af367?arch=amd64&repository_url=quay.io/redhat-user-workloads/osci-rhel-containers-tenant/rhel-9-7/ubi9-9-7",
				Hashes: map[string]string{"SHA-256": "989a54762df6a21190a34dda0ffb682358fe5c29b249645536a2436b313af367"},
			}},
		},
		{
			file:   "scalibr-purl_and_cpe.spdx.json",
			count:  2,
			source: &sbom.Source{Kind: "sbom", Name: "examplesbom"},
			some: []sbom.Package{
				{Type: "generic", Name: "nginx", Version: "1.21.1", PURL: "pkg:generic/nginx@1.21.1", CPEs: []string{"cpe:2.3:a:nginx:nginx:1.21.1"}},
				{Type: "generic", Name: "openssl", Version: "1.1.1l", PURL: "pkg:generic/openssl@1.1.1l"},
			},
		},
		{
			file:   "scalibr-sbom.spdx",
			count:  2,
			source: &sbom.Source{Kind: "sbom", Name: "examplesbom"},
			some: []sbom.Package{
				{Name: "Nginx", CPEs: []string{"cpe:2.3:a:nginx:nginx:1.21.1"}},
				{Type: "generic", Name: "openssl", Version: "1.1.1l", PURL: "pkg:generic/openssl@1.1.1l"},
			},
		},
		{
			file:   "trivy-centos-7.spdx.json",
			count:  2,
			source: &sbom.Source{Kind: "sbom", Name: "integration/testdata/fixtures/images/centos-7.tar.gz", ConfigDigest: "sha256:f1cb7c7d58b73eac859c395882eec49d50651244e342cd6c68a5c7809785f427"},
			distro: &sbom.Distro{ID: "centos", VersionID: "7.6.1810"},
			some:   trivyCentOS(),
		},
		{
			file:   "trivy-centos-7.spdx.tv",
			count:  2,
			source: &sbom.Source{Kind: "sbom", Name: "integration/testdata/fixtures/images/centos-7.tar.gz", ConfigDigest: "sha256:f1cb7c7d58b73eac859c395882eec49d50651244e342cd6c68a5c7809785f427"},
			distro: &sbom.Distro{ID: "centos", VersionID: "7.6.1810"},
			some:   trivyCentOS(),
		},
		{
			file:   "ubi8-micro.spdx.json",
			count:  20,
			source: &sbom.Source{Kind: "sbom", Name: "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
			distro: &sbom.Distro{ID: "rhel", VersionID: "8", Name: "Red Hat Enterprise Linux Server 8"},
			some: []sbom.Package{
				{Type: "rpm", Namespace: "redhat", Name: "coreutils-single", Version: "8.30-15.el8", Origin: &sbom.Origin{Name: "coreutils", Version: "8.30-15.el8"}},
				{Type: "rpm", Namespace: "redhat", Name: "libacl", Version: "2.2.53-3.el8", Origin: &sbom.Origin{Name: "acl", Version: "2.2.53-3.el8"}},
				{Name: "ubi8/ubi-micro", Version: "8.10-19", Origin: &sbom.Origin{Name: "ubi8-micro-container", Version: "8.10-19"}},
			},
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open("testdata/real/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			inv, err := Decode(f)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if len(inv.Packages) != tc.count {
				t.Errorf("%d packages, want %d", len(inv.Packages), tc.count)
			}
			if diff := cmp.Diff(tc.source, inv.Source); diff != "" {
				t.Errorf("source (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.distro, inv.Distro); diff != "" {
				t.Errorf("distro (-want +got):\n%s", diff)
			}
			for _, want := range tc.some {
				var got *sbom.Package
				for i, p := range inv.Packages {
					if p.Name == want.Name && p.Version == want.Version {
						got = &inv.Packages[i]
					}
				}
				if got == nil {
					t.Errorf("no package %s %s", want.Name, want.Version)
					continue
				}
				if diff := cmp.Diff(want, *got); diff != "" {
					t.Errorf("package %s (-want +got):\n%s", want.Name, diff)
				}
			}
			// Written again by Encode, in both formats, it is valid
			// SPDX 2.3 and reads back the same.
			roundTrip(t, s, inv, inv)

		})
	}
}

func trivyCentOS() []sbom.Package {
	layer := "sha256:89169d87dbe2b72ba42bfbb3579c957322baca28e03a1e558076542a1c1b2b4a"
	return []sbom.Package{
		{Type: "rpm", Namespace: "centos", Name: "bash", Version: "4.2.46-31.el7", Arch: "x86_64",
			Origin: &sbom.Origin{Name: "bash", Version: "4.2.46-31.el7"}, Licenses: []string{"GPLv3+"}, Layer: layer,
			PURL: "pkg:rpm/centos/bash@4.2.46-31.el7?arch=x86_64&distro=centos-7.6.1810"},
		// The purl's version and epoch win over versionInfo
		// ("1:1.0.2k-19.el7" in this test fixture).
		{Type: "rpm", Namespace: "centos", Name: "openssl-libs", Version: "1:1.0.2k-16.el7", Arch: "x86_64",
			Origin: &sbom.Origin{Name: "openssl-libs", Version: "1:1.0.2k-16.el7"}, Licenses: []string{"OpenSSL"}, Layer: layer,
			PURL: "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810"},
	}
}
