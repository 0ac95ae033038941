package update

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/advisory/fetch"
)

// Feed is what Update fetches: an advisory.Feed, whose Parse yields
// advisories, or an ExploitFeed, whose ParseExploitation returns
// exploitation data by CVE. Update fails a feed that is neither.
type Feed interface {
	// Name names the feed; the database records the feed's data under it.
	Name() string
	// Fetch is advisory.Feed's Fetch.
	Fetch(ctx context.Context, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error)
}

// ExploitFeed is a feed of what is known of CVEs' exploitation (the KEV
// catalog, EPSS scores): data that attaches to advisories by CVE rather
// than being advisories, so it has its own parse method. Implementations
// are safe for concurrent use.
type ExploitFeed interface {
	Feed
	// ParseExploitation reads data as Fetch returns it, or a local file
	// of the same format, whole: an error means none of it is usable.
	// Each record sets the fields of its own source (KEV or EPSS).
	ParseExploitation(ctx context.Context, r io.Reader) (map[string]advisory.Exploitation, error)
}

// ClientFetcher is implemented by feeds that fetch with a fetch.Client
// (those of advisory/osv, nvd, kev and epss). Update calls FetchWith,
// rather than Fetch, with a copy of Options.Client whose Progress
// reports the feed's download.
type ClientFetcher interface {
	FetchWith(ctx context.Context, c *fetch.Client, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error)
}

// Coverer is implemented by feeds that know which ecosystems and releases
// they cover before any advisory is read (advisory/secdb, advisory/debian's
// Tracker): Update and Import record them (boltstore.Feed.Cover), so that
// a package of a covered release with no advisory is clean rather than a
// gap. A feed need not be a Coverer: the releases its advisories affect
// count as covered anyway.
type Coverer interface {
	Cover() []advisory.Query
}

// FixList is implemented by feeds that list announced fixes only, not
// every issue of the releases they name (advisory/debian's DSA and DLA
// lists); FixList reports whether the feed is one. Update and Import
// record that (boltstore.Feed.CoverOnly), so that such a feed alone
// leaves the releases it names gaps, though its fixes are matched.
type FixList interface {
	FixList() bool
}

// Options configure Update and Import. The zero value (or nil) works: a
// zero fetch.Client, no progress reports, the current time.
type Options struct {
	// Client fetches the feeds that are ClientFetchers; nil means a zero
	// fetch.Client. Its Progress is replaced by one that reports Events.
	Client *fetch.Client
	// Progress, if not nil, receives an Event at each step of each feed.
	// It is called by one goroutine at a time, not always the caller's:
	// feeds are fetched in parallel, so their events interleave.
	Progress func(Event)
	// Parallel is how many feeds Update fetches at once; 0 means 4.
	Parallel int
	// Now returns the time recorded as the fetch and build time; nil
	// means time.Now.
	Now func() time.Time
}

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o *Options) parallel() int {
	if o.Parallel > 0 {
		return o.Parallel
	}
	return 4
}

// serialize returns fn made safe for concurrent calls: they take turns.
func serialize(fn func(Event)) func(Event) {
	if fn == nil {
		return nil
	}
	var mu sync.Mutex
	return func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		fn(e)
	}
}

func (o *Options) report(e Event) {
	if o.Progress != nil {
		o.Progress(e)
	}
}

// Stage is the step of a feed's update an Event reports.
type Stage int

// The stages of a feed, in order; a feed not modified or failed at
// Fetching goes straight to Done.
const (
	// Fetching: Done and Total are bytes received and expected (Total
	// -1 when unknown).
	Fetching Stage = iota + 1
	// Writing: Done is the records parsed and written so far (Total -1).
	Writing
	// Done: Result is the feed's outcome.
	Done
)

// String returns "fetching", "writing" or "done".
func (s Stage) String() string {
	switch s {
	case Fetching:
		return "fetching"
	case Writing:
		return "writing"
	case Done:
		return "done"
	}
	return fmt.Sprintf("Stage(%d)", int(s))
}

// Event reports the progress of one feed.
type Event struct {
	Feed        string
	Stage       Stage
	Done, Total int64
	// Result is set at Done.
	Result *Result
}

// Outcome is what became of one feed.
type Outcome int

// The outcomes.
const (
	// Updated: the feed's new data replaced its old data.
	Updated Outcome = iota + 1
	// NotModified: the feed's data was unchanged; the database kept it.
	NotModified
	// Failed: the feed could not be fetched or parsed, or the database
	// not written; the database kept the feed's old data (if any).
	Failed
)

// String returns "updated", "not modified" or "failed".
func (o Outcome) String() string {
	switch o {
	case Updated:
		return "updated"
	case NotModified:
		return "not modified"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// MaxProblems is how many problems a Result keeps.
const MaxProblems = 10

// Result is the outcome of one feed.
type Result struct {
	Feed    string
	Outcome Outcome
	// Records is the number of advisories (for an ExploitFeed, of CVEs)
	// written; 0 unless Updated.
	Records int
	// Problems counts the errors the feed's Parse reported without
	// stopping: malformed records, which were skipped, and faults of
	// records that were kept (a stated CVSS score that disagrees with its
	// vector). FirstProblems holds the first MaxProblems, in order.
	Problems      int
	FirstProblems []error
	// Fingerprint is the fingerprint now recorded: the new one when
	// Updated, the previous one otherwise.
	Fingerprint advisory.Fingerprint
	// Err says why the feed Failed; nil otherwise.
	Err error
}

// Update fetches feeds into the database at dbPath, Options.Parallel at
// a time, each with the fingerprint the database recorded for it (see
// boltstore.Status), then writes every feed that changed, in the order of
// feeds, in one boltstore.Write with Keep: the feeds not modified, failed
// or not named keep their data. A feed whose Fetch returns its changes
// only (an advisory.Delta, as advisory/nvd does for a database it
// updated within 120 days) has them merged into its data
// (boltstore.Feed.Merge). The write is atomic, so a failure or a
// cancelled ctx leaves the previous database intact, byte for byte; a
// database that does not exist is created. A feed whose data cannot be
// parsed (Parse ends with an error that stops it) fails alone: the write
// is made again without it. Each advisory's Source.Feed is set to its
// feed's Name, the key under which the database replaces a feed.
//
// A database of another format version (boltstore.ErrVersion: written by
// an older or newer loadline) is rebuilt: every feed is fetched whole,
// and the database's other feeds are dropped. Any other database that
// cannot be read is an error, and is left alone.
//
// Update returns one Result per feed, in order, and an error joining the
// errors of the failed feeds (nil when none failed). A feed whose name an
// earlier feed has fails. An error that leaves no Results (the existing
// database cannot be read, ctx is done) is returned with nil Results.
func Update(ctx context.Context, dbPath string, feeds []Feed, opts *Options) ([]Result, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	prev, keep, err := fingerprints(ctx, dbPath)
	if err != nil {
		return nil, err
	}
	o.Progress = serialize(o.Progress)
	results := make([]Result, len(feeds))
	fetched := make([]*pending, len(feeds))
	defer func() {
		for _, p := range fetched {
			if p != nil {
				p.close()
			}
		}
	}()
	var g errgroup.Group // a feed that fails does not stop the others
	g.SetLimit(o.parallel())
	seen := map[string]bool{}
	for i, f := range feeds {
		r := &results[i]
		*r = Result{Feed: f.Name()}
		if seen[r.Feed] {
			r.Outcome, r.Fingerprint, r.Err = Failed, prev[r.Feed], fmt.Errorf("update: %s: named twice", r.Feed)
			o.report(Event{Feed: r.Feed, Stage: Done, Result: r})
			continue
		}
		seen[r.Feed] = true
		g.Go(func() error {
			p, err := fetchOne(ctx, f, prev[r.Feed], &o)
			switch {
			case err == nil:
				p.result, fetched[i] = r, p
				return nil
			case errors.Is(err, advisory.ErrNotModified):
				r.Outcome, r.Fingerprint = NotModified, prev[r.Feed]
			default:
				r.Outcome, r.Fingerprint, r.Err = Failed, prev[r.Feed], err
			}
			o.report(Event{Feed: r.Feed, Stage: Done, Result: r})
			return nil
		})
	}
	g.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("update: %w", context.Cause(ctx))
	}
	var pend []*pending
	for _, p := range fetched {
		if p != nil {
			pend = append(pend, p)
		}
	}
	if err := write(ctx, dbPath, pend, keep, &o); err != nil {
		return nil, err
	}
	var errs []error
	for _, r := range results {
		if r.Err != nil {
			errs = append(errs, r.Err)
		}
	}
	return results, errors.Join(errs...)
}

// fingerprints returns the fingerprint the database at path recorded for
// each feed, none when there is no database, and whether to keep the
// database's other feeds: not when it is of another format version
// (boltstore.ErrVersion), which is rebuilt.
func fingerprints(ctx context.Context, path string) (map[string]advisory.Fingerprint, bool, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, true, nil
	}
	s, err := boltstore.Open(ctx, path, nil)
	if errors.Is(err, boltstore.ErrVersion) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("update: %w", err)
	}
	defer s.Close()
	st, err := s.Status(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("update: %w", err)
	}
	out := map[string]advisory.Fingerprint{}
	for _, f := range st.Feeds {
		out[f.Name] = f.Fingerprint
	}
	return out, true, nil
}

// fetchOne fetches one feed; it returns advisory.ErrNotModified when the
// feed is unchanged.
func fetchOne(ctx context.Context, f Feed, prev advisory.Fingerprint, o *Options) (*pending, error) {
	name := f.Name()
	if _, ok := f.(advisory.Feed); !ok {
		if _, ok := f.(ExploitFeed); !ok {
			return nil, fmt.Errorf("update: %s: %T is neither an advisory.Feed nor an ExploitFeed", name, f)
		}
	}
	o.report(Event{Feed: name, Stage: Fetching, Total: -1})
	fetched := o.now()
	var body io.ReadCloser
	var fp advisory.Fingerprint
	var err error
	if cf, ok := f.(ClientFetcher); ok {
		c := fetch.Client{}
		if o.Client != nil {
			c = *o.Client
		}
		c.Progress = func(done, total int64) {
			o.report(Event{Feed: name, Stage: Fetching, Done: done, Total: total})
		}
		body, fp, err = cf.FetchWith(ctx, &c, prev)
	} else {
		body, fp, err = f.Fetch(ctx, prev)
	}
	if err != nil {
		if errors.Is(err, advisory.ErrNotModified) {
			return nil, err
		}
		return nil, fmt.Errorf("update: %s: %w", name, err)
	}
	if body == nil {
		return nil, fmt.Errorf("update: %s: Fetch returned no data and no error", name)
	}
	p := &pending{feed: f, name: name, prev: prev, fp: fp, fetched: fetched}
	if ef, ok := f.(ExploitFeed); ok {
		defer body.Close()
		if err := p.parseExploits(ctx, ef, body); err != nil {
			return p, fmt.Errorf("update: %s: %w", name, err)
		}
		return p, nil
	}
	p.parts = []part{{name: name, body: body}}
	if d, ok := body.(advisory.Delta); ok && d.Delta() {
		p.merge = true
	}
	return p, nil
}
