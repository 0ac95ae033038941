// Package distro detects the operating system release of a root
// filesystem: which distro, which version, which codename. It sits in the
// flow at layers -> inventory, beside the catalogers: the scanner asks
// [Wants] which files to gather while it walks the layers, then calls
// [Detect] once on the merged filesystem, and hands the result to every
// OS cataloger as catalog.Input.Distro (their Package URL namespace and
// the advisories matched later both depend on it).
//
// Its seam is a function, not a catalog.Cataloger: a filesystem has one
// distro, found from several files in a fixed order.
//
// # Sources, in order
//
// The first source that names a distro wins:
//
//  1. /etc/os-release, then /usr/lib/os-release (os-release(5); the first
//     is usually a symbolic link to the second). A file with no ID names
//     no distro, and the next source is tried.
//  2. Where no os-release names one, the legacy release files, in this
//     order (specific before generic, because one image often carries
//     several: CentOS links redhat-release and system-release to
//     centos-release, Ubuntu carries debian_version too):
//     /etc/alpine-release, /etc/centos-release, /etc/rocky-release,
//     /etc/almalinux-release, /etc/oracle-release, /etc/fedora-release,
//     /etc/system-release (read only when it names Amazon Linux),
//     /etc/redhat-release, /etc/SuSE-release, /etc/photon-release,
//     /etc/mariner-release, /etc/lsb-release, /etc/debian_version.
//
// # Fields
//
// From os-release: ID is the ID value lower-cased; IDLike the ID_LIKE
// words lower-cased, in order (nil when absent); VersionID the VERSION_ID
// value as written; Name is PRETTY_NAME, or else NAME followed by VERSION
// when PRETTY_NAME is absent; CPEName the CPE_NAME value. Codename is the first non-empty of:
//
//  1. VERSION_CODENAME;
//  2. UBUNTU_CODENAME;
//  3. for ID "debian" only, the parenthesised word of VERSION,
//     lower-cased ("Debian GNU/Linux 12 (bookworm)" gives "bookworm", as
//     Google distroless images write it, with no VERSION_CODENAME);
//  4. for ID "debian" only, the codename of VERSION_ID's major number
//     (from 4 etch to 15 duke).
//
// Other distros' parenthesised words ("9.4 (Plow)", "42 (Container
// Image)") are marketing names and never become the Codename. A Debian
// os-release with no VERSION_ID (older distroless images) takes its
// VersionID, and its Codename when still empty, from /etc/debian_version
// as below.
//
// Google distroless images are Debian: their ID is "debian" and stays so.
// Red Hat's UBI images carry RHEL's own os-release and are ID "rhel",
// indistinguishable here and rightly matched as RHEL. Wolfi is "wolfi",
// Chainguard "chainguard", CBL-Mariner "mariner", Azure Linux
// "azurelinux", Amazon Linux "amzn", Oracle Linux "ol", SUSE "sles",
// "opensuse-leap" or "opensuse-tumbleweed", Photon "photon": each as its
// os-release writes it.
//
// From the legacy files, IDLike is nil and the fields are:
//   - alpine-release "3.19.4": ID "alpine", VersionID "3.19.4", Name
//     "Alpine Linux v3.19" ("Alpine Linux edge" for an _alpha version), as
//     Alpine's os-release writes them.
//   - debian_version "12.15": ID "debian", VersionID the major "12" (as
//     os-release's VERSION_ID), Codename "bookworm" from the major, Name
//     "Debian GNU/Linux 12 (bookworm)". A testing value "bookworm/sid"
//     gives VersionID "", Codename "bookworm" and Name "Debian GNU/Linux
//     bookworm/sid".
//   - the Red Hat family ("<name> release <version> (<word>)"), Amazon's
//     system-release, photon-release ("VMware Photon OS 4.0") and
//     mariner-release ("CBL-Mariner 2.0.20240123"): ID from the name
//     ("centos", "rocky", "almalinux", "ol", "fedora", "rhel", "rhcos",
//     "amzn", "photon", "mariner", "azurelinux"), VersionID the version
//     (the first word starting with a digit) as the file writes it
//     ("7.6.1810"; for Mariner and Azure Linux its major.minor, "2.0", as
//     os-release writes it), Codename "", Name the file's first line. A
//     name not in that list names no distro.
//   - SuSE-release: ID "sles" or "opensuse", VersionID VERSION with
//     ".PATCHLEVEL" when non-zero ("12.3", as os-release writes it), Name
//     the first line without its "(arch)".
//   - lsb-release: ID the DISTRIB_ID lower-cased (when one word: "VMware
//     Photon OS" names no distro), VersionID
//     DISTRIB_RELEASE, Codename DISTRIB_CODENAME, Name
//     DISTRIB_DESCRIPTION.
//
// # Limits
//
// Each file is read up to 64 KiB; a larger file is skipped and reported.
// Symbolic links are followed inside the given fs.FS only: where it
// implements fs.ReadLinkFS (os.DirFS, fstest.MapFS), Detect resolves each
// link itself, absolute targets from the root and ".." clamped at the
// root, so a link never reaches outside (a host's own /etc/os-release,
// say); at most 40 links per path. Without fs.ReadLinkFS, links are as
// the fs.FS's Open treats them.
package distro
