package secdb

import (
	"context"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/eol"
	"github.com/loadline/loadline/advisory/fetch"
)

// The feeds' default addresses.
const (
	// AlpineBaseURL is where Alpine publishes its secdb:
	// <AlpineBaseURL>/<branch>/<repo>.json.
	AlpineBaseURL = "https://secdb.alpinelinux.org"
	// WolfiURL is Wolfi's security feed.
	WolfiURL = "https://packages.wolfi.dev/os/security.json"
	// ChainguardURL is Chainguard's security feed.
	ChainguardURL = "https://packages.cgr.dev/chainguard/security.json"
)

// The distros, as os-release IDs.
const (
	Alpine     = "alpine"
	Wolfi      = "wolfi"
	Chainguard = "chainguard"
)

// Feed is one secdb file: one Alpine branch and repository
// (v3.20/main.json), or the Wolfi or Chainguard feed. The zero value reads
// any Alpine secdb file, taking the branch and repository from the file;
// it cannot Fetch. Build feeds with AlpineFeed, AlpineFeeds, WolfiFeed and
// ChainguardFeed. A Feed is safe for concurrent use if its fields are not
// changed.
type Feed struct {
	// Distro is the os-release ID the data is for: Alpine, Wolfi or
	// Chainguard; "" means Alpine.
	Distro string
	// Branch ("v3.20", "edge") and Repo ("main", "community") name an
	// Alpine file. Where set, Parse fails on a file whose distroversion
	// or reponame differs; where "", Parse takes them from the file.
	// Both are "" for Wolfi and Chainguard.
	Branch, Repo string
	// URL is the file's address; "" means the default for Distro (for
	// Alpine, AlpineBaseURL/<Branch>/<Repo>.json).
	URL string
}

var _ advisory.Feed = (*Feed)(nil)

// AlpineFeed returns the feed of one Alpine branch ("v3.20", "edge") and
// repository ("main", "community").
func AlpineFeed(branch, repo string) *Feed {
	return &Feed{Distro: Alpine, Branch: branch, Repo: repo}
}

// WolfiFeed returns Wolfi's feed.
func WolfiFeed() *Feed { return &Feed{Distro: Wolfi} }

// ChainguardFeed returns Chainguard's feed.
func ChainguardFeed() *Feed { return &Feed{Distro: Chainguard} }

// AlpineFeeds returns the feeds of the Alpine branches whose security
// support has not ended at now (as advisory/eol dates them: a branch is
// supported through its end date), main then community for each, oldest
// branch first, and edge last. A branch advisory/eol does not know yet
// needs AlpineFeed.
func AlpineFeeds(now time.Time) []*Feed {
	var out []*Feed
	for minor := range 100 {
		v := fmt.Sprintf("3.%d", minor)
		if s, ok := eol.Lookup(advisory.Release{Distro: Alpine, Version: v}); ok && !s.Ended(now) {
			out = append(out, AlpineFeed("v"+v, "main"), AlpineFeed("v"+v, "community"))
		}
	}
	return append(out, AlpineFeed("edge", "main"), AlpineFeed("edge", "community"))
}

func (f *Feed) distro() string {
	if f.Distro == "" {
		return Alpine
	}
	return f.Distro
}

// Name names the feed as its advisories' Source.Feed does: "wolfi",
// "chainguard", or "alpine-<branch>-<repo>" ("alpine-v3.20-main"). An
// Alpine Feed without Branch or Repo is named "alpine", but names its
// advisories after the file it reads ("alpine-v3.10-community"; just
// "alpine" when the file has no reponame), so that each file's
// advisories can be replaced alone.
func (f *Feed) Name() string {
	d := f.distro()
	if d == Alpine && f.Branch != "" && f.Repo != "" {
		return alpineName(f.Branch, f.Repo)
	}
	return d
}

func alpineName(branch, repo string) string { return Alpine + "-" + branch + "-" + repo }

// Location returns the file's address, "" when the Feed has none (an
// Alpine Feed without Branch or Repo, or an unknown Distro, and no URL).
func (f *Feed) Location() string {
	if f.URL != "" {
		return f.URL
	}
	switch f.distro() {
	case Wolfi:
		return WolfiURL
	case Chainguard:
		return ChainguardURL
	case Alpine:
		if f.Branch != "" && f.Repo != "" {
			return AlpineBaseURL + "/" + f.Branch + "/" + f.Repo + ".json"
		}
	}
	return ""
}

// Release returns the release the feed's data is keyed by: alpine/3.20
// for branch v3.20, alpine/edge for edge, wolfi and chainguard with no
// version (advisory.ReleaseOf, and the OSV feed's "Wolfi" and
// "Chainguard" ecosystems, agree). It is zero for an Alpine Feed with no
// Branch.
func (f *Feed) Release() advisory.Release {
	d := f.distro()
	if d == Alpine && f.Branch == "" {
		return advisory.Release{}
	}
	return releaseOf(d, f.Branch)
}

func releaseOf(distro, branch string) advisory.Release {
	if len(branch) > 1 && branch[0] == 'v' {
		branch = branch[1:]
	}
	return advisory.ReleaseOf(distro, branch)
}

// Cover returns the one ecosystem and release the feed covers ("apk" and
// Release), whether or not it has an advisory for a package there; nil
// when Release is zero.
func (f *Feed) Cover() []advisory.Query {
	r := f.Release()
	if r.IsZero() {
		return nil
	}
	return []advisory.Query{{Ecosystem: "apk", Release: r}}
}

// Fetch fetches the file with a zero fetch.Client, as FetchWith.
func (f *Feed) Fetch(ctx context.Context, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return f.FetchWith(ctx, nil, prev)
}

// FetchWith fetches the file at Location with c (nil means a zero
// fetch.Client): a conditional request, so that a file unchanged since
// prev returns an error wrapping advisory.ErrNotModified, and no data.
// The data is a *fetch.File; the caller closes it. Errors are
// fetch.Client.Get's, prefixed "secdb: "; a Feed with no Location fails.
func (f *Feed) FetchWith(ctx context.Context, c *fetch.Client, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	loc := f.Location()
	if loc == "" {
		return nil, "", fmt.Errorf("secdb: fetch %s: no address (set Branch and Repo, or URL)", f.Name())
	}
	return fetch.Feed(ctx, c, "secdb", loc, prev)
}

// Parse reads a secdb file as Fetch returns it, or a local copy, and
// yields its advisories (see the package documentation), in ID order.
func (f *Feed) Parse(ctx context.Context, r io.Reader) iter.Seq2[*advisory.Advisory, error] {
	return parse(ctx, r, f)
}
