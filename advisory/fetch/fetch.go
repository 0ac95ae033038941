package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/loadline/loadline/advisory"
)

// ErrTooLarge is returned by Client.Get when a body is larger than the
// client's MaxSize. It is not retried.
var ErrTooLarge = errors.New("fetch: body too large")

// Defaults used where a Client field is zero.
const (
	defaultAttempts         = 4
	defaultBackoff          = time.Second
	defaultTimeout          = 30 * time.Minute
	defaultMaxSize          = 4 << 30
	defaultProgressInterval = 250 * time.Millisecond
	maxWait                 = 2 * time.Minute // cap on one backoff or Retry-After wait
)

// Client fetches feed files over HTTP. Its zero value is ready to use:
// http.DefaultTransport, 4 attempts, a 1 s base backoff, a 30 min
// per-attempt timeout, a 4 GiB size cap, bodies in os.TempDir(), no
// progress reports and no logs. A Client is safe for concurrent use if
// its fields are not changed and its Progress function is.
type Client struct {
	// HTTP sends the requests; nil means a client on http.DefaultTransport
	// (its dial and TLS timeouts). Its own Timeout, if any, also applies.
	HTTP *http.Client
	// UserAgent is sent on every request; "" means "loadline/<version>",
	// the version of the loadline module in the running binary's build
	// information ("devel" when there is none).
	UserAgent string
	// Dir holds the temporary files; "" means os.TempDir().
	Dir string
	// MaxSize caps a body in bytes; 0 means 4 GiB.
	MaxSize int64
	// Attempts is how many times a request is tried in all; 0 means 4.
	// A network error (including a body cut short or a timed-out attempt)
	// and the statuses 408, 429 and 5xx are retried; other failures
	// (another status, ErrTooLarge, a local file error, ctx done) are not.
	Attempts int
	// Backoff is the wait before the second attempt; each later wait
	// doubles it, plus up to 50% random jitter, at most 2 min. 0 means
	// 1 s. A Retry-After header (seconds or an HTTP date),
	// capped at 2 min, replaces the computed wait when it is longer.
	Backoff time.Duration
	// Timeout bounds one attempt, from request to the body's last byte;
	// 0 means 30 min.
	Timeout time.Duration
	// Progress, if not nil, is called with the bytes received so far and
	// the body's length (-1 when the server does not say), at most once
	// per ProgressInterval, and always once when a body is complete
	// (done == total when total is known). A retried attempt starts again
	// from 0. It is called from the goroutine that called Get.
	Progress func(done, total int64)
	// ProgressInterval is the least time between Progress calls; 0 means
	// 250 ms.
	ProgressInterval time.Duration
	// Logger receives a line per retry; nil means silent.
	Logger *slog.Logger
}

// Get fetches url. prev is the fingerprint Get returned for the data the
// caller already holds ("" for none; a fingerprint Get cannot decode is
// treated as none, so the data is fetched again). Its ETag and
// Last-Modified are sent as If-None-Match and If-Modified-Since.
//
// Get returns the body in a temporary *File that the caller must Close,
// and the body's fingerprint: its ETag and Last-Modified, if the server
// sent them, and its SHA-256. It returns advisory.ErrNotModified, with a nil
// File, on a 304 (and prev as the fingerprint) or when the body's SHA-256
// equals prev's (and the new fingerprint, whose validators may be new).
//
// Any other error returns a nil File and leaves no temporary file: a
// status that is not 200 after the last attempt, a body cut short or
// longer than MaxSize (ErrTooLarge), ctx cancelled or past its deadline.
func (c *Client) Get(ctx context.Context, url string, prev advisory.Fingerprint) (*File, advisory.Fingerprint, error) {
	pv, err := decode(prev)
	if err != nil {
		c.log(ctx, "ignoring undecodable fingerprint", "url", url, "err", err)
		pv = validators{}
	}
	attempts := c.Attempts
	if attempts <= 0 {
		attempts = defaultAttempts
	}
	var last error
	for n := 1; ; n++ {
		f, fp, retryAfter, err := c.attempt(ctx, url, pv)
		switch {
		case err == nil:
			if pv.SHA256 != "" && fp.SHA256 == pv.SHA256 {
				f.Close()
				return nil, fp.encode(), advisory.ErrNotModified
			}
			return f, fp.encode(), nil
		case errors.Is(err, advisory.ErrNotModified):
			return nil, prev, err
		case ctx.Err() != nil:
			return nil, "", fmt.Errorf("fetch: GET %s: %w", url, context.Cause(ctx))
		}
		var r *retryable
		if !errors.As(err, &r) {
			return nil, "", err
		}
		last = err
		if n >= attempts {
			break
		}
		wait := c.backoff(n, retryAfter)
		c.log(ctx, "retrying", "url", url, "attempt", n+1, "wait", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, "", fmt.Errorf("fetch: GET %s: %w", url, context.Cause(ctx))
		case <-t.C:
		}
	}
	return nil, "", fmt.Errorf("fetch: GET %s: giving up after %d attempts: %w", url, attempts, last)
}

// retryable marks an attempt's error as worth another attempt.
type retryable struct{ err error }

func (r *retryable) Error() string { return r.err.Error() }
func (r *retryable) Unwrap() error { return r.err }

// attempt makes one request. It returns the body in a temporary file and
// its validators, or an error (a *retryable one for what another attempt
// may cure) and the wait the server asked for (Retry-After, or 0).
func (c *Client) attempt(ctx context.Context, url string, pv validators) (*File, validators, time.Duration, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, validators{}, 0, fmt.Errorf("fetch: GET %s: %w", url, err)
	}
	req.Header.Set("User-Agent", c.userAgent())
	if pv.ETag != "" {
		req.Header.Set("If-None-Match", pv.ETag)
	}
	if pv.LastModified != "" {
		req.Header.Set("If-Modified-Since", pv.LastModified)
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, validators{}, 0, &retryable{fmt.Errorf("fetch: GET %s: %w", url, err)}
	}
	defer resp.Body.Close()
	switch code := resp.StatusCode; {
	case code == http.StatusOK:
	case code == http.StatusNotModified:
		return nil, validators{}, 0, advisory.ErrNotModified
	case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500:
		return nil, validators{}, retryAfter(resp.Header.Get("Retry-After"), time.Now()),
			&retryable{fmt.Errorf("fetch: GET %s: %s", url, resp.Status)}
	default:
		return nil, validators{}, 0, fmt.Errorf("fetch: GET %s: %s", url, resp.Status)
	}
	limit := c.MaxSize
	if limit <= 0 {
		limit = defaultMaxSize
	}
	if resp.ContentLength > limit {
		return nil, validators{}, 0, fmt.Errorf("fetch: GET %s: Content-Length %d over the limit of %d bytes: %w", url, resp.ContentLength, limit, ErrTooLarge)
	}
	f, err := c.save(url, resp.Body, resp.ContentLength, limit)
	if err != nil {
		return nil, validators{}, 0, err
	}
	return f, validators{
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		SHA256:       f.digest,
	}, 0, nil
}

// save streams body into a new temporary file, computing its SHA-256 and
// reporting progress. On any error it removes the file.
func (c *Client) save(url string, body io.Reader, total, limit int64) (_ *File, err error) {
	tmp, err := os.CreateTemp(c.Dir, "loadline-fetch-*")
	if err != nil {
		return nil, fmt.Errorf("fetch: GET %s: %w", url, err)
	}
	// Unlink at once where the system allows it (the open file stays
	// readable), so that not even a crash leaves the file behind.
	f := &File{f: tmp, removed: os.Remove(tmp.Name()) == nil}
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	h := sha256.New()
	w := &progressWriter{h: h, total: total, fn: c.Progress, every: c.ProgressInterval}
	if w.every <= 0 {
		w.every = defaultProgressInterval
	}
	n, err := io.Copy(io.MultiWriter(tmp, w), io.LimitReader(body, limit+1))
	switch {
	case err != nil:
		// A cut connection or a short body (io.ErrUnexpectedEOF) may be
		// cured by another attempt; a full disk or a cancelled ctx is
		// not retried (Get checks ctx itself).
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("fetch: GET %s: %w", url, err)
		}
		return nil, &retryable{fmt.Errorf("fetch: GET %s: body after %d bytes: %w", url, n, err)}
	case n > limit:
		return nil, fmt.Errorf("fetch: GET %s: body over the limit of %d bytes: %w", url, limit, ErrTooLarge)
	case total >= 0 && n != total:
		return nil, &retryable{fmt.Errorf("fetch: GET %s: body of %d bytes, Content-Length %d: %w", url, n, total, io.ErrUnexpectedEOF)}
	}
	w.report(true)
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("fetch: GET %s: %w", url, err)
	}
	f.size = n
	f.digest = hex.EncodeToString(h.Sum(nil))
	return f, nil
}

// progressWriter hashes what is written and reports progress, throttled.
type progressWriter struct {
	h     hash.Hash
	done  int64
	total int64
	fn    func(done, total int64)
	every time.Duration
	last  time.Time
}

func (w *progressWriter) Write(p []byte) (int, error) {
	w.h.Write(p)
	w.done += int64(len(p))
	w.report(false)
	return len(p), nil
}

func (w *progressWriter) report(final bool) {
	if w.fn == nil {
		return
	}
	if now := time.Now(); final || now.Sub(w.last) >= w.every {
		w.last = now
		w.fn(w.done, w.total)
	}
}

// backoff returns the wait after failed attempt n (1-based): Backoff
// doubled per attempt plus up to 50% jitter, or the server's Retry-After
// when that is longer, at most maxWait.
func (c *Client) backoff(n int, retryAfter time.Duration) time.Duration {
	base := c.Backoff
	if base <= 0 {
		base = defaultBackoff
	}
	d := base << min(n-1, 20)
	if d <= 0 || d > maxWait {
		d = maxWait
	}
	d += rand.N(d/2 + 1)
	return min(max(d, retryAfter), maxWait)
}

// retryAfter parses a Retry-After header: delay-seconds or an HTTP date.
// It returns 0 for an absent or malformed header or a date in the past.
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.ParseUint(h, 10, 32); err == nil {
		return min(time.Duration(s)*time.Second, maxWait)
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return min(t.Sub(now), maxWait)
	}
	return 0
}

func (c *Client) userAgent() string {
	if c.UserAgent != "" {
		return c.UserAgent
	}
	return "loadline/" + moduleVersion()
}

// moduleVersion returns the loadline module's version in the running
// binary's build information, or "devel".
func moduleVersion() string {
	const module = "github.com/loadline/loadline"
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if bi.Main.Path == module && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	for _, d := range bi.Deps {
		if d.Path == module && d.Version != "" {
			return d.Version
		}
	}
	return "devel"
}

func (c *Client) log(ctx context.Context, msg string, args ...any) {
	if c.Logger != nil {
		c.Logger.WarnContext(ctx, "fetch: "+msg, args...)
	}
}
