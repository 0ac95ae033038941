package epss

import (
	"context"
	"io"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
)

// Feed is the daily EPSS file as a feed of exploitation data: Fetch gets
// the file, ParseExploitation reads it into advisory.Exploitation records
// keyed by CVE. It is not an advisory.Feed, whose Parse yields
// advisories: a score is not an advisory but a fact attached to one. The
// zero value fetches DefaultURL. It is safe for concurrent use.
type Feed struct {
	// URL overrides the file's address; "" means DefaultURL.
	URL string
}

// Name returns "epss".
func (*Feed) Name() string { return "epss" }

// Location returns the file's address.
func (f *Feed) Location() string {
	if f.URL != "" {
		return f.URL
	}
	return DefaultURL
}

// Fetch fetches the file with a zero fetch.Client, as FetchWith.
func (f *Feed) Fetch(ctx context.Context, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return f.FetchWith(ctx, nil, prev)
}

// FetchWith fetches the file at Location with c (nil means a zero
// fetch.Client): a conditional request, so that a file unchanged since
// prev returns advisory.ErrNotModified. The published file changes daily
// and is served by a redirect to the dated file; the client follows it.
// The caller closes the data. Errors are fetch.Client.Get's, prefixed
// "epss: ".
func (f *Feed) FetchWith(ctx context.Context, c *fetch.Client, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return fetch.Feed(ctx, c, "epss", f.Location(), prev)
}

// ParseExploitation reads a file as Parse does and returns, for each CVE
// it scores, an Exploitation whose EPSS is set (Date the file's
// score_date; its KEV is nil). Any error of Parse is returned, with no
// records: the file is taken whole or not at all.
func (*Feed) ParseExploitation(ctx context.Context, r io.Reader) (map[string]advisory.Exploitation, error) {
	s, err := Parse(ctx, r)
	if err != nil {
		return nil, err
	}
	out := make(map[string]advisory.Exploitation, len(s.ByCVE))
	for cve, sc := range s.ByCVE {
		out[cve] = advisory.Exploitation{EPSS: &advisory.EPSS{Score: sc.EPSS, Percentile: sc.Percentile, Date: s.Date}}
	}
	return out, nil
}
