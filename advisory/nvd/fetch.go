package nvd

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
)

// Defaults used where a Feed field is zero.
const (
	defaultPageSize    = 2000
	defaultInterval    = 6 * time.Second
	defaultKeyInterval = 600 * time.Millisecond
	// maxWindow is the longest lastModified range the API accepts.
	maxWindow = 120 * 24 * time.Hour
	// apiTime is the extended ISO-8601 form the API takes for the lastMod
	// bounds, with an explicit offset as NVD's own examples write it
	// ("2021-08-04T13:00:00.000+01:00"; times here are UTC: "+00:00").
	apiTime = "2006-01-02T15:04:05.000-07:00"
)

// Fetch fetches every CVE with a zero fetch.Client, as FetchWith.
func (f *Feed) Fetch(ctx context.Context, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return f.FetchWith(ctx, nil, prev)
}

// FetchWith pages through the API with c (nil means a zero
// fetch.Client): requests of PageSize CVEs by startIndex, one per
// Interval, each retried as c retries. It returns the CVEs as one
// response ({"vulnerabilities":[...]}, which Parse reads) in a temporary
// file that Close removes, and a fingerprint recording when the download
// began and how many CVEs it held.
//
// A full download is long: about 300,000 CVEs, 150 pages, so some 15
// minutes at the public rate limit (under two with an API key) and about
// 2 GB of JSON. The API sends no validators, so with the fingerprint of
// an earlier download (less than 120 days old, the longest window the
// API takes) FetchWith asks, in one small request, how many CVEs were
// modified since it began: none, and it returns
// advisory.ErrNotModified (and prev); some, and it downloads those only
// (a day's changes are a few hundred CVEs, one or two pages), in data
// that is an advisory.Delta, for the store to merge into what it holds
// (rejected CVEs come as withdrawn advisories, which replace the old
// ones). Otherwise it downloads every CVE.
//
// c.Progress, if set, is called with the bytes received so far and an
// estimate of the total (from the first page's size and totalResults; -1
// before it). A failed page fails the whole fetch, leaving no file.
func (f *Feed) FetchWith(ctx context.Context, c *fetch.Client, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	p := &pager{feed: f, begun: time.Now().UTC()}
	p.client = p.configure(c)
	if since, ok := decodeFingerprint(prev); ok && p.begun.Sub(since) < maxWindow && !since.After(p.begun) {
		n, err := p.modifiedSince(ctx, since)
		if err != nil {
			return nil, "", err
		}
		if n == 0 {
			return nil, prev, advisory.ErrNotModified
		}
		return p.all(ctx, c, url.Values{"lastModStartDate": {since.Format(apiTime)}, "lastModEndDate": {p.begun.Format(apiTime)}})
	}
	return p.all(ctx, c, nil)
}

// pager is the state of one FetchWith.
type pager struct {
	feed   *Feed
	client *fetch.Client
	begun  time.Time
	last   time.Time // when the last request was sent
	bytes  int64     // of the pages done
}

// configure returns a copy of c that sends the API key and no progress.
func (p *pager) configure(c *fetch.Client) *fetch.Client {
	cc := fetch.Client{}
	if c != nil {
		cc = *c
	}
	cc.Progress = nil
	if p.feed.APIKey != "" {
		hc := &http.Client{}
		if cc.HTTP != nil {
			*hc = *cc.HTTP
		}
		base := hc.Transport
		if base == nil {
			base = http.DefaultTransport
		}
		hc.Transport = keyTransport{base: base, key: p.feed.APIKey}
		cc.HTTP = hc
	}
	return &cc
}

// keyTransport adds the apiKey header to each request.
type keyTransport struct {
	base http.RoundTripper
	key  string
}

func (t keyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("apiKey", t.key)
	return t.base.RoundTrip(r)
}

// page is what FetchWith reads of one response.
type page struct {
	TotalResults    int               `json:"totalResults"`
	Vulnerabilities []json.RawMessage `json:"vulnerabilities"`
}

// get waits out the interval, fetches the API with query q and decodes
// the page.
func (p *pager) get(ctx context.Context, q url.Values) (*page, int64, error) {
	interval := p.feed.Interval
	if interval <= 0 {
		interval = defaultInterval
		if p.feed.APIKey != "" {
			interval = defaultKeyInterval
		}
	}
	if wait := time.Until(p.last.Add(interval)); !p.last.IsZero() && wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, 0, fmt.Errorf("nvd: fetch: %w", context.Cause(ctx))
		case <-t.C:
		}
	}
	p.last = time.Now()
	u := p.feed.URL
	if u == "" {
		u = DefaultURL
	}
	u += "?" + q.Encode()
	body, _, err := p.client.Get(ctx, u, "")
	if err != nil {
		return nil, 0, fmt.Errorf("nvd: %w", err)
	}
	defer body.Close()
	var pg page
	if err := json.NewDecoder(bufio.NewReader(body)).Decode(&pg); err != nil {
		return nil, 0, fmt.Errorf("nvd: fetch %s: %w", u, err)
	}
	return &pg, body.Size(), nil
}

// modifiedSince returns how many CVEs were modified from since to when
// the fetch began.
func (p *pager) modifiedSince(ctx context.Context, since time.Time) (int, error) {
	pg, _, err := p.get(ctx, url.Values{
		"lastModStartDate": {since.Format(apiTime)},
		"lastModEndDate":   {p.begun.Format(apiTime)},
		"resultsPerPage":   {"1"},
	})
	if err != nil {
		return 0, err
	}
	return pg.TotalResults, nil
}

// all downloads every page of the CVEs filter selects (nil: all CVEs;
// otherwise a lastModified window, and the data is a delta) into one
// response in a temporary file.
func (p *pager) all(ctx context.Context, c *fetch.Client, filter url.Values) (_ io.ReadCloser, _ advisory.Fingerprint, err error) {
	var dir string
	var progress func(done, total int64)
	if c != nil {
		dir, progress = c.Dir, c.Progress
	}
	out, err := os.CreateTemp(dir, "loadline-nvd-*")
	if err != nil {
		return nil, "", fmt.Errorf("nvd: fetch: %w", err)
	}
	tf := &tempFile{File: out, removed: os.Remove(out.Name()) == nil, delta: filter != nil}
	defer func() {
		if err != nil {
			tf.Close()
		}
	}()
	w := bufio.NewWriterSize(out, 1<<20)
	w.WriteString(`{"vulnerabilities":[`)
	size := p.feed.PageSize
	if size <= 0 {
		size = defaultPageSize
	}
	n, total := 0, -1
	for total < 0 || n < total {
		q := url.Values{"startIndex": {strconv.Itoa(n)}, "resultsPerPage": {strconv.Itoa(size)}}
		for k, v := range filter {
			q[k] = v
		}
		pg, bytes, err := p.get(ctx, q)
		if err != nil {
			return nil, "", err
		}
		total = pg.TotalResults
		for _, raw := range pg.Vulnerabilities {
			if n > 0 {
				w.WriteByte(',')
			}
			w.Write(raw)
			n++
		}
		p.bytes += bytes
		if progress != nil {
			est := int64(-1)
			if n > 0 {
				est = max(p.bytes, p.bytes*int64(total)/int64(n))
			}
			progress(p.bytes, est)
		}
		if len(pg.Vulnerabilities) == 0 {
			break // the total shrank, or a server that pages wrongly: stop rather than loop
		}
	}
	w.WriteString("]}")
	if err := w.Flush(); err != nil {
		return nil, "", fmt.Errorf("nvd: fetch: %w", err)
	}
	if _, err := out.Seek(0, io.SeekStart); err != nil {
		return nil, "", fmt.Errorf("nvd: fetch: %w", err)
	}
	return tf, encodeFingerprint(p.begun, n), nil
}

// tempFile is the assembled response; Close removes it.
type tempFile struct {
	*os.File
	removed bool // unlinked at creation
	delta   bool // the CVEs modified in a window only
}

var _ advisory.Delta = (*tempFile)(nil)

// Delta reports whether the response holds only the CVEs modified since
// the previous download.
func (t *tempFile) Delta() bool { return t.delta }

func (t *tempFile) Close() error {
	err := t.File.Close()
	if !t.removed {
		err = errors.Join(err, os.Remove(t.Name()))
		t.removed = true
	}
	return err
}

// encodeFingerprint records when a download began and how many CVEs it
// held: "cves=312345&since=2026-11-23T16%3A00%3A00.000%2B00%3A00".
func encodeFingerprint(begun time.Time, n int) advisory.Fingerprint {
	return advisory.Fingerprint(url.Values{"since": {begun.Format(apiTime)}, "cves": {strconv.Itoa(n)}}.Encode())
}

// decodeFingerprint returns the start of the download fp records, and
// whether fp is one encodeFingerprint made.
func decodeFingerprint(fp advisory.Fingerprint) (time.Time, bool) {
	q, err := url.ParseQuery(string(fp))
	if err != nil {
		return time.Time{}, false
	}
	t, err := time.Parse(apiTime, q.Get("since"))
	return t.UTC(), err == nil
}
