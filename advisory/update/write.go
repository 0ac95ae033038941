package update

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/advisory/cve5"
	"github.com/loadline/loadline/advisory/nvd"
	"github.com/loadline/loadline/advisory/osv"
)

// progressEvery is how many records pass between two Writing events.
const progressEvery = 10000

// pending is a feed whose new data awaits the write.
type pending struct {
	feed    Feed
	name    string
	prev    advisory.Fingerprint // recorded before
	fp      advisory.Fingerprint // of the new data
	fetched time.Time
	// parts are an advisory feed's data: one fetched body, or the files
	// of an import.
	parts []part
	// exploit marks an ExploitFeed; exploits are its data.
	exploit  bool
	exploits map[string]advisory.Exploitation
	// merge marks data that holds the feed's changes only (an
	// advisory.Delta): written with boltstore.Feed.Merge.
	merge  bool
	result *Result
	err    error // why the feed failed; set by advisories
}

// part is one piece of a feed's data: a fetched body, or a file.
type part struct {
	name string        // for errors: the feed's name or the file's path
	body io.ReadCloser // fetched data, owned by the part; nil for a file
	read bool          // body has been read
}

// open returns the part's data, from its start, and a function that
// releases it.
func (pt *part) open() (io.Reader, func(), error) {
	if pt.body == nil {
		f, err := os.Open(pt.name)
		if err != nil {
			return nil, nil, err
		}
		return f, func() { f.Close() }, nil
	}
	if pt.read {
		s, ok := pt.body.(io.Seeker)
		if !ok {
			return nil, nil, errors.New("data cannot be read again (not an io.Seeker)")
		}
		if _, err := s.Seek(0, io.SeekStart); err != nil {
			return nil, nil, err
		}
	}
	pt.read = true
	return pt.body, func() {}, nil
}

func (p *pending) close() {
	for _, pt := range p.parts {
		if pt.body != nil {
			pt.body.Close()
		}
	}
}

// fail records that the feed failed with err.
func (p *pending) fail(err error, o *Options) {
	*p.result = Result{Feed: p.name, Outcome: Failed, Fingerprint: p.prev, Err: err}
	o.report(Event{Feed: p.name, Stage: Done, Result: p.result})
}

// problem counts an error Parse reported without stopping.
func (p *pending) problem(err error) {
	r := p.result
	r.Problems++
	if len(r.FirstProblems) < MaxProblems {
		r.FirstProblems = append(r.FirstProblems, err)
	}
}

// advisories yields the feed's advisories, each with Source.Feed its
// name. It returns false to stop: when yield does, or when the feed's
// data is unusable (p.err is then set and yielded, to stop the write).
// An error Parse yields last is taken as one that stopped parsing,
// unless it is a per-record error (see perRecord).
func (p *pending) advisories(ctx context.Context, o *Options, yield func(*advisory.Advisory, error) bool) bool {
	af := p.feed.(advisory.Feed)
	stop := func(err error) bool {
		p.err = err
		yield(nil, err)
		return false
	}
	for i := range p.parts {
		pt := &p.parts[i]
		r, release, err := pt.open()
		if err != nil {
			return stop(fmt.Errorf("update: %s: %s: %w", p.name, pt.name, err))
		}
		// A problem of one of several files names the file.
		problem := p.problem
		if len(p.parts) > 1 {
			problem = func(err error) { p.problem(fmt.Errorf("%s: %w", pt.name, err)) }
		}
		var held error
		for a, err := range af.Parse(ctx, r) {
			if held != nil {
				problem(held)
				held = nil
			}
			if err != nil {
				held = err
				continue
			}
			if a == nil {
				continue
			}
			a.Source.Feed = p.name
			p.result.Records++
			if p.result.Records%progressEvery == 0 {
				o.report(Event{Feed: p.name, Stage: Writing, Done: int64(p.result.Records), Total: -1})
			}
			if !yield(a, nil) {
				release()
				return false
			}
		}
		release()
		if held != nil {
			if !perRecord(held) || ctx.Err() != nil {
				return stop(fmt.Errorf("update: %s: %w", p.name, held))
			}
			problem(held)
		}
	}
	o.report(Event{Feed: p.name, Stage: Writing, Done: int64(p.result.Records), Total: -1})
	return true
}

// perRecord reports whether err, yielded last by a Parse, is about one
// record rather than one that stopped parsing. The feeds' contract
// cannot tell the two apart when the last record is malformed; the
// known per-record error types can.
func perRecord(err error) bool {
	var (
		oe *osv.RecordError
		ne *nvd.ScoreError
		ce *cve5.ScoreError
	)
	return errors.As(err, &oe) || errors.As(err, &ne) || errors.As(err, &ce)
}

// write writes the pending feeds into the database at path, in one
// boltstore.Write, with Keep if keep. When a feed's data proves unusable, that
// feed fails and the write is made again without it; any other write
// error fails every pending feed. It returns an error only when ctx is
// done.
func write(ctx context.Context, path string, pend []*pending, keep bool, o *Options) error {
	for {
		var live []*pending
		for _, p := range pend {
			if p.result.Outcome != Failed {
				live = append(live, p)
			}
		}
		if len(live) == 0 {
			return nil
		}
		wo := &boltstore.WriteOptions{Keep: keep, Built: o.now()}
		for _, p := range live {
			bf := boltstore.Feed{Name: p.name, Fingerprint: p.fp, Fetched: p.fetched, Merge: p.merge}
			if c, ok := p.feed.(Coverer); ok {
				bf.Cover = c.Cover()
			}
			if l, ok := p.feed.(FixList); ok {
				bf.CoverOnly = l.FixList()
			}
			wo.Feeds = append(wo.Feeds, bf)
			p.result.Records, p.result.Problems, p.result.FirstProblems, p.err = 0, 0, nil, nil
		}
		if bad := exploitOptions(wo, live); bad != nil {
			bad.fail(bad.err, o)
			continue
		}
		var bad *pending
		_, err := boltstore.Write(ctx, path, func(yield func(*advisory.Advisory, error) bool) {
			for _, p := range live {
				if p.exploit {
					continue
				}
				if !p.advisories(ctx, o, yield) {
					if p.err != nil {
						bad = p
					}
					return
				}
			}
		}, wo)
		switch {
		case err == nil:
			for _, p := range live {
				p.result.Outcome, p.result.Fingerprint = Updated, p.fp
				if p.exploit {
					p.result.Records = len(p.exploits)
				}
				o.report(Event{Feed: p.name, Stage: Done, Result: p.result})
			}
			return nil
		case ctx.Err() != nil:
			return fmt.Errorf("update: %w", context.Cause(ctx))
		case bad != nil:
			bad.fail(bad.err, o)
		default:
			for _, p := range live {
				p.fail(fmt.Errorf("update: %s: %w", p.name, err), o)
			}
			return nil
		}
	}
}

// exploitOptions sets wo's exploitation data from the live
// ExploitFeeds. The store holds it as the feeds "kev" (each record's KEV)
// and "epss" (each record's EPSS); it returns a feed of another name, with
// its err set.
func exploitOptions(wo *boltstore.WriteOptions, live []*pending) *pending {
	for _, p := range live {
		if !p.exploit {
			continue
		}
		switch p.name {
		case "kev":
			wo.KEV = make(map[string]advisory.KEV, len(p.exploits))
			for cve, e := range p.exploits {
				if e.KEV != nil {
					wo.KEV[cve] = *e.KEV
				}
			}
		case "epss":
			wo.EPSS = make(map[string]advisory.EPSS, len(p.exploits))
			for cve, e := range p.exploits {
				if e.EPSS != nil {
					wo.EPSS[cve] = *e.EPSS
				}
			}
		default:
			p.err = fmt.Errorf("update: %s: the store holds exploitation data only as the feeds kev and epss", p.name)
			return p
		}
	}
	return nil
}

// parseExploits reads an ExploitFeed's data whole.
func (p *pending) parseExploits(ctx context.Context, ef ExploitFeed, r io.Reader) error {
	m, err := ef.ParseExploitation(ctx, r)
	if err != nil {
		return err // prefixed by the feed's package; the callers name the feed
	}
	if m == nil {
		m = map[string]advisory.Exploitation{}
	}
	p.exploit, p.exploits = true, m
	return nil
}
