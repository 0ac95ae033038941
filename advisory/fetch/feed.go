package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/loadline/loadline/advisory"
)

// Feed is Client.Get as an advisory feed's Fetch method wants it: c may be
// nil (a zero Client); the body comes back as an io.ReadCloser the caller
// closes. advisory.ErrNotModified is returned unwrapped, with the
// fingerprint Get gave; any other error is prefixed with name, the
// feed's package ("kev: ..."), and comes with no data and no fingerprint.
func Feed(ctx context.Context, c *Client, name, url string, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	if c == nil {
		c = &Client{}
	}
	body, fp, err := c.Get(ctx, url, prev)
	if errors.Is(err, advisory.ErrNotModified) {
		return nil, fp, err
	}
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", name, err)
	}
	return body, fp, nil
}
