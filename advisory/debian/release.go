package debian

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"

	"github.com/loadline/loadline/advisory"
)

// DistributionsURL is where the security tracker lists the releases it
// follows, with their major versions and support state.
const DistributionsURL = "https://security-tracker.debian.org/tracker/distributions.json"

// Distribution is one release the security tracker follows, as its
// distributions.json says.
type Distribution struct {
	// Codename is the release's codename: "bookworm".
	Codename string
	// Version is its major version: "12"; "" when the tracker gives none.
	Version string
	// Support is the tracker's word for its support: "security" (the
	// security team's), "lts" (Debian LTS), or another; "" when none.
	Support string
}

// ParseDistributions reads the tracker's distributions.json
// ({codename: {"major-version", "support", "contact"}}) and returns its
// releases in codename order.
func ParseDistributions(r io.Reader) ([]Distribution, error) {
	var doc map[string]struct {
		MajorVersion string `json:"major-version"`
		Support      string `json:"support"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("debian: distributions: %w", err)
	}
	out := make([]Distribution, 0, len(doc))
	for _, name := range slices.Sorted(maps.Keys(doc)) {
		d := doc[name]
		out = append(out, Distribution{Codename: name, Version: d.MajorVersion, Support: d.Support})
	}
	return out, nil
}

// codenames maps Debian's codenames to their versions, oldest first.
// Versions before 4 have a minor part, which advisory.ReleaseOf drops
// (woody and sarge are both debian/3: no image reports either).
var codenames = []struct{ name, version string }{
	{"buzz", "1.1"}, {"rex", "1.2"}, {"bo", "1.3"}, {"hamm", "2.0"}, {"slink", "2.1"}, {"potato", "2.2"},
	{"woody", "3.0"}, {"sarge", "3.1"}, {"etch", "4"}, {"lenny", "5"}, {"squeeze", "6"}, {"wheezy", "7"},
	{"jessie", "8"}, {"stretch", "9"}, {"buster", "10"}, {"bullseye", "11"}, {"bookworm", "12"},
	{"trixie", "13"}, {"forky", "14"}, {"duke", "15"},
}

// releases resolves codenames to Releases and counts the codenames it
// cannot resolve. It is used by one Parse at a time.
type releases struct {
	extra   []Distribution
	unknown map[string]int
}

// of returns the Release of codename, and false when it is unknown: a
// codename in the table or in extra (a Distribution with a Version)
// becomes debian/<major>; "sid" stays debian/sid (advisory.ReleaseOf's
// answer for it, as the OSV feed's "Debian:sid" does).
func (rs *releases) of(codename string) (advisory.Release, bool) {
	for _, d := range rs.extra {
		if d.Codename == codename && d.Version != "" {
			return advisory.ReleaseOf("debian", d.Version), true
		}
	}
	for _, c := range codenames {
		if c.name == codename {
			return advisory.ReleaseOf("debian", c.version), true
		}
	}
	if codename == "sid" {
		return advisory.ReleaseOf("debian", codename), true
	}
	if rs.unknown == nil {
		rs.unknown = map[string]int{}
	}
	rs.unknown[codename]++
	return advisory.Release{}, false
}

// report logs the entries skipped for an unknown codename, if any.
func (rs *releases) report(ctx context.Context, log *slog.Logger, feed string) {
	if log == nil || len(rs.unknown) == 0 {
		return
	}
	for _, name := range slices.Sorted(maps.Keys(rs.unknown)) {
		log.WarnContext(ctx, "debian: skipped entries of an unknown release", "feed", feed, "release", name, "entries", rs.unknown[name])
	}
}

// rank orders releases: by major version, then sid, then others by
// name.
func rank(r advisory.Release) string {
	v := r.Version
	if v == "sid" {
		return "~"
	}
	if len(v) < 4 && v != "" && v[0] >= '0' && v[0] <= '9' {
		return strings.Repeat("0", 4-len(v)) + v
	}
	return "~~" + v
}
