package distro

import (
	"strings"

	"github.com/loadline/loadline/sbom"
)

// fromOSRelease builds a distro from an os-release file; nil when it has
// no ID. The error names malformed lines, which are skipped.
func fromOSRelease(data []byte) (*sbom.Distro, error) {
	m, err := parseOSRelease(data)
	id := strings.ToLower(strings.TrimSpace(m["ID"]))
	if id == "" {
		return nil, err
	}
	name := m["PRETTY_NAME"]
	if name == "" {
		name = strings.TrimSpace(m["NAME"] + " " + m["VERSION"])
	}
	return &sbom.Distro{
		ID:        id,
		IDLike:    fields(strings.ToLower(m["ID_LIKE"])),
		VersionID: m["VERSION_ID"],
		Codename:  codename(id, m),
		Name:      name,
		CPEName:   strings.TrimSpace(m["CPE_NAME"]),
	}, err
}

// codename picks the os-release codename (see the package documentation).
func codename(id string, m map[string]string) string {
	if c := strings.TrimSpace(m["VERSION_CODENAME"]); c != "" {
		return c
	}
	if c := strings.TrimSpace(m["UBUNTU_CODENAME"]); c != "" {
		return c
	}
	if id != "debian" {
		return ""
	}
	if c := parenthesised(m["VERSION"]); c != "" {
		return c
	}
	return debianCodenames[major(m["VERSION_ID"])]
}

// parenthesised returns the last "(word)" of s lower-cased when the word
// is letters only, else "".
func parenthesised(s string) string {
	open := strings.LastIndexByte(s, '(')
	end := strings.LastIndexByte(s, ')')
	if open < 0 || end < open+2 {
		return ""
	}
	w := strings.ToLower(s[open+1 : end])
	for _, c := range []byte(w) {
		if c < 'a' || c > 'z' {
			return ""
		}
	}
	return w
}

// debianCodenames maps Debian's major versions to their codenames, from
// 4.0 etch on (before it, one major held several releases: 3.0 woody and
// 3.1 sarge).
var debianCodenames = map[string]string{
	"4":  "etch",
	"5":  "lenny",
	"6":  "squeeze",
	"7":  "wheezy",
	"8":  "jessie",
	"9":  "stretch",
	"10": "buster",
	"11": "bullseye",
	"12": "bookworm",
	"13": "trixie",
	"14": "forky",
	"15": "duke",
}

// major returns the part of a version before its first dot.
func major(v string) string {
	m, _, _ := strings.Cut(strings.TrimSpace(v), ".")
	return m
}

// fields splits on whitespace; nil when there are no fields.
func fields(s string) []string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return nil
	}
	return f
}

// firstLine returns the first line of data, trimmed.
func firstLine(data []byte) string {
	line, _, _ := strings.Cut(string(data), "\n")
	return strings.TrimSpace(line)
}

// fromAlpineRelease reads /etc/alpine-release ("3.19.4").
func fromAlpineRelease(data []byte) (*sbom.Distro, error) {
	v := firstLine(data)
	if v == "" {
		return nil, nil
	}
	name := "Alpine Linux edge"
	if !strings.Contains(v, "_alpha") {
		parts := strings.SplitN(v, ".", 3)
		name = "Alpine Linux v" + strings.Join(parts[:min(2, len(parts))], ".")
	}
	return &sbom.Distro{ID: "alpine", VersionID: v, Name: name}, nil
}

// fromDebianVersion reads /etc/debian_version ("12.15", "bookworm/sid").
func fromDebianVersion(data []byte) (*sbom.Distro, error) {
	v := firstLine(data)
	if v == "" {
		return nil, nil
	}
	if dev, ok := strings.CutSuffix(v, "/sid"); ok {
		return &sbom.Distro{ID: "debian", Codename: dev, Name: "Debian GNU/Linux " + v}, nil
	}
	mj := major(v)
	c := debianCodenames[mj]
	if c == "" {
		return nil, nil
	}
	return &sbom.Distro{ID: "debian", VersionID: mj, Codename: c, Name: "Debian GNU/Linux " + mj + " (" + c + ")"}, nil
}

// releaseNames maps the name that opens a Red Hat-style release line to
// the os-release ID, longest first where one is a prefix of another.
var releaseNames = []struct{ prefix, id string }{
	{"Red Hat Enterprise Linux CoreOS", "rhcos"},
	{"Red Hat Enterprise Linux", "rhel"},
	{"CentOS", "centos"},
	{"Rocky Linux", "rocky"},
	{"AlmaLinux", "almalinux"},
	{"Oracle Linux", "ol"},
	{"Fedora", "fedora"},
	{"Amazon Linux", "amzn"},
	{"VMware Photon OS", "photon"},
	{"VMware Photon Linux", "photon"}, // Photon 1.0
	{"CBL-Mariner", "mariner"},
	{"Azure Linux", "azurelinux"},
}

// fromReleaseLine reads a one-line release file: "<name> release
// <version> (<word>)", "VMware Photon OS 4.0", "CBL-Mariner 2.0.20240123".
// It names no distro when the name is not one it knows.
func fromReleaseLine(data []byte) (*sbom.Distro, error) {
	line := firstLine(data)
	for _, n := range releaseNames {
		rest, ok := strings.CutPrefix(line, n.prefix)
		if !ok {
			continue
		}
		// The version is the first word that starts with a digit.
		var v string
		for _, w := range strings.Fields(rest) {
			if w[0] >= '0' && w[0] <= '9' {
				v = w
				break
			}
		}
		if v == "" {
			return nil, nil
		}
		if n.id == "mariner" || n.id == "azurelinux" {
			parts := strings.SplitN(v, ".", 3)
			v = strings.Join(parts[:min(2, len(parts))], ".")
		}
		return &sbom.Distro{ID: n.id, VersionID: v, Name: line}, nil
	}
	return nil, nil
}

// fromAmazonRelease reads /etc/system-release, which other distros link
// to their own release file: only Amazon Linux's is taken from here.
func fromAmazonRelease(data []byte) (*sbom.Distro, error) {
	if !strings.HasPrefix(firstLine(data), "Amazon Linux") {
		return nil, nil
	}
	return fromReleaseLine(data)
}

// fromSuSERelease reads /etc/SuSE-release: a name line, then "KEY = value"
// lines (VERSION, PATCHLEVEL).
func fromSuSERelease(data []byte) (*sbom.Distro, error) {
	lines := strings.Split(string(data), "\n")
	name := strings.TrimSpace(lines[0])
	var id string
	switch {
	case strings.HasPrefix(name, "SUSE Linux Enterprise"):
		id = "sles"
	case strings.HasPrefix(strings.ToLower(name), "opensuse"):
		id = "opensuse"
	default:
		return nil, nil
	}
	if i := strings.LastIndexByte(name, '('); i > 0 {
		name = strings.TrimSpace(name[:i])
	}
	var version, patch string
	for _, l := range lines[1:] {
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "VERSION":
			version = strings.TrimSpace(v)
		case "PATCHLEVEL":
			patch = strings.TrimSpace(v)
		}
	}
	if version != "" && patch != "" && patch != "0" {
		version += "." + patch
	}
	return &sbom.Distro{ID: id, VersionID: version, Name: name}, nil
}

// fromLSBRelease reads /etc/lsb-release, which has os-release's syntax.
// A DISTRIB_ID of several words ("VMware Photon OS") is no os-release ID
// and names no distro.
func fromLSBRelease(data []byte) (*sbom.Distro, error) {
	m, err := parseOSRelease(data)
	id := strings.ToLower(strings.TrimSpace(m["DISTRIB_ID"]))
	if id == "" || strings.ContainsAny(id, " \t") {
		return nil, err
	}
	return &sbom.Distro{
		ID:        id,
		VersionID: m["DISTRIB_RELEASE"],
		Codename:  m["DISTRIB_CODENAME"],
		Name:      m["DISTRIB_DESCRIPTION"],
	}, err
}
