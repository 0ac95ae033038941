package debian

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"slices"
	"strings"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
)

// The feeds' default addresses.
const (
	// TrackerURL is the security tracker's JSON export.
	TrackerURL = "https://security-tracker.debian.org/tracker/data/json"
	// DSAListURL and DLAListURL are the security tracker's lists of
	// Debian Security Advisories and Debian LTS Advisories.
	DSAListURL = "https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/DSA/list"
	DLAListURL = "https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/DLA/list"
)

// RecordError is a record that could not be read: a tracker entry
// ("openssl/CVE-2024-0727", "openssl/CVE-2024-0727/bookworm") or a list
// entry ("line 12: DSA-4480-1"). The parse goes on.
type RecordError struct {
	Record string
	Err    error
}

func (e *RecordError) Error() string { return fmt.Sprintf("debian: record %s: %v", e.Record, e.Err) }
func (e *RecordError) Unwrap() error { return e.Err }

// Tracker is the security tracker's JSON export: every CVE and TEMP-
// issue of every source package, per release. Its zero value reads and
// fetches TrackerURL. A Tracker is safe for concurrent use if its fields
// are not changed.
type Tracker struct {
	// URL overrides TrackerURL.
	URL string
	// Distributions, when set (from ParseDistributions), are the
	// releases the tracker follows: Cover returns them, and they name
	// codenames beyond the package's own table.
	Distributions []Distribution
	// Logger receives, at the end of a Parse, a line per unknown
	// release codename with the count of entries skipped for it; nil
	// means silent.
	Logger *slog.Logger
}

var _ advisory.Feed = (*Tracker)(nil)

// Name returns "debian", as the tracker's advisories' Source.Feed says.
func (t *Tracker) Name() string { return "debian" }

// Location returns the address Fetch gets.
func (t *Tracker) Location() string { return cmp.Or(t.URL, TrackerURL) }

// Cover returns, for each of Distributions with a known release, the
// ecosystem "deb" and that release, in the order of Distributions. With
// no Distributions it returns nil: the export itself does not say which
// releases it follows (though every release it follows appears under
// thousands of its issues), and a release the tracker dropped must not
// look clean.
func (t *Tracker) Cover() []advisory.Query {
	rs := releases{extra: t.Distributions}
	var out []advisory.Query
	for _, d := range t.Distributions {
		if r, ok := rs.of(d.Codename); ok && !slices.ContainsFunc(out, func(q advisory.Query) bool { return q.Release == r }) {
			out = append(out, advisory.Query{Ecosystem: "deb", Release: r})
		}
	}
	return out
}

// Fetch fetches the export with a zero fetch.Client, as FetchWith.
func (t *Tracker) Fetch(ctx context.Context, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return t.FetchWith(ctx, nil, prev)
}

// FetchWith fetches the export at Location with c (nil means a zero
// fetch.Client): a conditional request, so that an export unchanged
// since prev returns an error wrapping advisory.ErrNotModified, and no
// data. The data is a *fetch.File, which Parse reads at random; the
// caller closes it. Errors are fetch.Client.Get's, prefixed "debian: ".
func (t *Tracker) FetchWith(ctx context.Context, c *fetch.Client, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return fetch.Feed(ctx, c, "debian", t.Location(), prev)
}

// Parse reads the export as Fetch returns it, or a local copy, and
// yields one advisory per issue, in ID order (see the package
// documentation). It reads the export twice: once through, noting where
// each issue is in each package (about 100 bytes an issue), then each
// issue at random, one at a time, so that memory is bounded by the
// number of issues and the largest issue, never by the export's size. It
// reads r at random in place when r is an io.ReaderAt and io.Seeker (an
// *os.File, the file Fetch returns), from its current offset; any other
// reader is copied to a temporary file in os.TempDir() as it is read,
// removed before Parse returns.
func (t *Tracker) Parse(ctx context.Context, r io.Reader) iter.Seq2[*advisory.Advisory, error] {
	return parseTracker(ctx, r, &releases{extra: t.Distributions}, t.Logger)
}

// The kinds of advisory list.
const (
	DSA = "DSA" // Debian Security Advisories, data/DSA/list
	DLA = "DLA" // Debian LTS Advisories, data/DLA/list
)

// List is one of the security tracker's advisory lists: DSA or DLA. Its
// zero value is the DSA list. A List is safe for concurrent use if its
// fields are not changed.
type List struct {
	// Kind is DSA or DLA; "" means DSA. It picks the default address and
	// the name ("debian-" and Kind lowercased); Parse reads any list
	// alike (the tracker's DTSA list too, with Kind "DTSA" and a URL).
	Kind string
	// URL overrides the Kind's default address.
	URL string
	// Logger is as Tracker's.
	Logger *slog.Logger
}

var _ advisory.Feed = (*List)(nil)

func (l *List) kind() string { return cmp.Or(l.Kind, DSA) }

// Name returns "debian-dsa" or "debian-dla", as the list's advisories'
// Source.Feed says.
func (l *List) Name() string { return "debian-" + strings.ToLower(l.kind()) }

// Location returns the address Fetch gets: URL, or the Kind's default;
// "" for a Kind other than DSA and DLA with no URL.
func (l *List) Location() string {
	switch {
	case l.URL != "":
		return l.URL
	case l.kind() == DSA:
		return DSAListURL
	case l.kind() == DLA:
		return DLAListURL
	}
	return ""
}

// Cover returns nil: an advisory list names the fixes it announced, not
// every issue of a release, so it covers none.
func (l *List) Cover() []advisory.Query { return nil }

// FixList returns true: the releases a list's advisories name are not
// covered by them (advisory/update records that, so that a Debian
// release with only the DSA or DLA list loaded stays a gap, its
// announced fixes matched).
func (l *List) FixList() bool { return true }

// Fetch fetches the list with a zero fetch.Client, as FetchWith.
func (l *List) Fetch(ctx context.Context, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return l.FetchWith(ctx, nil, prev)
}

// FetchWith fetches the list as Tracker.FetchWith fetches the export. It
// fails when the List has no Location.
func (l *List) FetchWith(ctx context.Context, c *fetch.Client, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	loc := l.Location()
	if loc == "" {
		return nil, "", fmt.Errorf("debian: fetch %s: no address (set URL)", l.Name())
	}
	return fetch.Feed(ctx, c, "debian", loc, prev)
}

// Parse reads a list as Fetch returns it, or a local copy, and yields
// one advisory per entry with at least one package line, in the list's
// order (see the package documentation), reading a line at a time.
func (l *List) Parse(ctx context.Context, r io.Reader) iter.Seq2[*advisory.Advisory, error] {
	return parseList(ctx, r, l.Name(), &releases{}, l.Logger)
}
