package kev

import (
	"context"
	"io"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
)

// Feed is the KEV catalog as a feed of exploitation data: Fetch gets the
// catalog, ParseExploitation reads it into advisory.Exploitation records
// keyed by CVE. It is not an advisory.Feed, whose Parse yields
// advisories: a KEV entry is not an advisory but a fact attached to
// one. The zero value fetches DefaultURL. It is safe for concurrent use.
type Feed struct {
	// URL overrides the catalog's address; "" means DefaultURL.
	URL string
}

// Name returns "kev".
func (*Feed) Name() string { return "kev" }

// Location returns the catalog's address.
func (f *Feed) Location() string {
	if f.URL != "" {
		return f.URL
	}
	return DefaultURL
}

// Fetch fetches the catalog with a zero fetch.Client, as FetchWith.
func (f *Feed) Fetch(ctx context.Context, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return f.FetchWith(ctx, nil, prev)
}

// FetchWith fetches the catalog at Location with c (nil means a zero
// fetch.Client): a conditional request, so that a catalog unchanged
// since prev returns advisory.ErrNotModified. The caller closes the data.
// Errors are fetch.Client.Get's, prefixed "kev: ".
func (f *Feed) FetchWith(ctx context.Context, c *fetch.Client, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return fetch.Feed(ctx, c, "kev", f.Location(), prev)
}

// ParseExploitation reads a catalog as Parse does and returns, for each
// CVE it lists, an Exploitation whose KEV is set (its EPSS is nil). Any
// error of Parse is returned, with no records: the catalog is taken
// whole or not at all.
func (*Feed) ParseExploitation(ctx context.Context, r io.Reader) (map[string]advisory.Exploitation, error) {
	cat, err := Parse(ctx, r)
	if err != nil {
		return nil, err
	}
	out := make(map[string]advisory.Exploitation, len(cat.Entries))
	for cve, e := range cat.Entries {
		out[cve] = advisory.Exploitation{KEV: &advisory.KEV{Added: e.DateAdded, Due: e.DueDate, Ransomware: e.KnownRansomware()}}
	}
	return out, nil
}
