package redhat

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"path"
	"strings"

	"github.com/klauspost/compress/zstd"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/csaf"
	"github.com/loadline/loadline/advisory/fetch"
)

// The directories where Red Hat publishes its CSAF documents. Each holds
// the documents by year (2024/cve-2024-24786.json,
// 2024/rhsa-2024_6163.json), archive_latest.txt naming the latest dated
// archive of them all (csaf_vex_2025-08-10.tar.zst), the archive itself,
// and changes.csv and deletions.csv listing the documents changed or
// deleted since.
const (
	DefaultVEXURL        = "https://security.access.redhat.com/data/csaf/v2/vex/"
	DefaultAdvisoriesURL = "https://security.access.redhat.com/data/csaf/v2/advisories/"
)

// The index files of a directory.
const (
	latestFile    = "archive_latest.txt"
	changesFile   = "changes.csv"
	deletionsFile = "deletions.csv"
)

// ErrArchiveName is returned by Feed.Fetch when archive_latest.txt does
// not name an archive file in its directory.
var ErrArchiveName = errors.New("redhat: archive_latest.txt names no archive")

// RecordError is a document that could not be read or a problem in one;
// the parse goes on.
type RecordError struct {
	Record string // file name or path in the archive
	Err    error
}

func (e *RecordError) Error() string { return fmt.Sprintf("redhat: record %s: %v", e.Record, e.Err) }
func (e *RecordError) Unwrap() error { return e.Err }

// Feed is Red Hat's CSAF data: by default its VEX documents, one per CVE,
// or with Advisories its security advisories, one per erratum (RHSA). Its
// zero value reads the VEX documents from DefaultVEXURL. It is safe for
// concurrent use if its fields are not changed. Besides advisory.Feed, it
// has FetchWith, which fetches with the caller's fetch.Client (as
// advisory/update's ClientFetcher asks).
type Feed struct {
	// Advisories selects the security advisories (DefaultAdvisoriesURL)
	// instead of the VEX documents.
	Advisories bool
	// BaseURL overrides the directory; it must end in "/".
	BaseURL string
	// Changes makes Fetch bring the archive up to date: it also fetches
	// changes.csv and deletions.csv, and each document they list as
	// changed on or after the archive's date (one request each), and
	// returns them with the archive in one tar that Parse reads as the
	// current set (a changed document replaces the archive's, a deleted
	// one is left out). Without it, Fetch returns the archive alone.
	Changes bool
}

var _ advisory.Feed = (*Feed)(nil)

// Name returns "redhat-vex", or "redhat-advisories" with Advisories.
func (f *Feed) Name() string {
	if f.Advisories {
		return "redhat-advisories"
	}
	return "redhat-vex"
}

// Location returns the directory the feed reads.
func (f *Feed) Location() string {
	switch {
	case f.BaseURL != "":
		return f.BaseURL
	case f.Advisories:
		return DefaultAdvisoriesURL
	}
	return DefaultVEXURL
}

// Fetch fetches with a zero fetch.Client, as FetchWith.
func (f *Feed) Fetch(ctx context.Context, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return f.FetchWith(ctx, nil, prev)
}

// FetchWith reads archive_latest.txt and fetches the archive it names
// with c (nil means a zero fetch.Client), with prev's validators as
// conditional headers (see fetch.Client.Get). It returns
// advisory.ErrNotModified when the archive is unchanged, ErrArchiveName
// when archive_latest.txt names no file of the directory (a path, a
// parent, an empty file). The data is the archive as Red Hat publishes
// it, a zstd-compressed tar of the documents, for Parse.
//
// Documents changed after the archive was made arrive with the next
// archive, unless Changes is set. With Changes, the fingerprint covers
// the archive and changes.csv, and ErrNotModified means neither changed.
func (f *Feed) FetchWith(ctx context.Context, c *fetch.Client, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	if c == nil {
		c = &fetch.Client{}
	}
	base := f.Location()
	lf, _, err := c.Get(ctx, base+latestFile, "")
	if err != nil {
		return nil, "", fmt.Errorf("redhat: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(lf, 1024))
	lf.Close()
	if err != nil {
		return nil, "", fmt.Errorf("redhat: read %s: %w", latestFile, err)
	}
	name := strings.TrimSpace(string(data))
	if name == "" || name != path.Base(name) || name == "." || name == ".." || strings.ContainsAny(name, "\\?#%\n") {
		return nil, "", fmt.Errorf("redhat: %s%s: %q: %w", base, latestFile, name, ErrArchiveName)
	}
	if f.Changes {
		return f.fetchChanges(ctx, c, base, name, prev)
	}
	af, fp, err := c.Get(ctx, base+name, prev)
	if err != nil {
		if errors.Is(err, advisory.ErrNotModified) {
			return nil, fp, err
		}
		return nil, "", fmt.Errorf("redhat: %w", err)
	}
	return af, fp, nil
}

// Parse reads r as Parse (the package function) does.
func (f *Feed) Parse(ctx context.Context, r io.Reader) iter.Seq2[*advisory.Advisory, error] {
	return Parse(ctx, r)
}

// Parse reads Red Hat CSAF data and yields its advisories: a
// zstd-compressed tar archive as Red Hat publishes it, a plain tar (or
// the tar Fetch makes with Changes), or one CSAF document (JSON), told
// apart by their first bytes. Archive members
// not named *.json are skipped; the others are read in the archive's
// order, one at a time, each with its path as Source.Record.
//
// A VEX document gives one advisory per vulnerability, its ID the CVE;
// a security advisory gives one advisory, its ID the RHSA's, with its
// CVE as an alias when it has one and as related IDs when it has
// several. See the package documentation for the affected entries. A
// document that cannot be read, or a problem in one (a CVSS vector that
// does not parse), yields a *RecordError and parsing goes on; an error
// that stops parsing (a corrupt archive) is yielded last. Parse checks
// ctx.Err() between documents and vulnerabilities.
func Parse(ctx context.Context, r io.Reader) iter.Seq2[*advisory.Advisory, error] {
	return func(yield func(*advisory.Advisory, error) bool) {
		br := bufio.NewReader(r)
		head, _ := br.Peek(512)
		switch {
		case bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}):
			zr, err := newZstd(br)
			if err != nil {
				yield(nil, fmt.Errorf("redhat: zstd: %w", err))
				return
			}
			defer zr.Close()
			parseTar(ctx, zr, nil, yield)
		case len(head) >= 262 && string(head[257:262]) == "ustar":
			parseTar(ctx, br, nil, yield)
		default:
			parseDocument(ctx, br, "(input)", yield)
		}
	}
}

// ParseFS yields the advisories of every *.json file under fsys, in
// lexical path order, each with its path as Source.Record. Errors are as
// Parse's.
func ParseFS(ctx context.Context, fsys fs.FS) iter.Seq2[*advisory.Advisory, error] {
	return func(yield func(*advisory.Advisory, error) bool) {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || path.Ext(p) != ".json" {
				return nil
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			f, err := fsys.Open(p)
			if err != nil {
				if !yield(nil, &RecordError{Record: p, Err: err}) {
					return fs.SkipAll
				}
				return nil
			}
			goOn := parseDocument(ctx, f, p, yield)
			f.Close()
			if !goOn {
				return fs.SkipAll
			}
			return nil
		})
		if err != nil {
			yield(nil, fmt.Errorf("redhat: %w", err))
		}
	}
}

// parseTar yields the advisories of every *.json member of a tar stream,
// except those in skip. A bundle's members (see Feed.Changes) are read
// as such: the changed documents, whose paths then join skip with the
// deleted ones, then the archive. It reports whether to go on.
func parseTar(ctx context.Context, r io.Reader, skip map[string]bool, yield func(*advisory.Advisory, error) bool) bool {
	tr := tar.NewReader(r)
	for {
		if err := ctx.Err(); err != nil {
			return yield(nil, fmt.Errorf("redhat: %w", err))
		}
		h, err := tr.Next()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return yield(nil, fmt.Errorf("redhat: archive: %w", err))
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		switch name := h.Name; {
		case strings.HasPrefix(name, bundleChanges):
			p := strings.TrimPrefix(name, bundleChanges)
			if skip == nil {
				skip = map[string]bool{}
			}
			skip[p] = true
			if !parseDocument(ctx, tr, p, yield) {
				return false
			}
		case name == bundleDeletions:
			if skip == nil {
				skip = map[string]bool{}
			}
			sc := bufio.NewScanner(tr)
			for sc.Scan() {
				skip[strings.TrimSpace(sc.Text())] = true
			}
			if err := sc.Err(); err != nil {
				return yield(nil, fmt.Errorf("redhat: %s: %w", name, err))
			}
		case name == bundleArchive:
			zr, err := newZstd(tr)
			if err != nil {
				return yield(nil, fmt.Errorf("redhat: %s: %w", name, err))
			}
			goOn := parseTar(ctx, zr, skip, yield)
			zr.Close()
			if !goOn {
				return false
			}
		case path.Ext(name) == ".json" && !skip[name]:
			if !parseDocument(ctx, tr, name, yield) {
				return false
			}
		}
	}
}

// parseDocument yields the advisories of one CSAF document; it reports
// whether to go on.
func parseDocument(ctx context.Context, r io.Reader, name string, yield func(*advisory.Advisory, error) bool) bool {
	cr, err := csaf.NewReader(ctx, r)
	if err != nil {
		return yield(nil, &RecordError{Record: name, Err: err})
	}
	doc := cr.Document()
	if doc.CSAFVersion == "" {
		return yield(nil, &RecordError{Record: name, Err: errors.New("not a CSAF document (no document.csaf_version)")})
	}
	var vs []*csaf.Vulnerability
	var errs []error
	for {
		if err := ctx.Err(); err != nil {
			return yield(nil, fmt.Errorf("redhat: %w", err))
		}
		v, err := cr.Next()
		if err == io.EOF {
			break
		}
		var re *csaf.RecordError
		if errors.As(err, &re) {
			errs = append(errs, err)
			continue
		}
		if err != nil {
			return yield(nil, &RecordError{Record: name, Err: err})
		}
		vs = append(vs, v)
	}
	advs, problems := convert(doc, vs, name)
	for _, a := range advs {
		if !yield(a, nil) {
			return false
		}
	}
	for _, err := range append(errs, problems...) {
		if !yield(nil, &RecordError{Record: name, Err: err}) {
			return false
		}
	}
	return true
}

// newZstd returns a bounded decoder of r: one goroutine, and a window of
// at most 128 MiB (zstd's long mode), so that a hostile frame cannot ask
// for more.
func newZstd(r io.Reader) (*zstd.Decoder, error) {
	return zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(128<<20), zstd.WithDecoderLowmem(true))
}
