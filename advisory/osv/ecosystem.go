package osv

import (
	"strings"

	"github.com/loadline/loadline/advisory"
)

// ecosystems maps every ecosystem that OSV's ecosystems.json defines
// (schema 1.7) to a Package URL type and, for distro ecosystems, the
// os-release ID its releases key by. A release suffix (":12",
// ":v3.20", ":22.04:LTS") becomes the Release version; see release.
//
//	OSV ecosystem                  Ecosystem        Release
//	PyPI                           pypi             -
//	npm                            npm              -
//	Go                             golang           -
//	crates.io                      cargo            -
//	Maven[:repo URL]               maven            -
//	RubyGems                       gem              -
//	NuGet                          nuget            -
//	Packagist[:repo URL]           composer         -
//	Hex                            hex              -
//	Pub                            pub              -
//	SwiftURL                       swift            -
//	Hackage, GHC                   hackage, ghc     -
//	CRAN, Bioconductor             cran, bioconductor -
//	ConanCenter                    conan            -
//	Julia, opam                    julia, opam      -
//	GitHub Actions                 github           -
//	VSCode[:registry URL]          vscode           -
//	Kubernetes                     kubernetes       -
//	Linux, Android, OSS-Fuzz       linux, android, oss-fuzz -
//	Bitnami                        bitnami          -
//	Debian:12 / Debian:sid         deb              debian/12, debian/sid
//	Ubuntu:22.04:LTS, Ubuntu:Pro:18.04:LTS, Ubuntu:25.10  deb  ubuntu/22.04, ubuntu/18.04, ubuntu/25.10
//	Echo                           deb              echo
//	Alpine:v3.20                   apk              alpine/3.20
//	Wolfi, Chainguard              apk              wolfi, chainguard (no version)
//	Alpaquita:23                   apk              alpaquita/23
//	BellSoft Hardened Containers:N apk              bellsoft-hardened-containers/N
//	MinimOS, CleanStart            apk              minimos, cleanstart
//	Rocky Linux:9                  rpm              rocky/9
//	AlmaLinux:9                    rpm              almalinux/9
//	Red Hat:rhel_aus:8.6::appstream rpm             rhel/8 (other products: redhat/<CPE suffix>)
//	SUSE:Linux Enterprise Server 15 SP5  rpm        sles/15.5 (Desktop: sled; other products: suse/<name>)
//	openSUSE:Leap 15.5             rpm              opensuse-leap/15.5
//	openSUSE:Tumbleweed            rpm              opensuse-tumbleweed
//	Mageia:9                       rpm              mageia/9
//	Photon OS:5.0                  rpm              photon/5.0
//	Azure Linux:3.0                rpm              azurelinux/3.0
//	openEuler:22.03-LTS-SP1        rpm              openeuler/22.03-LTS-SP1
//	TuxCare:N                      rpm              tuxcare/N
//	FreeBSD:ports[:release]        freebsd          freebsd/ports[:release]
//	Docker Hardened Images         docker-hardened-images -
//	Root:<base>:<version> / Root:<manager>  root    root/<rest>
//
// An ecosystem not in the table keeps its name lowercased with spaces
// as dashes, and its suffix, if any, as the Release version under that
// name (see ecosystemOf).
var ecosystems = map[string]struct{ typ, distro string }{
	"PyPI":                         {"pypi", ""},
	"npm":                          {"npm", ""},
	"Go":                           {"golang", ""},
	"crates.io":                    {"cargo", ""},
	"Maven":                        {"maven", ""},
	"RubyGems":                     {"gem", ""},
	"NuGet":                        {"nuget", ""},
	"Packagist":                    {"composer", ""},
	"Hex":                          {"hex", ""},
	"Pub":                          {"pub", ""},
	"SwiftURL":                     {"swift", ""},
	"Hackage":                      {"hackage", ""},
	"GHC":                          {"ghc", ""},
	"CRAN":                         {"cran", ""},
	"Bioconductor":                 {"bioconductor", ""},
	"ConanCenter":                  {"conan", ""},
	"Julia":                        {"julia", ""},
	"opam":                         {"opam", ""},
	"GitHub Actions":               {"github", ""},
	"VSCode":                       {"vscode", ""},
	"Kubernetes":                   {"kubernetes", ""},
	"Linux":                        {"linux", ""},
	"Android":                      {"android", ""},
	"OSS-Fuzz":                     {"oss-fuzz", ""},
	"Bitnami":                      {"bitnami", ""},
	"Docker Hardened Images":       {"docker-hardened-images", ""},
	"Debian":                       {"deb", "debian"},
	"Ubuntu":                       {"deb", "ubuntu"},
	"Echo":                         {"deb", "echo"},
	"Alpine":                       {"apk", "alpine"},
	"Wolfi":                        {"apk", "wolfi"},
	"Chainguard":                   {"apk", "chainguard"},
	"Alpaquita":                    {"apk", "alpaquita"},
	"BellSoft Hardened Containers": {"apk", "bellsoft-hardened-containers"},
	"MinimOS":                      {"apk", "minimos"},
	"CleanStart":                   {"apk", "cleanstart"},
	"Rocky Linux":                  {"rpm", "rocky"},
	"AlmaLinux":                    {"rpm", "almalinux"},
	"Red Hat":                      {"rpm", "redhat"},
	"SUSE":                         {"rpm", "suse"},
	"openSUSE":                     {"rpm", "opensuse"},
	"Mageia":                       {"rpm", "mageia"},
	"Photon OS":                    {"rpm", "photon"},
	"Azure Linux":                  {"rpm", "azurelinux"},
	"openEuler":                    {"rpm", "openeuler"},
	"TuxCare":                      {"rpm", "tuxcare"},
	"FreeBSD":                      {"freebsd", "freebsd"},
	"Root":                         {"root", "root"},
}

// ecosystemOf returns the Package URL type and release of an OSV
// ecosystem string, and whether the ecosystem is one OSV defines.
func ecosystemOf(eco string) (typ string, rel advisory.Release, known bool) {
	name, suffix, _ := strings.Cut(eco, ":")
	e, ok := ecosystems[name]
	if !ok {
		typ = strings.ReplaceAll(strings.ToLower(name), " ", "-")
		if suffix != "" {
			rel = advisory.Release{Distro: typ, Version: suffix}
		}
		return typ, rel, false
	}
	if e.distro == "" {
		return e.typ, advisory.Release{}, true // language ecosystems: a suffix is a repository URL
	}
	return e.typ, release(e.distro, suffix), true
}

// release returns the Release of a distro ecosystem's suffix.
func release(distro, suffix string) advisory.Release {
	switch distro {
	case "ubuntu": // [Pro:]22.04[:LTS]
		suffix = strings.TrimPrefix(suffix, "Pro:")
		suffix = strings.TrimSuffix(suffix, ":LTS")
	case "alpine":
		suffix = strings.TrimPrefix(suffix, "v")
	case "redhat": // a CPE suffix: rhel_aus:8.6::appstream
		product, rest, _ := strings.Cut(suffix, ":")
		switch product { // RHEL and its extended-support streams; rhel_dotnet and the like are layered products
		case "enterprise_linux", "rhel_eus", "rhel_aus", "rhel_e4s", "rhel_tus", "rhel_els", "rhel_eus_long_life", "rhel_mission_critical":
			v, _, _ := strings.Cut(rest, ":")
			return advisory.ReleaseOf("rhel", v)
		}
	case "suse": // a PRETTY_NAME: Linux Enterprise Server 15 SP5
		for prefix, id := range map[string]string{"Linux Enterprise Server ": "sles", "Linux Enterprise Desktop ": "sled"} {
			if v, ok := strings.CutPrefix(suffix, prefix); ok {
				major, sp, _ := strings.Cut(v, " SP")
				if sp != "" && !strings.Contains(sp, " ") {
					return advisory.Release{Distro: id, Version: major + "." + sp}
				}
				return advisory.Release{Distro: id, Version: major}
			}
		}
	case "opensuse": // Leap 15.5, Tumbleweed, Leap Micro 5.5
		if v, ok := strings.CutPrefix(suffix, "Leap "); ok && !strings.Contains(v, " ") {
			return advisory.Release{Distro: "opensuse-leap", Version: v}
		}
		if suffix == "Tumbleweed" {
			return advisory.Release{Distro: "opensuse-tumbleweed"}
		}
	}
	return advisory.ReleaseOf(distro, suffix)
}
