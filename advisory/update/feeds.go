package update

import (
	"net/url"
	"strings"
	"time"

	"github.com/loadline/loadline/advisory/debian"
	"github.com/loadline/loadline/advisory/epss"
	"github.com/loadline/loadline/advisory/kev"
	"github.com/loadline/loadline/advisory/nvd"
	"github.com/loadline/loadline/advisory/osv"
	"github.com/loadline/loadline/advisory/secdb"
)

// Defaults configure DefaultFeeds. The zero value works: the public
// hosts, no NVD API key.
type Defaults struct {
	// NVDAPIKey is passed to the NVD feed (nvd.Feed.APIKey); "" means
	// none. DefaultFeeds does not read the environment.
	NVDAPIKey string
	// Mirror, if not "", is the base URL of a mirror that serves every
	// feed under one host, in this layout:
	//
	//	<Mirror>/osv/<Ecosystem>/all.zip     (as osv.DefaultBaseURL)
	//	<Mirror>/nvd                         (the NVD CVE API 2.0)
	//	<Mirror>/kev/known_exploited_vulnerabilities.json
	//	<Mirror>/epss/epss_scores-current.csv.gz
	//	<Mirror>/debian/json                 (the security tracker's export)
	//	<Mirror>/debian/DSA/list, <Mirror>/debian/DLA/list
	//	<Mirror>/alpine/<branch>/<repo>.json (as secdb.AlpineBaseURL)
	//	<Mirror>/wolfi/security.json, <Mirror>/chainguard/security.json
	Mirror string
	// Now picks the Alpine branches still supported (secdb.AlpineFeeds);
	// zero means time.Now().
	Now time.Time
}

// osvLanguages and osvDistros are the osv.dev ecosystems DefaultFeeds
// fetches.
var (
	osvLanguages = []string{"PyPI", "npm", "Go", "crates.io", "Maven", "RubyGems", "NuGet", "Packagist", "Pub", "Hex", "SwiftURL", "ConanCenter"}
	osvDistros   = []string{"Debian", "Ubuntu", "Alpine", "Chainguard", "Wolfi", "Red Hat", "Rocky Linux", "AlmaLinux", "SUSE", "openSUSE"}
)

// DefaultFeeds returns the feeds `loadline db update` fetches, in this
// order: one osv.Feed per osv.dev ecosystem of the languages whose
// lockfiles and installed packages the scanner reads (PyPI, npm, Go,
// crates.io, Maven, RubyGems, NuGet, Packagist, Pub, Hex, SwiftURL,
// ConanCenter) and of the distributions whose package databases it reads
// (Debian, Ubuntu, Alpine, Chainguard, Wolfi, Red Hat, Rocky Linux,
// AlmaLinux, SUSE, openSUSE), each named "osv-" and the ecosystem
// lowercased, spaces as dashes ("osv-pypi", "osv-rocky-linux"); then the
// distributions' own data, which knows what OSV's copies leave out
// (statuses other than fixed, releases OSV does not carry): Debian's
// security tracker export (debian.Tracker) and DSA and DLA lists
// (debian.List), the Alpine secdb files of the branches supported at
// Defaults.Now (secdb.AlpineFeeds), Wolfi's and Chainguard's (secdb);
// then nvd.Feed, kev.Feed and epss.Feed. Each call returns new feeds.
//
// Ubuntu's OpenVEX archive (advisory/ubuntu) is not among them: it is
// published xz-compressed, which loadline cannot read yet; Ubuntu's
// data comes through OSV, and an unpacked archive can be imported.
//
// A first update downloads about 2.5 GB, most of it NVD's, whose
// API pages through some 300,000 CVEs at a rate limit: about 15 minutes
// without an API key, under 2 with one. Later updates skip what has not
// changed (conditional requests; for NVD, one request asking whether
// any CVE changed).
//
// The CVE List's JSON 5 records (advisory/cve5) are not among them: the
// CVE Program publishes them only as dated GitHub release archives (a
// zip within a zip, renamed each day), with no stable address to ask
// conditionally, and NVD already carries every CVE with the CNAs'
// scores; cve5 data can be imported (Import).
func DefaultFeeds(d Defaults) []Feed {
	var out []Feed
	for _, eco := range append(append([]string(nil), osvLanguages...), osvDistros...) {
		f := &osv.Feed{Ecosystem: eco}
		if d.Mirror != "" {
			f.URL = mirror(d.Mirror, "osv", url.PathEscape(eco), "all.zip")
		}
		out = append(out, f)
	}
	tracker, dsa, dla := &debian.Tracker{}, &debian.List{Kind: "DSA"}, &debian.List{Kind: "DLA"}
	if d.Mirror != "" {
		tracker.URL = mirror(d.Mirror, "debian", "json")
		dsa.URL = mirror(d.Mirror, "debian", "DSA", "list")
		dla.URL = mirror(d.Mirror, "debian", "DLA", "list")
	}
	out = append(out, tracker, dsa, dla)
	now := d.Now
	if now.IsZero() {
		now = time.Now()
	}
	for _, f := range append(secdb.AlpineFeeds(now), secdb.WolfiFeed(), secdb.ChainguardFeed()) {
		if d.Mirror != "" {
			if f.Branch != "" {
				f.URL = mirror(d.Mirror, "alpine", f.Branch, f.Repo+".json")
			} else {
				f.URL = mirror(d.Mirror, strings.ToLower(f.Distro), "security.json")
			}
		}
		out = append(out, f)
	}
	n, k, e := &nvd.Feed{APIKey: d.NVDAPIKey}, &kev.Feed{}, &epss.Feed{}
	if d.Mirror != "" {
		n.URL = mirror(d.Mirror, "nvd")
		k.URL = mirror(d.Mirror, "kev", "known_exploited_vulnerabilities.json")
		e.URL = mirror(d.Mirror, "epss", "epss_scores-current.csv.gz")
	}
	return append(out, n, k, e)
}

func mirror(base string, elem ...string) string {
	return strings.TrimSuffix(base, "/") + "/" + strings.Join(elem, "/")
}
