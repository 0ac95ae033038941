package osv

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"net/url"
	"path"
	"strings"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
)

// DefaultBaseURL is where osv.dev publishes its per-ecosystem archives:
// <DefaultBaseURL>/<Ecosystem>/all.zip.
const DefaultBaseURL = "https://osv-vulnerabilities.storage.googleapis.com"

// MaxArchive is the largest zip archive Parse reads into memory when its
// reader cannot be read at random (is not an io.ReaderAt with a size).
const MaxArchive = 1 << 30

// MaxRecord is the largest record, or archive member, Parse reads.
const MaxRecord = 64 << 20

// Feed is one osv.dev ecosystem archive. Its zero value is not useful:
// set Ecosystem. It is safe for concurrent use.
type Feed struct {
	// Ecosystem is the OSV ecosystem as osv.dev names its folders:
	// "PyPI", "Go", "Debian", "Ubuntu", "AlmaLinux".
	Ecosystem string
	// URL overrides the archive's address; "" means
	// DefaultBaseURL/<Ecosystem>/all.zip.
	URL string
}

var _ advisory.Feed = (*Feed)(nil)

// Name returns "osv-" and the ecosystem, lowercased: "osv-pypi".
func (f *Feed) Name() string {
	return "osv-" + strings.ReplaceAll(strings.ToLower(f.Ecosystem), " ", "-")
}

// Location returns the archive's address.
func (f *Feed) Location() string {
	if f.URL != "" {
		return f.URL
	}
	return DefaultBaseURL + "/" + url.PathEscape(f.Ecosystem) + "/all.zip"
}

// Fetch fetches the archive with a zero fetch.Client, as FetchWith.
func (f *Feed) Fetch(ctx context.Context, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return f.FetchWith(ctx, nil, prev)
}

// FetchWith fetches the archive at Location with c (nil means a zero
// fetch.Client): a conditional request, so that an archive unchanged
// since prev returns advisory.ErrNotModified. The data is a *fetch.File,
// which Parse reads at random; the caller closes it. Errors are
// fetch.Client.Get's, prefixed "osv: ".
func (f *Feed) FetchWith(ctx context.Context, c *fetch.Client, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return fetch.Feed(ctx, c, "osv", f.Location(), prev)
}

// Parse reads r as Parse (the package function) does.
func (f *Feed) Parse(ctx context.Context, r io.Reader) iter.Seq2[*advisory.Advisory, error] {
	return Parse(ctx, r)
}

// Parse reads OSV data and yields its advisories: a zip archive of
// records (osv.dev's all.zip; members not named *.json are skipped), one
// JSON record, a JSON array of records, or an osv.dev API answer
// ({"vulns": [...]}). It sniffs the content: a zip archive is read at
// random when r is an io.ReaderAt with a Size or Stat method (an
// *os.File, a *bytes.Reader), else read into memory up to MaxArchive.
// Archive members are yielded in the archive's order, each with its
// path as Source.Record; a record read alone has its ID as
// Source.Record. A malformed record yields a *RecordError and parsing
// goes on; an error that stops parsing is yielded last. Parse checks
// ctx.Err() between records.
func Parse(ctx context.Context, r io.Reader) iter.Seq2[*advisory.Advisory, error] {
	return func(yield func(*advisory.Advisory, error) bool) {
		br, ok := r.(interface {
			io.Reader
			io.ReaderAt
		})
		var size int64 = -1
		if ok {
			size = sizeOf(r)
		}
		head := make([]byte, 4)
		n, err := io.ReadFull(r, head)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			yield(nil, fmt.Errorf("osv: read: %w", err))
			return
		}
		head = head[:n]
		if string(head) != "PK\x03\x04" {
			data, err := readAll(io.MultiReader(bytes.NewReader(head), r), MaxRecord)
			if err != nil {
				yield(nil, fmt.Errorf("osv: read: %w", err))
				return
			}
			parseJSON(ctx, data, "", yield)
			return
		}
		var zr *zip.Reader
		if size >= 0 {
			zr, err = zip.NewReader(br, size)
		} else {
			var data []byte
			if data, err = readAll(io.MultiReader(bytes.NewReader(head), r), MaxArchive); err != nil {
				yield(nil, fmt.Errorf("osv: read archive: %w", err))
				return
			}
			zr, err = zip.NewReader(bytes.NewReader(data), int64(len(data)))
		}
		if err != nil {
			yield(nil, fmt.Errorf("osv: zip: %w", err))
			return
		}
		parseZip(ctx, zr, yield)
	}
}

// ParseFS yields the advisories of every *.json file under fsys, in
// lexical path order, each with its path as Source.Record; a file may
// hold any JSON form Parse reads. Errors are as Parse's.
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
				return err
			}
			data, err := readAll(f, MaxRecord)
			f.Close()
			if err != nil {
				if !yield(nil, &RecordError{Record: p, Err: err}) {
					return fs.SkipAll
				}
				return nil
			}
			if !parseJSON(ctx, data, p, yield) {
				return fs.SkipAll
			}
			return nil
		})
		if err != nil {
			yield(nil, fmt.Errorf("osv: %w", err))
		}
	}
}

// parseZip yields the records of an archive; it reports whether to go on.
func parseZip(ctx context.Context, zr *zip.Reader, yield func(*advisory.Advisory, error) bool) bool {
	for _, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return yield(nil, fmt.Errorf("osv: %w", err))
		}
		if f.FileInfo().IsDir() || path.Ext(f.Name) != ".json" {
			continue
		}
		data, err := readMember(f)
		if err != nil {
			if !yield(nil, &RecordError{Record: f.Name, Err: err}) {
				return false
			}
			continue
		}
		if !parseJSON(ctx, data, f.Name, yield) {
			return false
		}
	}
	return true
}

// readMember reads one archive member of at most MaxRecord bytes.
func readMember(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > MaxRecord {
		return nil, fmt.Errorf("%d bytes, over %d", f.UncompressedSize64, MaxRecord)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return readAll(rc, MaxRecord)
}

// parseJSON yields the records of one JSON document: a record, an array
// of records, or {"vulns": [...]}. name is the document's name, "" when
// it has none; a document of several records names each by
// "name#id". It reports whether to go on.
func parseJSON(ctx context.Context, data []byte, name string, yield func(*advisory.Advisory, error) bool) bool {
	data = bytes.TrimSpace(data)
	var list []json.RawMessage
	switch {
	case len(data) > 0 && data[0] == '[':
		if err := json.Unmarshal(data, &list); err != nil {
			return yield(nil, &RecordError{Record: orUnnamed(name), Err: err})
		}
	default:
		var probe struct {
			ID    string            `json:"id"`
			Vulns []json.RawMessage `json:"vulns"`
		}
		if err := json.Unmarshal(data, &probe); err != nil {
			return yield(nil, &RecordError{Record: orUnnamed(name), Err: err})
		}
		if probe.ID != "" || probe.Vulns == nil {
			a, err := decode(data, name)
			return yield(a, err)
		}
		list = probe.Vulns
	}
	for i, raw := range list {
		if err := ctx.Err(); err != nil {
			return yield(nil, fmt.Errorf("osv: %w", err))
		}
		a, err := decode(raw, "")
		if err != nil {
			err = &RecordError{Record: fmt.Sprintf("%s[%d]", orUnnamed(name), i), Err: errors.Unwrap(err)}
		} else if name != "" {
			a.Source.Record = name + "#" + a.ID
		}
		if !yield(a, err) {
			return false
		}
	}
	return true
}

func orUnnamed(name string) string {
	if name == "" {
		return "(input)"
	}
	return name
}

// readAll reads r whole, failing when it holds more than limit bytes.
// Its errors are unprefixed: callers wrap them.
func readAll(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("over %d bytes", limit)
	}
	return data, nil
}

// sizeOf returns r's size from a Size or Stat method, or -1. The reader
// must not have been read: the size is taken as the bytes from offset 0.
func sizeOf(r io.Reader) int64 {
	switch s := r.(type) {
	case interface{ Size() int64 }:
		return s.Size()
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := s.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	}
	return -1
}
