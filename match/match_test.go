package match_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/advisory/eol"
	"github.com/loadline/loadline/advisory/memstore"
	"github.com/loadline/loadline/advisory/nvd"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/version"
)

var update = flag.Bool("update", false, "rewrite golden files")

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// fixed returns the range "introduced 0, fixed v".
func fixed(v string) []version.Range {
	return []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: v}}}}
}

func rel(d, v string) advisory.Release { return advisory.Release{Distro: d, Version: v} }

// adv builds an advisory of feed with one affected entry per af.
func adv(id, feed string, aliases []string, af ...advisory.Affected) *advisory.Advisory {
	return &advisory.Advisory{ID: id, Aliases: aliases, Affected: af, Source: advisory.Provenance{Feed: feed, Record: id}}
}

// row is what the table tests compare of a finding.
type row struct {
	Package, Vulnerability string
	Aliases                []string
	Status                 advisory.Status
	Fixed                  []string
	Evidence               []string // advisory@feed:range
	Confidence             match.Confidence
}

func rows(res *match.Result) []row {
	var out []row
	for _, f := range res.Findings {
		r := row{Package: f.Package.Name + "@" + f.Package.Version, Vulnerability: f.Vulnerability, Aliases: f.Aliases,
			Status: f.Status, Fixed: f.Fixed, Confidence: f.Confidence}
		for _, e := range f.Evidence {
			r.Evidence = append(r.Evidence, e.Advisory+"@"+e.Feed+":"+e.Range)
		}
		out = append(out, r)
	}
	return out
}

func debian12(pkgs ...sbom.Package) *sbom.Inventory {
	return &sbom.Inventory{Distro: &sbom.Distro{ID: "debian", VersionID: "12.4"}, Packages: pkgs}
}

func deb(name, v string, origin ...string) sbom.Package {
	p := sbom.Package{Type: "deb", Namespace: "debian", Name: name, Version: v}
	if len(origin) > 0 {
		p.Origin = &sbom.Origin{Name: origin[0]}
		if len(origin) > 1 {
			p.Origin.Version = origin[1]
		}
	}
	return p
}

var bookworm = rel("debian", "12")

// curlVEX is CVE-2023-38545 for curl in jammy as Ubuntu's OpenVEX
// document says it (advisory/ubuntu's testdata): fixed in the version
// the archive held when it was written, 7.81.0-1ubuntu1.24; curlOSV as
// Ubuntu's OSV record says it, with the first fix, 7.81.0-1ubuntu1.14
// (USN-6429-1).
var (
	jammyRel = rel("ubuntu", "22.04")
	curlVEX  = adv("CVE-2023-38545", "ubuntu-vex", nil, advisory.Affected{Ecosystem: "deb", Release: jammyRel, Package: "curl",
		Status: advisory.StatusFixed, Ranges: fixed("7.81.0-1ubuntu1.24")})
	curlOSV = adv("UBUNTU-CVE-2023-38545", "osv", []string{"CVE-2023-38545"}, advisory.Affected{Ecosystem: "deb", Release: jammyRel, Package: "curl",
		Ranges: fixed("7.81.0-1ubuntu1.14")})
)

func jammy(pkgs ...sbom.Package) *sbom.Inventory {
	return &sbom.Inventory{Distro: &sbom.Distro{ID: "ubuntu", VersionID: "22.04"}, Packages: pkgs}
}

func TestMatch(t *testing.T) {
	nvdOpenSSL := adv("CVE-2023-5678", "nvd", nil, advisory.Affected{CPE: "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*",
		Ranges: []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "3.0.0"}, {Fixed: "3.0.13"}}}}})
	tests := []struct {
		name  string
		cpe   bool
		inv   *sbom.Inventory
		advs  []*advisory.Advisory
		cover []advisory.Release
		want  []row
		gaps  []match.Gap
	}{{
		name: "backport: below NVD's upstream fix, at the distro's fix",
		cpe:  true,
		inv: debian12(sbom.Package{Type: "deb", Namespace: "debian", Name: "libssl3", Version: "3.0.11-1~deb12u2",
			Origin: &sbom.Origin{Name: "openssl"}, CPEs: []string{"cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*"}}),
		advs: []*advisory.Advisory{
			adv("CVE-2023-5678", "debian", nil, advisory.Affected{Ecosystem: "deb", Release: bookworm, Package: "openssl", Ranges: fixed("3.0.11-1~deb12u2")}),
			nvdOpenSSL,
		},
	}, {
		name: "below the distro fix, via the source package and its version",
		inv:  debian12(deb("libssl3", "3.0.9-1", "openssl", "3.0.9-1"), deb("openssl", "3.0.11-1~deb12u2")),
		advs: []*advisory.Advisory{
			adv("CVE-2023-5678", "debian", nil, advisory.Affected{Ecosystem: "deb", Release: bookworm, Package: "openssl", Ranges: fixed("3.0.11-1~deb12u2")}),
		},
		want: []row{{Package: "libssl3@3.0.9-1", Vulnerability: "CVE-2023-5678", Status: "affected", Fixed: []string{"3.0.11-1~deb12u2"},
			Evidence: []string{"CVE-2023-5678@debian:<3.0.11-1~deb12u2"}, Confidence: "high"}},
	}, {
		name: "epochs and +debNuM in dpkg order",
		inv:  debian12(deb("a", "1:1.0-1"), deb("b", "2.36-9+deb12u3"), deb("c", "2.36-9+deb12u9")),
		advs: []*advisory.Advisory{
			adv("CVE-2024-0001", "debian", nil, advisory.Affected{Ecosystem: "deb", Release: bookworm, Package: "a", Ranges: fixed("2.0-1")}),
			adv("CVE-2024-0002", "debian", nil,
				advisory.Affected{Ecosystem: "deb", Release: bookworm, Package: "b", Ranges: fixed("2.36-9+deb12u4")},
				advisory.Affected{Ecosystem: "deb", Release: bookworm, Package: "c", Ranges: fixed("2.36-9+deb12u4")}),
		},
		want: []row{{Package: "b@2.36-9+deb12u3", Vulnerability: "CVE-2024-0002", Status: "affected", Fixed: []string{"2.36-9+deb12u4"},
			Evidence: []string{"CVE-2024-0002@debian:<2.36-9+deb12u4"}, Confidence: "high"}},
	}, {
		name: "statuses kept: not affected, will not fix, under investigation, open",
		inv:  &sbom.Inventory{Distro: &sbom.Distro{ID: "ubuntu", VersionID: "22.04"}, Packages: []sbom.Package{{Type: "deb", Namespace: "ubuntu", Name: "tar", Version: "1.34+dfsg-1ubuntu0.1.22.04.1"}}},
		advs: []*advisory.Advisory{
			adv("UBUNTU-CVE-2022-48303", "ubuntu", nil, advisory.Affected{Ecosystem: "deb", Release: rel("ubuntu", "22.04"), Package: "tar", Status: advisory.StatusNotAffected, Reason: "code not present"}),
			adv("CVE-2005-2541", "ubuntu", nil, advisory.Affected{Ecosystem: "deb", Release: rel("ubuntu", "22.04"), Package: "tar", Status: advisory.StatusWillNotFix}),
			adv("CVE-2025-0003", "ubuntu", nil, advisory.Affected{Ecosystem: "deb", Release: rel("ubuntu", "22.04"), Package: "tar", Status: advisory.StatusUnderInvestigation}),
			adv("CVE-2025-0004", "ubuntu", nil, advisory.Affected{Ecosystem: "deb", Release: rel("ubuntu", "22.04"), Package: "tar"}),
		},
		want: []row{
			{Package: "tar@1.34+dfsg-1ubuntu0.1.22.04.1", Vulnerability: "CVE-2005-2541", Status: "will_not_fix", Evidence: []string{"CVE-2005-2541@ubuntu:"}, Confidence: "high"},
			{Package: "tar@1.34+dfsg-1ubuntu0.1.22.04.1", Vulnerability: "CVE-2022-48303", Aliases: []string{"UBUNTU-CVE-2022-48303"}, Status: "not_affected", Evidence: []string{"UBUNTU-CVE-2022-48303@ubuntu:"}, Confidence: "high"},
			{Package: "tar@1.34+dfsg-1ubuntu0.1.22.04.1", Vulnerability: "CVE-2025-0003", Status: "under_investigation", Evidence: []string{"CVE-2025-0003@ubuntu:"}, Confidence: "high"},
			{Package: "tar@1.34+dfsg-1ubuntu0.1.22.04.1", Vulnerability: "CVE-2025-0004", Status: "affected", Evidence: []string{"CVE-2025-0004@ubuntu:all versions"}, Confidence: "high"},
		},
	}, {
		name: "a release without data is a gap, also with CPE off",
		inv:  &sbom.Inventory{Distro: &sbom.Distro{ID: "alpine", VersionID: "3.21.0"}, Packages: []sbom.Package{{Type: "apk", Name: "busybox", Version: "1.37.0-r8"}, {Type: "apk", Name: "musl", Version: "1.2.5-r8"}}},
		advs: []*advisory.Advisory{adv("CVE-2024-0005", "alpine", nil, advisory.Affected{Ecosystem: "apk", Release: rel("alpine", "3.20"), Package: "busybox", Ranges: fixed("1.36.1-r29")})},
		gaps: []match.Gap{{Ecosystem: "apk", Release: rel("alpine", "3.21"), Packages: 2, Why: "no advisory data for this distro release"}},
	}, {
		name:  "a covered release with no advisory for the package is clean, not a gap",
		inv:   &sbom.Inventory{Distro: &sbom.Distro{ID: "alpine", VersionID: "3.21.0"}, Packages: []sbom.Package{{Type: "apk", Name: "busybox", Version: "1.37.0-r8"}}},
		cover: []advisory.Release{rel("alpine", "3.21")},
	}, {
		name: "apk -rN",
		inv: &sbom.Inventory{Distro: &sbom.Distro{ID: "alpine", VersionID: "3.20.3"}, Packages: []sbom.Package{
			{Type: "apk", Name: "libcrypto3", Version: "3.3.2-r0", Origin: &sbom.Origin{Name: "openssl", Version: "3.3.2-r0"}},
			{Type: "apk", Name: "busybox", Version: "1.36.1-r29"}}},
		advs: []*advisory.Advisory{
			adv("CVE-2024-9143", "alpine", nil, advisory.Affected{Ecosystem: "apk", Release: rel("alpine", "3.20"), Package: "openssl", Ranges: fixed("3.3.2-r1")}),
			adv("CVE-2023-42363", "alpine", nil, advisory.Affected{Ecosystem: "apk", Release: rel("alpine", "3.20"), Package: "busybox", Ranges: fixed("1.36.1-r29")}),
		},
		want: []row{{Package: "libcrypto3@3.3.2-r0", Vulnerability: "CVE-2024-9143", Status: "affected", Fixed: []string{"3.3.2-r1"},
			Evidence: []string{"CVE-2024-9143@alpine:<3.3.2-r1"}, Confidence: "high"}},
	}, {
		name: "rpm EVR and module streams",
		inv: &sbom.Inventory{Distro: &sbom.Distro{ID: "rocky", VersionID: "8.9"}, Packages: []sbom.Package{
			{Type: "rpm", Name: "nodejs", Version: "1:18.19.0-1.module+el8.9.0+1500+abcd", Metadata: map[string]string{"rpm:modularitylabel": "nodejs:18:8090020231019152822:a75119d5"}},
			{Type: "rpm", Name: "bash", Version: "4.4.20-4.el8_6"}}},
		advs: []*advisory.Advisory{
			adv("RLSA-2024:1", "osv", []string{"CVE-2024-0010"},
				advisory.Affected{Ecosystem: "rpm", Release: rel("rocky", "8"), Package: "nodejs", Module: "nodejs:18", Ranges: fixed("1:18.20.2-1.module+el8.9.0+1600+abcd")},
				advisory.Affected{Ecosystem: "rpm", Release: rel("rocky", "8"), Package: "nodejs", Module: "nodejs:20", Ranges: fixed("1:20.12.2-1.module+el8.9.0+1601+abcd")},
				advisory.Affected{Ecosystem: "rpm", Release: rel("rocky", "8"), Package: "nodejs", Ranges: fixed("2:0-1")}),
			adv("RLSA-2024:2", "osv", []string{"CVE-2024-0011"}, advisory.Affected{Ecosystem: "rpm", Release: rel("rocky", "8"), Package: "bash", Ranges: fixed("0:4.4.20-4.el8_6")}),
		},
		want: []row{{Package: "nodejs@1:18.19.0-1.module+el8.9.0+1500+abcd", Vulnerability: "CVE-2024-0010", Aliases: []string{"RLSA-2024:1"}, Status: "affected",
			Fixed: []string{"1:18.20.2-1.module+el8.9.0+1600+abcd"}, Evidence: []string{"RLSA-2024:1@osv:<1:18.20.2-1.module+el8.9.0+1600+abcd"}, Confidence: "high"}},
	}, {
		name: "application ecosystems by normalised name",
		inv: &sbom.Inventory{Packages: []sbom.Package{
			{Type: "pypi", Name: "Flask_SQLAlchemy", Version: "2.0"},
			{Type: "maven", Namespace: "org.apache.logging.log4j", Name: "log4j-core", Version: "2.14.1"},
			{Type: "npm", Namespace: "@babel", Name: "traverse", Version: "7.23.0"},
			{Type: "golang", Namespace: "golang.org/x", Name: "net", Version: "v0.17.0"},
			{Type: "nuget", Name: "Newtonsoft.Json", Version: "12.0.3"},
		}},
		advs: []*advisory.Advisory{
			adv("PYSEC-2000-1", "osv", nil, advisory.Affected{Ecosystem: "pypi", Package: "flask-sqlalchemy", Versions: []string{"2.0"}}),
			adv("GHSA-jfh8-c2jp-5v3q", "osv", []string{"CVE-2021-44228"}, advisory.Affected{Ecosystem: "maven", Package: "org.apache.logging.log4j:log4j-core",
				Ranges: []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "2.0-beta9"}, {Fixed: "2.3.1"}, {Introduced: "2.4"}, {Fixed: "2.12.2"}, {Introduced: "2.13.0"}, {Fixed: "2.15.0"}}}}}),
			adv("GHSA-67hx-6x53-jw92", "osv", []string{"CVE-2023-45133"}, advisory.Affected{Ecosystem: "npm", Package: "@babel/traverse",
				Ranges: []version.Range{{Type: version.RangeSemver, Events: []version.Event{{Introduced: "0"}, {Fixed: "7.23.2"}}}}}),
			adv("GO-2023-2102", "osv", []string{"CVE-2023-39325", "GHSA-4374-p667-p6c8"}, advisory.Affected{Ecosystem: "golang", Package: "golang.org/x/net",
				Ranges: []version.Range{{Type: version.RangeSemver, Events: []version.Event{{Introduced: "0"}, {Fixed: "0.17.0"}}}}}),
			adv("GHSA-5crp-9r3c-p9vr", "osv", []string{"CVE-2024-21907"}, advisory.Affected{Ecosystem: "nuget", Package: "newtonsoft.json", Ranges: fixed("13.0.1")}),
		},
		want: []row{
			{Package: "log4j-core@2.14.1", Vulnerability: "CVE-2021-44228", Aliases: []string{"GHSA-jfh8-c2jp-5v3q"}, Status: "affected", Fixed: []string{"2.15.0"},
				Evidence: []string{"GHSA-jfh8-c2jp-5v3q@osv:>=2.13.0, <2.15.0"}, Confidence: "high"},
			{Package: "traverse@7.23.0", Vulnerability: "CVE-2023-45133", Aliases: []string{"GHSA-67hx-6x53-jw92"}, Status: "affected", Fixed: []string{"7.23.2"},
				Evidence: []string{"GHSA-67hx-6x53-jw92@osv:<7.23.2"}, Confidence: "high"},
			{Package: "Newtonsoft.Json@12.0.3", Vulnerability: "CVE-2024-21907", Aliases: []string{"GHSA-5crp-9r3c-p9vr"}, Status: "affected", Fixed: []string{"13.0.1"},
				Evidence: []string{"GHSA-5crp-9r3c-p9vr@osv:<13.0.1"}, Confidence: "high"},
			{Package: "Flask_SQLAlchemy@2.0", Vulnerability: "PYSEC-2000-1", Status: "affected", Evidence: []string{"PYSEC-2000-1@osv:=2.0"}, Confidence: "high"},
		},
	}, {
		name: "dedupe by alias; a bundle counts for each of its CVEs; fixes nearest first",
		inv:  &sbom.Inventory{Packages: []sbom.Package{{Type: "pypi", Name: "jinja2", Version: "2.10"}}},
		advs: []*advisory.Advisory{
			adv("GHSA-462w-v97r-4m45", "osv", []string{"CVE-2019-10906"}, advisory.Affected{Ecosystem: "pypi", Package: "jinja2",
				Ranges: []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: "2.10.1"}, {Introduced: "2.11"}, {Fixed: "2.11.1"}}}}}),
			adv("PYSEC-2019-217", "osv", []string{"CVE-2019-10906", "GHSA-462w-v97r-4m45"}, advisory.Affected{Ecosystem: "pypi", Package: "Jinja2", Ranges: fixed("2.10.1")}),
			adv("BUNDLE-1", "other", []string{"CVE-2020-0001", "CVE-2020-0002"}, advisory.Affected{Ecosystem: "pypi", Package: "jinja2", Ranges: fixed("3.0")}),
			{ID: "GHSA-gone-gone-gone", Withdrawn: now, Affected: []advisory.Affected{{Ecosystem: "pypi", Package: "jinja2", Ranges: fixed("3.0")}}},
			{Source: advisory.Provenance{Feed: "local", Record: "notes.json#3"}, Affected: []advisory.Affected{{Ecosystem: "pypi", Package: "jinja2", Ranges: fixed("2.10.5")}}},
		},
		want: []row{
			{Package: "jinja2@2.10", Vulnerability: "CVE-2019-10906", Aliases: []string{"GHSA-462w-v97r-4m45", "PYSEC-2019-217"}, Status: "affected", Fixed: []string{"2.10.1", "2.11.1"},
				Evidence: []string{"GHSA-462w-v97r-4m45@osv:<2.10.1", "PYSEC-2019-217@osv:<2.10.1"}, Confidence: "high"},
			{Package: "jinja2@2.10", Vulnerability: "CVE-2020-0001", Aliases: []string{"BUNDLE-1"}, Status: "affected", Fixed: []string{"3.0"}, Evidence: []string{"BUNDLE-1@other:<3.0"}, Confidence: "high"},
			{Package: "jinja2@2.10", Vulnerability: "CVE-2020-0002", Aliases: []string{"BUNDLE-1"}, Status: "affected", Fixed: []string{"3.0"}, Evidence: []string{"BUNDLE-1@other:<3.0"}, Confidence: "high"},
			{Package: "jinja2@2.10", Vulnerability: "notes.json#3", Status: "affected", Fixed: []string{"2.10.5"}, Evidence: []string{"@local:<2.10.5"}, Confidence: "high"},
		},
	}, {
		name: "the most specific status wins across sources: a fix in the installed version drops the finding",
		inv:  &sbom.Inventory{Distro: &sbom.Distro{ID: "ubuntu", VersionID: "18.04"}, Packages: []sbom.Package{deb("libwayland-client0", "1.16.0-1ubuntu1.1~18.04.4", "wayland")}},
		advs: []*advisory.Advisory{
			{ID: "UBUNTU-CVE-2021-3782", Related: []string{"CVE-2021-3782", "USN-5614-1"}, Source: advisory.Provenance{Feed: "osv"},
				Affected: []advisory.Affected{{Ecosystem: "deb", Release: rel("ubuntu", "18.04"), Package: "wayland", Ranges: fixed("1.16.0-1ubuntu1.1~18.04.4")}}},
			{ID: "USN-5614-1", Related: []string{"UBUNTU-CVE-2021-3782"}, Source: advisory.Provenance{Feed: "osv"},
				Affected: []advisory.Affected{{Ecosystem: "deb", Release: rel("ubuntu", "18.04"), Package: "wayland", Ranges: fixed("1.16.0-1ubuntu1.1~18.04.4")}}},
			adv("CVE-2021-3782", "ubuntu-vex", nil, advisory.Affected{Ecosystem: "deb", Release: rel("ubuntu", "18.04"), Package: "wayland", Status: advisory.StatusUnderInvestigation}),
		},
	}, {
		name: "USN and UBUNTU-CVE join by upstream into one finding",
		inv:  &sbom.Inventory{Distro: &sbom.Distro{ID: "ubuntu", VersionID: "18.04"}, Packages: []sbom.Package{deb("libwayland-client0", "1.16.0-1", "wayland")}},
		advs: []*advisory.Advisory{
			{ID: "UBUNTU-CVE-2021-3782", Related: []string{"CVE-2021-3782", "USN-5614-1"}, Source: advisory.Provenance{Feed: "osv"},
				Affected: []advisory.Affected{{Ecosystem: "deb", Release: rel("ubuntu", "18.04"), Package: "wayland", Ranges: fixed("1.16.0-1ubuntu1.1~18.04.4"), Severity: "medium"}}},
			{ID: "USN-5614-1", Related: []string{"UBUNTU-CVE-2021-3782"}, Source: advisory.Provenance{Feed: "osv"},
				Affected: []advisory.Affected{{Ecosystem: "deb", Release: rel("ubuntu", "18.04"), Package: "wayland", Ranges: fixed("1.16.0-1ubuntu1.1~18.04.4")}}},
		},
		want: []row{{Package: "libwayland-client0@1.16.0-1", Vulnerability: "CVE-2021-3782", Aliases: []string{"UBUNTU-CVE-2021-3782", "USN-5614-1"}, Status: "affected",
			Fixed: []string{"1.16.0-1ubuntu1.1~18.04.4"}, Evidence: []string{"UBUNTU-CVE-2021-3782@osv:<1.16.0-1ubuntu1.1~18.04.4", "USN-5614-1@osv:<1.16.0-1ubuntu1.1~18.04.4"}, Confidence: "high"}},
	}, {
		name: "CPE only when no ecosystem data covers the package, low confidence",
		cpe:  true,
		inv: &sbom.Inventory{Distro: &sbom.Distro{ID: "debian", VersionID: "12"}, Packages: []sbom.Package{
			{Type: "deb", Name: "openssl", Version: "3.0.11-1~deb12u2", CPEs: []string{"cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*"}},
			{Type: "binary", Name: "openssl", Version: "3.0.1", CPEs: []string{"cpe:2.3:a:openssl:openssl:3.0.1:*:*:*:*:*:*:*"}}}},
		advs: []*advisory.Advisory{nvdOpenSSL},
		want: []row{
			{Package: "openssl@3.0.1", Vulnerability: "CVE-2023-5678", Status: "affected", Fixed: []string{"3.0.13"}, Evidence: []string{"CVE-2023-5678@nvd:>=3.0.0, <3.0.13"}, Confidence: "low"},
			{Package: "openssl@3.0.11-1~deb12u2", Vulnerability: "CVE-2023-5678", Status: "affected", Fixed: []string{"3.0.13"}, Evidence: []string{"CVE-2023-5678@nvd:>=3.0.0, <3.0.13"}, Confidence: "low"},
		},
		gaps: []match.Gap{
			{Ecosystem: "binary", Packages: 1, Why: "no version ordering for this ecosystem"},
			{Ecosystem: "deb", Release: bookworm, Packages: 1, Why: "no advisory data for this distro release"},
		},
	}, {
		name: "below a VEX 'fixed' version that is not the first fix, above the first fix: fixed",
		inv:  jammy(deb("libcurl4", "7.81.0-1ubuntu1.20", "curl", "7.81.0-1ubuntu1.20")),
		advs: []*advisory.Advisory{curlVEX, curlOSV},
	}, {
		name: "below a VEX 'fixed' version alone: affected, that version the fix",
		inv:  jammy(deb("libcurl4", "7.81.0-1ubuntu1.20", "curl", "7.81.0-1ubuntu1.20")),
		advs: []*advisory.Advisory{curlVEX},
		want: []row{{Package: "libcurl4@7.81.0-1ubuntu1.20", Vulnerability: "CVE-2023-38545", Status: "affected", Fixed: []string{"7.81.0-1ubuntu1.24"},
			Evidence: []string{"CVE-2023-38545@ubuntu-vex:<7.81.0-1ubuntu1.24"}, Confidence: "high"}},
	}, {
		name: "below both fixes: affected, both fixes",
		inv:  jammy(deb("libcurl4", "7.81.0-1ubuntu1.13", "curl", "7.81.0-1ubuntu1.13")),
		advs: []*advisory.Advisory{curlVEX, curlOSV},
		want: []row{{Package: "libcurl4@7.81.0-1ubuntu1.13", Vulnerability: "CVE-2023-38545", Aliases: []string{"UBUNTU-CVE-2023-38545"}, Status: "affected",
			Fixed:      []string{"7.81.0-1ubuntu1.14", "7.81.0-1ubuntu1.24"},
			Evidence:   []string{"UBUNTU-CVE-2023-38545@osv:<7.81.0-1ubuntu1.14", "CVE-2023-38545@ubuntu-vex:<7.81.0-1ubuntu1.24"},
			Confidence: "high"}},
	}, {
		name: "at the VEX 'fixed' version: fixed",
		inv:  jammy(deb("libcurl4", "7.81.0-1ubuntu1.24", "curl", "7.81.0-1ubuntu1.24")),
		advs: []*advisory.Advisory{curlVEX},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var st memstore.Store
			st.Add(tt.advs...)
			for _, r := range tt.cover {
				st.Cover("apk", r)
			}
			res, err := (&match.Matcher{Store: &st, CPE: tt.cpe, Now: now}).Match(context.Background(), tt.inv)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, rows(res)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.gaps, res.Gaps); diff != "" {
				t.Errorf("gaps (-want +got):\n%s", diff)
			}
			if len(res.Problems) > 0 {
				t.Errorf("problems: %v", res.Problems)
			}
		})
	}
}

func TestMatchProblems(t *testing.T) {
	var st memstore.Store
	st.Add(adv("CVE-2024-1", "osv", nil, advisory.Affected{Ecosystem: "npm", Package: "left-pad", Ranges: fixed("not a version")}))
	inv := &sbom.Inventory{Packages: []sbom.Package{{Type: "npm", Name: "left-pad", Version: "1.0.0", PURL: "pkg:npm/left-pad@1.0.0"}}}
	res, err := (&match.Matcher{Store: &st, Now: now}).Match(context.Background(), inv)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || res.Problems[0].Advisory != "CVE-2024-1" || res.Problems[0].Package != "pkg:npm/left-pad@1.0.0" {
		t.Errorf("problems = %+v, want one for CVE-2024-1", res.Problems)
	}
}

type failingStore struct{}

var errDown = errors.New("store down")

func (failingStore) Lookup(context.Context, advisory.Query) (advisory.Answer, error) {
	return advisory.Answer{}, errDown
}

func TestMatchErrors(t *testing.T) {
	if _, err := (&match.Matcher{}).Match(context.Background(), nil); !errors.Is(err, match.ErrNoStore) {
		t.Errorf("no store: err = %v, want ErrNoStore", err)
	}
	inv := &sbom.Inventory{Packages: []sbom.Package{{Type: "npm", Name: "x", Version: "1.0.0"}}}
	if _, err := (&match.Matcher{Store: failingStore{}}).Match(context.Background(), inv); !errors.Is(err, errDown) {
		t.Errorf("failing store: err = %v, want errDown wrapped", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (&match.Matcher{Store: &memstore.Store{}}).Match(ctx, inv); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}
	res, err := (&match.Matcher{Store: &memstore.Store{}, Now: now}).Match(context.Background(), nil)
	if err != nil || res.Findings == nil || len(res.Findings) != 0 {
		t.Errorf("nil inventory: %+v, %v", res, err)
	}
}

type exploits map[string]advisory.Exploitation

func (e exploits) Exploitation(_ context.Context, cve string) (advisory.Exploitation, error) {
	return e[cve], nil
}

func TestExploitation(t *testing.T) {
	var st memstore.Store
	st.Add(adv("GHSA-jfh8-c2jp-5v3q", "osv", []string{"CVE-2021-44228"}, advisory.Affected{Ecosystem: "maven", Package: "org.apache.logging.log4j:log4j-core", Ranges: fixed("2.15.0")}),
		adv("GHSA-7rjr-3q55-vv33", "osv", []string{"CVE-2021-45046"}, advisory.Affected{Ecosystem: "maven", Package: "org.apache.logging.log4j:log4j-core", Ranges: fixed("2.16.0")}))
	kev := &advisory.KEV{Added: time.Date(2021, 12, 10, 0, 0, 0, 0, time.UTC), Ransomware: true}
	inv := &sbom.Inventory{Packages: []sbom.Package{
		{Type: "maven", Namespace: "org.apache.logging.log4j", Name: "log4j-core", Version: "2.14.1"},
		{Type: "maven", Namespace: "org.apache.logging.log4j", Name: "log4j-core", Version: "2.14.0"}}}
	// One worker: the second finding of a CVE comes after its answer,
	// the other CVE's lookup having waited for it (a bug once reset the
	// answer to nothing then).
	for _, workers := range []int{4, 1} {
		m := &match.Matcher{Store: &st, Now: now, Exploits: exploits{"CVE-2021-44228": {KEV: kev}}, Workers: workers}
		res, err := m.Match(context.Background(), inv)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]*advisory.Exploitation{}
		for _, f := range res.Findings {
			got[f.Package.Version+" "+f.Vulnerability] = f.Exploitation
		}
		want := map[string]*advisory.Exploitation{
			"2.14.0 CVE-2021-44228": {KEV: kev}, "2.14.1 CVE-2021-44228": {KEV: kev},
			"2.14.0 CVE-2021-45046": nil, "2.14.1 CVE-2021-45046": nil,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%d workers: exploitation (-want +got):\n%s", workers, diff)
		}
	}
}

// TestGolden matches a small inventory with every kind of finding and
// compares the whole Result's JSON with testdata/golden.json, twice over
// (once with one worker), so that the output is deterministic.
func TestGolden(t *testing.T) {
	var st memstore.Store
	st.Add(
		&advisory.Advisory{ID: "DSA-5555-1", Aliases: []string{"CVE-2023-0001", "CVE-2023-0002"}, Summary: "openssl security update", Published: now.AddDate(0, -1, 0),
			Source:   advisory.Provenance{Feed: "debian", Record: "DSA-list", Fetched: now.Add(-time.Hour)},
			Affected: []advisory.Affected{{Ecosystem: "deb", Release: bookworm, Package: "openssl", Ranges: fixed("3.0.11-1~deb12u2"), Severity: "high"}}},
		&advisory.Advisory{ID: "CVE-2023-0001", Summary: "A flaw in openssl.", Source: advisory.Provenance{Feed: "nvd", Record: "CVE-2023-0001"},
			Severities: []advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Score: 9.8, Rating: "CRITICAL", Source: "nvd@nist.gov"}},
			Affected:   []advisory.Affected{{CPE: "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", Ranges: fixed("3.0.12")}}},
		adv("CVE-2023-0003", "debian", nil, advisory.Affected{Ecosystem: "deb", Release: bookworm, Package: "openssl", Status: advisory.StatusWillNotFix, Reason: "minor issue"}),
	)
	inv := debian12(
		sbom.Package{Type: "deb", Namespace: "debian", Name: "libssl3", Version: "3.0.9-1", Origin: &sbom.Origin{Name: "openssl"},
			Layer: "sha256:aa", Evidence: []string{"/var/lib/dpkg/status"}, PURL: "pkg:deb/debian/libssl3@3.0.9-1?distro=debian-12.4&upstream=openssl"},
		sbom.Package{Type: "deb", Namespace: "debian", Name: "openssl", Version: "3.0.9-1", Layer: "sha256:aa", Evidence: []string{"/var/lib/dpkg/status"}},
		sbom.Package{Type: "npm", Name: "left-pad", Version: "1.3.0", Evidence: []string{"/app/package-lock.json"}},
	)
	inv.Source = &sbom.Source{Kind: "oci-layout", Name: "testdata/x", Digest: "sha256:bb"}
	var outs [][]byte
	for _, workers := range []int{4, 1} {
		res, err := (&match.Matcher{Store: &st, Now: now, CPE: true, Workers: workers}).Match(context.Background(), inv)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, append(b, '\n'))
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Fatalf("output differs between runs:\n%s\n%s", outs[0], outs[1])
	}
	golden(t, filepath.Join("testdata", "golden.json"), outs[0])
}

// golden compares got with the file at path, or writes it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// TestResultJSON shows that a stored result reads back as it was.
func TestResultJSON(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var res match.Result
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&res); err != nil {
		t.Fatal(err)
	}
	again, err := json.MarshalIndent(&res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.TrimSpace(string(b)), string(again)); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// TestCPERealNVD matches by CPE against NVD's real record of
// CVE-2024-3094 (exact versions 5.6.0 and 5.6.1 of tukaani:xz) as
// advisory/nvd reads it: a binary known only by its CPE gets a
// low-confidence finding naming the CPE; a Debian package of a release
// Debian covers is judged by Debian alone, whatever its CPE says.
func TestCPERealNVD(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "nvd-CVE-2024-3094.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var st memstore.Store
	for a, err := range (&nvd.Feed{}).Parse(context.Background(), f) {
		if err != nil {
			t.Fatal(err)
		}
		st.Add(a)
	}
	st.Add(adv("CVE-2024-3094", "debian", nil, advisory.Affected{Ecosystem: "deb", Release: bookworm, Package: "xz-utils",
		Status: advisory.StatusNotAffected, Reason: "fixed_version 0: never affected"}))
	xz := "cpe:2.3:a:tukaani:xz:5.6.0:*:*:*:*:*:*:*"
	inv := debian12(
		sbom.Package{Type: "deb", Namespace: "debian", Name: "liblzma5", Version: "5.6.0-0.2", Origin: &sbom.Origin{Name: "xz-utils"}, CPEs: []string{xz}},
		sbom.Package{Type: "binary", Name: "xz", Version: "5.6.0", CPEs: []string{xz}},
		sbom.Package{Type: "binary", Name: "xz", Version: "5.4.1", CPEs: []string{"cpe:2.3:a:tukaani:xz:5.4.1:*:*:*:*:*:*:*"}},
	)
	for _, cpe := range []bool{true, false} {
		res, err := (&match.Matcher{Store: &st, CPE: cpe, Now: now}).Match(context.Background(), inv)
		if err != nil {
			t.Fatal(err)
		}
		want := []row{{Package: "liblzma5@5.6.0-0.2", Vulnerability: "CVE-2024-3094", Status: "not_affected", Evidence: []string{"CVE-2024-3094@debian:"}, Confidence: "high"}}
		if cpe {
			want = append([]row{{Package: "xz@5.6.0", Vulnerability: "CVE-2024-3094", Status: "affected", Evidence: []string{"CVE-2024-3094@nvd:=5.6.0"}, Confidence: "low"}}, want...)
		}
		if diff := cmp.Diff(want, rows(res)); diff != "" {
			t.Errorf("CPE %v: findings (-want +got):\n%s", cpe, diff)
		}
		if cpe && res.Findings[0].Evidence[0].CPE != xz {
			t.Errorf("evidence CPE = %q, want %q", res.Findings[0].Evidence[0].CPE, xz)
		}
		if len(res.Gaps) != 1 || res.Gaps[0].Ecosystem != "binary" || res.Gaps[0].Packages != 2 {
			t.Errorf("gaps = %+v, want the two binaries", res.Gaps)
		}
	}
}

// TestRatings checks that a finding its evidence does not rate gets the
// vectors and weaknesses of the store's other records of its CVE, and
// that one its distro rates, even in a word, keeps its own.
func TestRatings(t *testing.T) {
	nvdRecord := &advisory.Advisory{ID: "CVE-2024-9143", Source: advisory.Provenance{Feed: "nvd", Record: "CVE-2024-9143"}, CWEs: []string{"CWE-787"},
		Severities: []advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:H", Score: 6.5, Rating: "MEDIUM", Source: "nvd@nist.gov"}},
		Affected:   []advisory.Affected{{Ecosystem: "", Package: "openssl:openssl", CPE: "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", Ranges: fixed("3.3.3")}}}
	withdrawn := &advisory.Advisory{ID: "GHSA-aaaa-bbbb-cccc", Aliases: []string{"CVE-2024-9143"}, Withdrawn: now, Source: advisory.Provenance{Feed: "osv"},
		Severities: []advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Score: 9.8}}}
	distro := adv("CVE-2024-9143", "debian", nil, advisory.Affected{Ecosystem: "deb", Release: bookworm, Package: "openssl", Ranges: fixed("3.0.15-1~deb12u1"), Severity: "low"})
	unrated := adv("CVE-2024-9143", "debian", nil, advisory.Affected{Ecosystem: "deb", Release: bookworm, Package: "openssl", Ranges: fixed("3.0.15-1~deb12u1")})
	rated := &advisory.Advisory{ID: "CVE-2024-9143", Source: advisory.Provenance{Feed: "debian"},
		Severities: []advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:L/AC:H/PR:H/UI:N/S:U/C:N/I:N/A:L", Score: 1.9}},
		Affected:   []advisory.Affected{{Ecosystem: "deb", Release: bookworm, Package: "openssl", Ranges: fixed("3.0.15-1~deb12u1")}}}
	for _, tt := range []struct {
		name string
		advs []*advisory.Advisory
		want []advisory.Severity
		cwes []string
	}{
		{"unrated by its distro", []*advisory.Advisory{unrated, nvdRecord, withdrawn}, nvdRecord.Severities, []string{"CWE-787"}},
		{"rated by its distro in a word", []*advisory.Advisory{distro, nvdRecord}, []advisory.Severity{{Rating: "low", Source: "debian"}}, nil},
		{"rated by its distro", []*advisory.Advisory{rated, nvdRecord}, rated.Severities, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var st memstore.Store
			st.Add(tt.advs...)
			res, err := (&match.Matcher{Store: &st, Now: now}).Match(context.Background(), debian12(deb("libssl3", "3.0.14-1~deb12u2", "openssl")))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) != 1 {
				t.Fatalf("%d findings, want 1", len(res.Findings))
			}
			if diff := cmp.Diff(tt.want, res.Findings[0].Severities); diff != "" {
				t.Errorf("severities (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.cwes, res.Findings[0].CWEs); diff != "" {
				t.Errorf("CWEs (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCPEKeys checks that an entry known by CPE is found however its
// vendor:product is spelled (a feed that keeps a vendor's capitals, or
// CPE escapes as NVD's "c\\+\\+builder"), and compared.
func TestCPEKeys(t *testing.T) {
	var st memstore.Store
	st.Add(adv("CVE-2024-0001", "custom", nil, advisory.Affected{Package: `Embarcadero:C\+\+Builder`,
		CPE: `cpe:2.3:a:embarcadero:c\+\+builder:*:*:*:*:*:*:*:*`, Ranges: fixed("11.0")}))
	inv := &sbom.Inventory{Packages: []sbom.Package{{Type: "binary", Name: "c++builder", Version: "10.4",
		CPEs: []string{`cpe:2.3:a:embarcadero:c\+\+builder:10.4:*:*:*:*:*:*:*`}}}}
	res, err := (&match.Matcher{Store: &st, CPE: true, Now: now}).Match(context.Background(), inv)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Vulnerability != "CVE-2024-0001" || res.Findings[0].Confidence != match.ConfidenceLow {
		t.Errorf("findings %+v, want CVE-2024-0001 with low confidence", res.Findings)
	}
}

// TestKernelHeaders checks that the kernel's header packages are not
// matched against the kernel's advisories unless Matcher.KernelHeaders
// says so, while the kernel itself is.
func TestKernelHeaders(t *testing.T) {
	linux := adv("CVE-2024-26581", "debian", nil, advisory.Affected{Ecosystem: "deb", Release: bookworm, Package: "linux", Ranges: fixed("6.1.82-1")})
	kernel := adv("CVE-2024-26581", "redhat", nil, advisory.Affected{Ecosystem: "rpm", Release: rel("rhel", "9"), Package: "kernel", Ranges: fixed("0:5.14.0-427.13.1.el9_4")})
	var st memstore.Store
	st.Add(linux, kernel)
	deb12 := debian12(deb("linux-libc-dev", "6.1.76-1", "linux"), deb("linux-headers-6.1.0-18-amd64", "6.1.76-1", "linux"), deb("linux-image-6.1.0-18-amd64", "6.1.76-1", "linux"))
	rhel9 := &sbom.Inventory{Distro: &sbom.Distro{ID: "rhel", VersionID: "9.4"}, Packages: []sbom.Package{
		{Type: "rpm", Namespace: "redhat", Name: "kernel-headers", Version: "0:5.14.0-427.el9", Origin: &sbom.Origin{Name: "kernel", Version: "0:5.14.0-427.el9"}},
	}}
	for _, tt := range []struct {
		inv     *sbom.Inventory
		headers bool
		want    []string
	}{
		{deb12, false, []string{"linux-image-6.1.0-18-amd64@6.1.76-1"}},
		{deb12, true, []string{"linux-headers-6.1.0-18-amd64@6.1.76-1", "linux-image-6.1.0-18-amd64@6.1.76-1", "linux-libc-dev@6.1.76-1"}},
		{rhel9, false, nil},
		{rhel9, true, []string{"kernel-headers@0:5.14.0-427.el9"}},
	} {
		res, err := (&match.Matcher{Store: &st, KernelHeaders: tt.headers, Now: now}).Match(context.Background(), tt.inv)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.Package.Name+"@"+f.Package.Version)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s, KernelHeaders %v: findings (-want +got):\n%s", tt.inv.Distro.ID, tt.headers, diff)
		}
		if len(res.Gaps) > 0 {
			t.Errorf("gaps: %v", res.Gaps)
		}
	}
}

// TestFixListOnly matches against a database holding only a list of
// announced fixes for Debian 12 (a DSA, written as advisory/update
// writes the DSA list: boltstore.Feed.CoverOnly): the fix it announces
// is matched, and the release is still a gap, for every package.
func TestFixListOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "advisories.db")
	dsa := adv("DSA-5750-1", "debian-dsa", []string{"CVE-2024-6119"}, advisory.Affected{Ecosystem: "deb", Release: bookworm, Package: "openssl", Ranges: fixed("3.0.14-1~deb12u2")})
	advs := func(yield func(*advisory.Advisory, error) bool) { yield(dsa, nil) }
	if _, err := boltstore.Write(ctx, path, advs, &boltstore.WriteOptions{Feeds: []boltstore.Feed{{Name: "debian-dsa", CoverOnly: true}}}); err != nil {
		t.Fatal(err)
	}
	st, err := boltstore.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	res, err := (&match.Matcher{Store: st, Now: now}).Match(ctx, debian12(deb("libssl3", "3.0.11-1~deb12u2", "openssl"), deb("zlib1g", "1:1.2.13.dfsg-1", "zlib")))
	if err != nil {
		t.Fatal(err)
	}
	want := []row{{Package: "libssl3@3.0.11-1~deb12u2", Vulnerability: "CVE-2024-6119", Aliases: []string{"DSA-5750-1"}, Status: "affected",
		Fixed: []string{"3.0.14-1~deb12u2"}, Evidence: []string{"DSA-5750-1@debian-dsa:<3.0.14-1~deb12u2"}, Confidence: "high"}}
	if diff := cmp.Diff(want, rows(res)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	gaps := []match.Gap{{Ecosystem: "deb", Release: bookworm, Packages: 2, Why: "incomplete advisory data for this distro release: no feed covers it"}}
	if diff := cmp.Diff(gaps, res.Gaps); diff != "" {
		t.Errorf("gaps (-want +got):\n%s", diff)
	}
}

// TestSupport shows that the zero Matcher reports the release's support
// dates from advisory/eol, that Matcher.Support replaces the table or
// turns it off, and that an unknown release has none.
func TestSupport(t *testing.T) {
	bookworm12, _ := eol.Lookup(advisory.Release{Distro: "debian", Version: "12"})
	custom := eol.Support{Release: bookworm, Ends: now, Source: "test"}
	tests := []struct {
		name    string
		support func(advisory.Release) (eol.Support, bool)
		distro  *sbom.Distro
		want    *eol.Support
	}{
		{"default table", nil, &sbom.Distro{ID: "debian", VersionID: "12.4"}, &bookworm12},
		{"swapped", func(advisory.Release) (eol.Support, bool) { return custom, true }, &sbom.Distro{ID: "debian", VersionID: "12.4"}, &custom},
		{"off", func(advisory.Release) (eol.Support, bool) { return eol.Support{}, false }, &sbom.Distro{ID: "debian", VersionID: "12.4"}, nil},
		{"unknown release", nil, &sbom.Distro{ID: "debian", VersionID: "14"}, nil},
		{"no distro", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := &sbom.Inventory{Distro: tt.distro}
			res, err := (&match.Matcher{Store: &memstore.Store{}, Now: now, Support: tt.support}).Match(context.Background(), inv)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, res.Support); diff != "" {
				t.Errorf("Support (-want +got):\n%s", diff)
			}
		})
	}
}
