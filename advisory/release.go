package advisory

import "strings"

// ReleaseOf returns the Release key for an image's os-release ID and
// VERSION_ID, as advisory feeds key their data:
//
//   - the major version for Debian ("12.4" -> "12"), RHEL and its
//     rebuilds (rhel, centos, rocky, almalinux, ol: "9.4" -> "9"),
//     Amazon Linux ("2", "2023") and Fedora;
//   - major.minor for Alpine ("3.20.3" -> "3.20"; "edge" for an edge
//     image, whose VERSION_ID is a pre-release such as
//     "3.21.0_alpha20240807", as Alpine's feeds name that branch),
//     Ubuntu ("22.04"), openSUSE Leap and SLES ("15.5"), Photon ("5.0"), CBL-Mariner and
//     Azure Linux ("2.0");
//   - "" for rolling distros (wolfi, chainguard, arch, opensuse-tumbleweed),
//     whose feeds have one stream;
//   - VERSION_ID unchanged for any other distro.
//
// Distro is the os-release ID, lowercased.
func ReleaseOf(id, versionID string) Release {
	id = strings.ToLower(strings.TrimSpace(id))
	v := strings.TrimSpace(versionID)
	switch id {
	case "debian", "rhel", "centos", "rocky", "almalinux", "ol", "amzn", "fedora":
		v = fields(v, 1)
	case "alpine":
		if strings.Contains(v, "_alpha") || v == "edge" {
			v = "edge"
		} else {
			v = fields(v, 2)
		}
	case "ubuntu", "opensuse-leap", "sles", "sled", "photon", "mariner", "azurelinux":
		v = fields(v, 2)
	case "wolfi", "chainguard", "arch", "opensuse-tumbleweed":
		v = ""
	}
	return Release{Distro: id, Version: v}
}

// fields returns the first n dot-separated fields of v.
func fields(v string, n int) string {
	parts := strings.SplitN(v, ".", n+1)
	if len(parts) > n {
		parts = parts[:n]
	}
	return strings.Join(parts, ".")
}
