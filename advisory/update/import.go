package update

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/loadline/loadline/advisory"
)

// Import reads local data for one feed into the database at dbPath, and
// writes it as Update writes fetched data (atomically, keeping the other
// feeds; a database of another format version is rebuilt, as Update
// does). path is a file in the form the feed's Fetch returns (an
// osv.dev all.zip, an NVD API response, the KEV catalog, an EPSS file),
// or, for an advisory.Feed, a directory: each regular file under it, in
// lexical order and skipping names that begin with ".", is parsed in
// turn. The feed's fingerprint is recorded as "", so that the next
// Update fetches it whole, and its fetch time as the newest modification
// time of the files read. Options.Client is not used.
//
// Import returns the feed's Result (Updated or Failed) and, when it
// Failed, its error; an error that leaves no Result (the existing
// database cannot be read, ctx is done) comes with a zero Result.
func Import(ctx context.Context, dbPath string, feed Feed, path string, opts *Options) (Result, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	_, keep, err := fingerprints(ctx, dbPath)
	if err != nil {
		return Result{}, err
	}
	name := feed.Name()
	r := &Result{Feed: name}
	p := &pending{feed: feed, name: name, result: r}
	files, newest, err := filesOf(path)
	if err == nil {
		p.fetched = newest
		err = p.load(ctx, files)
	}
	if err != nil {
		p.fail(fmt.Errorf("update: import %s: %w", name, err), &o)
		return *r, r.Err
	}
	if err := write(ctx, dbPath, []*pending{p}, keep, &o); err != nil {
		return Result{}, err
	}
	return *r, r.Err
}

// load readies the files of an import.
func (p *pending) load(ctx context.Context, files []string) error {
	switch f := p.feed.(type) {
	case advisory.Feed:
		for _, name := range files {
			p.parts = append(p.parts, part{name: name})
		}
		return nil
	case ExploitFeed:
		if len(files) != 1 {
			return fmt.Errorf("%s takes one file, not a directory of %d", p.name, len(files))
		}
		r, err := os.Open(files[0])
		if err != nil {
			return err
		}
		defer r.Close()
		return p.parseExploits(ctx, f, r)
	}
	return fmt.Errorf("%T is neither an advisory.Feed nor an ExploitFeed", p.feed)
}

// filesOf returns path, or the regular files under the directory path in
// lexical order, and their newest modification time.
func filesOf(path string) ([]string, time.Time, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, time.Time{}, err
	}
	if !fi.IsDir() {
		return []string{path}, fi.ModTime().UTC(), nil
	}
	var files []string
	var newest time.Time
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != path && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if t := info.ModTime().UTC(); t.After(newest) {
			newest = t
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, time.Time{}, err
	}
	if len(files) == 0 {
		return nil, time.Time{}, errors.New(path + ": no files")
	}
	return files, newest, nil
}
