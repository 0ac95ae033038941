package advisory

import (
	"context"
	"errors"
	"io"
	"iter"
)

// Fingerprint identifies one fetched state of a feed (an ETag, a
// Last-Modified time, a digest: whatever the feed can compare cheaply),
// so that an unchanged feed is skipped. "" means none.
type Fingerprint string

// ErrNotModified is returned by Feed.Fetch when the feed's data is
// unchanged since the fingerprint it was given.
var ErrNotModified = errors.New("advisory: feed not modified")

// Delta is implemented by the data a Feed's Fetch returns when it may
// hold only the records changed since prev (new records, and new
// versions of old ones, by ID) rather than the feed's whole data; Delta
// reports whether it does. A store then replaces those records and keeps
// the feed's others (advisory/update does, with boltstore.Feed.Merge).
// Data without the method is the feed's whole data.
type Delta interface {
	io.ReadCloser
	Delta() bool
}

// Feed is one source of advisories, split as claircore splits its
// updaters: Fetch gets the data, Parse turns data into advisories, so
// that data can also come from a local file (offline import) and be
// parsed the same way. Implementations are safe for concurrent use.
type Feed interface {
	// Name names the feed: "osv-pypi", "nvd", "debian", "kev".
	Name() string
	// Fetch retrieves the feed's current data. When the data's
	// fingerprint equals prev, it returns ErrNotModified. The caller
	// closes the data, which may be backed by a temporary file that
	// Close removes.
	Fetch(ctx context.Context, prev Fingerprint) (io.ReadCloser, Fingerprint, error)
	// Parse reads data as Fetch returns it, or a local file of the same
	// format, and yields its advisories one at a time. A malformed
	// record yields an error naming the record, and parsing goes on; an
	// error that stops parsing is yielded last. Parse checks ctx.Err()
	// between records. If r is also an io.ReaderAt with a Size or Stat
	// method (an *os.File), Parse may read it at random (a zip archive).
	Parse(ctx context.Context, r io.Reader) iter.Seq2[*Advisory, error]
}
