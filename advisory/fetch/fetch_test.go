package fetch

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/loadline/loadline/advisory"
)

// The recorded feed files and their SHA-256, computed independently with
// sha256sum.
const (
	nvdFile  = "testdata/CVE-2017-6507.json"
	nvdSHA   = "ceedd3ec4b03fa790bc3112b34b5e5a4e53b49684dca71ad1ee5d898548382fc"
	nvdSize  = 10448
	kevFile  = "testdata/known_exploited_vulnerabilities_schema.json"
	kevSHA   = "577f4ccc06b7b7c6a109e1a0d6457a26db7fc5219398ff2e287b9a7e14e2d9ef"
	epssFile = "testdata/vunnel-epss-example-1.csv"
	epssSHA  = "a581b47440abc450ff6e370c239ad4a7121d89386fd9a67ad6216c4d2e21ccb8"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// server serves h on 127.0.0.1 and counts requests; it records each
// request's headers.
type server struct {
	*httptest.Server
	n       atomic.Int32
	mu      sync.Mutex
	headers []http.Header
}

func serve(t *testing.T, h func(n int, w http.ResponseWriter, r *http.Request)) *server {
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(s.n.Add(1))
		s.mu.Lock()
		s.headers = append(s.headers, r.Header.Clone())
		s.mu.Unlock()
		h(n, w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// client returns a Client with short waits and its own temporary
// directory, which the test checks is empty at the end, with no file of it
// still open: Get unlinks a body's file at once where it can, so an open
// descriptor is where a leak would hide (checked through /proc/self/fd
// where there is one).
func client(t *testing.T) *Client {
	dir := t.TempDir()
	t.Cleanup(func() {
		if es, _ := os.ReadDir(dir); len(es) != 0 {
			t.Errorf("%d temporary files left in %s", len(es), dir)
		}
		fds, _ := os.ReadDir("/proc/self/fd")
		for _, fd := range fds {
			if target, err := os.Readlink("/proc/self/fd/" + fd.Name()); err == nil && strings.HasPrefix(target, dir) {
				t.Errorf("temporary file still open: fd %s -> %s", fd.Name(), target)
			}
		}
	})
	return &Client{Dir: dir, Backoff: time.Millisecond}
}

// content reads all of f, checks Size, Stat and ReadAt agree, and closes f.
func content(t *testing.T, f *File) []byte {
	t.Helper()
	defer func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() != f.Size() || f.Size() != int64(len(b)) {
		t.Errorf("Stat().Size() %d, Size() %d, read %d bytes", fi.Size(), f.Size(), len(b))
	}
	if len(b) > 10 {
		tail := make([]byte, 10)
		if _, err := f.ReadAt(tail, int64(len(b)-10)); err != nil || string(tail) != string(b[len(b)-10:]) {
			t.Errorf("ReadAt of the last 10 bytes = %q, %v", tail, err)
		}
	}
	return b
}

func TestConditional(t *testing.T) {
	modTime := time.Date(2025, 8, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		file    string
		etag    string
		modTime time.Time
		// what the first response's fingerprint must hold, and which
		// conditional header the second request must carry
		wantFP     validators
		wantHeader http.Header
		wantN      int // requests in all
	}{
		{
			name:       "ETag",
			file:       nvdFile,
			etag:       `"nvd-1"`,
			wantFP:     validators{ETag: `"nvd-1"`, SHA256: nvdSHA},
			wantHeader: http.Header{"If-None-Match": {`"nvd-1"`}},
			wantN:      2,
		},
		{
			name:       "Last-Modified",
			file:       kevFile,
			modTime:    modTime,
			wantFP:     validators{LastModified: "Mon, 25 Aug 2025 12:00:00 GMT", SHA256: kevSHA},
			wantHeader: http.Header{"If-Modified-Since": {"Mon, 25 Aug 2025 12:00:00 GMT"}},
			wantN:      2,
		},
		{
			name:       "no validators: SHA-256",
			file:       epssFile,
			wantFP:     validators{SHA256: epssSHA},
			wantHeader: http.Header{},
			wantN:      2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := readFile(t, tt.file)
			var statuses []int
			s := serve(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if tt.etag != "" {
					w.Header().Set("ETag", tt.etag)
				}
				rec := &statusRecorder{ResponseWriter: w}
				http.ServeContent(rec, r, "", tt.modTime, strings.NewReader(string(data)))
				statuses = append(statuses, rec.code)
			})
			c := client(t)
			f, fp, err := c.Get(context.Background(), s.URL, "")
			if err != nil {
				t.Fatal(err)
			}
			if got := content(t, f); string(got) != string(data) {
				t.Errorf("body differs from %s (%d bytes, want %d)", tt.file, len(got), len(data))
			}
			got, err := decode(fp)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantFP, got); diff != "" {
				t.Errorf("fingerprint %q (-want +got):\n%s", fp, diff)
			}

			f2, fp2, err := c.Get(context.Background(), s.URL, fp)
			if !errors.Is(err, advisory.ErrNotModified) || f2 != nil {
				t.Fatalf("second Get = %v, %v; want ErrNotModified and no file", f2, err)
			}
			if fp2 != fp {
				t.Errorf("second fingerprint %q, want %q", fp2, fp)
			}
			if int(s.n.Load()) != tt.wantN {
				t.Errorf("%d requests, want %d", s.n.Load(), tt.wantN)
			}
			cond := http.Header{}
			for _, k := range []string{"If-None-Match", "If-Modified-Since"} {
				if v := s.headers[1].Values(k); v != nil {
					cond[k] = v
				}
			}
			if diff := cmp.Diff(tt.wantHeader, cond); diff != "" {
				t.Errorf("second request's conditional headers (-want +got):\n%s", diff)
			}
			wantStatus := []int{200, 304}
			if tt.etag == "" && tt.modTime.IsZero() {
				wantStatus = []int{200, 200} // unchanged by digest, not by the server
			}
			if diff := cmp.Diff(wantStatus, statuses); diff != "" {
				t.Errorf("statuses served (-want +got):\n%s", diff)
			}
			if ua := s.headers[0].Get("User-Agent"); !strings.HasPrefix(ua, "loadline/") {
				t.Errorf("User-Agent %q, want loadline/<version>", ua)
			}
		})
	}
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) { r.code = code; r.ResponseWriter.WriteHeader(code) }
func (r *statusRecorder) Write(p []byte) (int, error) {
	if r.code == 0 {
		r.code = 200
	}
	return r.ResponseWriter.Write(p)
}

// TestChanged: a body that changed under a server without validators is
// returned, with the new digest.
func TestChanged(t *testing.T) {
	files := []string{epssFile, nvdFile}
	s := serve(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Write(readFile(t, files[n-1]))
	})
	c := client(t)
	f, fp, err := c.Get(context.Background(), s.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	content(t, f)
	f, fp2, err := c.Get(context.Background(), s.URL, fp)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(content(t, f)); got != nvdSize || f.SHA256() != nvdSHA {
		t.Errorf("second body %d bytes sha256 %s, want %d %s", got, f.SHA256(), nvdSize, nvdSHA)
	}
	if want := (validators{SHA256: nvdSHA}).encode(); fp2 != want {
		t.Errorf("fingerprint %q, want %q", fp2, want)
	}
}

// hijack writes a raw response head and the first half of data, then cuts
// the connection.
func hijack(t *testing.T, w http.ResponseWriter, head string, body []byte) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Error(err)
		return
	}
	defer conn.Close()
	buf.WriteString(head)
	buf.Write(body)
	buf.Flush()
}

// step is what a test server does for one request.
type step = func(*testing.T, http.ResponseWriter)

func TestRetries(t *testing.T) {
	data := readFile(t, nvdFile)
	half := data[:len(data)/2]
	cut := func(t *testing.T, w http.ResponseWriter) { // chunked, no last chunk
		hijack(t, w, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", fmt.Appendf(nil, "%x\r\n%s\r\n", len(half), half))
	}
	short := func(t *testing.T, w http.ResponseWriter) { // Content-Length says more
		hijack(t, w, fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n", len(data)), half)
	}
	unavailable := func(t *testing.T, w http.ResponseWriter) { w.WriteHeader(http.StatusServiceUnavailable) }
	ok := func(t *testing.T, w http.ResponseWriter) { w.Write(data) }
	tests := []struct {
		name    string
		serve   []step // per request; the last repeats
		wantN   int
		wantErr string // "" for success
	}{
		{name: "two 503s then 200", serve: []step{unavailable, unavailable, ok}, wantN: 3},
		{name: "always 503", serve: []step{unavailable}, wantN: 4, wantErr: "giving up after 4 attempts: fetch: GET URL: 503 Service Unavailable"},
		{name: "429 then 200", serve: []step{func(t *testing.T, w http.ResponseWriter) { w.WriteHeader(http.StatusTooManyRequests) }, ok}, wantN: 2},
		{name: "404 is not retried", serve: []step{func(t *testing.T, w http.ResponseWriter) { http.Error(w, "404 page not found", http.StatusNotFound) }}, wantN: 1, wantErr: "fetch: GET URL: 404 Not Found"},
		{name: "cut mid-body, always", serve: []step{cut}, wantN: 4, wantErr: "unexpected EOF"},
		{name: "cut mid-body, then whole", serve: []step{cut, ok}, wantN: 2},
		{name: "short of Content-Length, always", serve: []step{short}, wantN: 4, wantErr: "unexpected EOF"},
		{name: "short of Content-Length, then whole", serve: []step{short, ok}, wantN: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := serve(t, func(n int, w http.ResponseWriter, r *http.Request) {
				tt.serve[min(n, len(tt.serve))-1](t, w)
			})
			f, fp, err := client(t).Get(context.Background(), s.URL, "")
			if int(s.n.Load()) != tt.wantN {
				t.Errorf("%d requests, want %d", s.n.Load(), tt.wantN)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(strings.ReplaceAll(err.Error(), s.URL, "URL"), tt.wantErr) || f != nil || fp != "" {
					t.Fatalf("Get = %v, %q, %v; want no file, no fingerprint, an error containing %q", f, fp, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := content(t, f); string(got) != string(data) {
				t.Errorf("body of %d bytes, want %d", len(got), len(data))
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	var first time.Time
	var gap time.Duration
	s := serve(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			first = time.Now()
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		gap = time.Since(first)
		w.Write(readFile(t, epssFile))
	})
	f, _, err := client(t).Get(context.Background(), s.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	content(t, f)
	if s.n.Load() != 2 || gap < time.Second {
		t.Errorf("%d requests, %v between them; want 2, at least the 1 s Retry-After (Backoff is 1 ms)", s.n.Load(), gap)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		h    string
		want time.Duration
	}{
		{"", 0},
		{"3", 3 * time.Second},
		{"Mon, 23 Nov 2026 15:00:10 GMT", 10 * time.Second},
		{"Mon, 23 Nov 2026 14:00:00 GMT", 0},
		{"86400", maxWait},
		{"-1", 0},
		{"soon", 0},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.h, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.h, got, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	c := &Client{Backoff: 100 * time.Millisecond}
	for n, base := range []time.Duration{100, 200, 400} {
		base *= time.Millisecond
		for range 20 {
			if d := c.backoff(n+1, 0); d < base || d > base+base/2 {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", n+1, d, base, base+base/2)
			}
		}
	}
	if d := c.backoff(1, 5*time.Second); d != 5*time.Second {
		t.Errorf("backoff with Retry-After 5s = %v", d)
	}
	if d := c.backoff(40, 0); d != maxWait {
		t.Errorf("backoff(40) = %v, want the cap %v", d, maxWait)
	}
}

func TestCancel(t *testing.T) {
	data := readFile(t, nvdFile)
	s := serve(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.Write(data[:len(data)/2])
		http.NewResponseController(w).Flush()
		<-r.Context().Done()
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := client(t)
	c.ProgressInterval = time.Nanosecond
	c.Progress = func(done, total int64) {
		if done > 0 {
			cancel()
		}
	}
	f, _, err := c.Get(ctx, s.URL, "")
	if !errors.Is(err, context.Canceled) || f != nil {
		t.Fatalf("Get = %v, %v; want context.Canceled and no file", f, err)
	}
	if s.n.Load() != 1 {
		t.Errorf("%d requests, want 1 (a cancelled ctx is not retried)", s.n.Load())
	}
}

func TestProgress(t *testing.T) {
	data := readFile(t, nvdFile)
	for _, chunked := range []bool{false, true} {
		t.Run(fmt.Sprint("chunked=", chunked), func(t *testing.T) {
			s := serve(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if !chunked {
					w.Header().Set("Content-Length", fmt.Sprint(len(data)))
				}
				for i := 0; i < len(data); i += 1000 {
					w.Write(data[i:min(i+1000, len(data))])
					http.NewResponseController(w).Flush()
				}
			})
			type call struct{ Done, Total int64 }
			var calls []call
			c := client(t)
			c.ProgressInterval = time.Nanosecond
			c.Progress = func(done, total int64) { calls = append(calls, call{done, total}) }
			f, _, err := c.Get(context.Background(), s.URL, "")
			if err != nil {
				t.Fatal(err)
			}
			content(t, f)
			total := int64(len(data))
			if chunked {
				total = -1
			}
			if len(calls) < 2 {
				t.Fatalf("%d progress calls, want several", len(calls))
			}
			for i, c := range calls {
				if c.Total != total || (i > 0 && c.Done < calls[i-1].Done) {
					t.Fatalf("call %d = %+v after %+v: want total %d and done not decreasing", i, c, calls[max(i-1, 0)], total)
				}
			}
			if diff := cmp.Diff(call{int64(len(data)), total}, calls[len(calls)-1]); diff != "" {
				t.Errorf("last progress call (-want +got):\n%s", diff)
			}
		})
	}
}

// TestProgressThrottled: with the default interval a fast download reports
// once, at its end.
func TestProgressThrottled(t *testing.T) {
	data := readFile(t, nvdFile)
	s := serve(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.Write(data)
	})
	var calls [][2]int64
	c := client(t)
	c.Progress = func(done, total int64) { calls = append(calls, [2]int64{done, total}) }
	f, _, err := c.Get(context.Background(), s.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	content(t, f)
	// the first write may report too (last is the zero time), then the end
	if n := len(calls); n < 1 || n > 2 || calls[n-1] != [2]int64{nvdSize, nvdSize} {
		t.Errorf("progress calls %v, want at most 2 ending at [%d %d]", calls, nvdSize, nvdSize)
	}
}

func TestMaxSize(t *testing.T) {
	data := readFile(t, nvdFile)
	for _, chunked := range []bool{false, true} {
		t.Run(fmt.Sprint("chunked=", chunked), func(t *testing.T) {
			s := serve(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if chunked {
					bw := bufio.NewWriter(w)
					bw.Write(data)
					bw.Flush()
					http.NewResponseController(w).Flush()
					return
				}
				w.Write(data)
			})
			c := client(t)
			c.MaxSize = nvdSize - 1
			f, _, err := c.Get(context.Background(), s.URL, "")
			if !errors.Is(err, ErrTooLarge) || f != nil {
				t.Fatalf("Get = %v, %v; want ErrTooLarge", f, err)
			}
			if s.n.Load() != 1 {
				t.Errorf("%d requests, want 1 (too large is not retried)", s.n.Load())
			}
			c.MaxSize = nvdSize
			f, _, err = c.Get(context.Background(), s.URL, "")
			if err != nil {
				t.Fatalf("at exactly MaxSize: %v", err)
			}
			content(t, f)
		})
	}
}

// TestBadFingerprint: a fingerprint Get cannot decode means a full fetch.
func TestBadFingerprint(t *testing.T) {
	s := serve(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"x"`)
		http.ServeContent(w, r, "", time.Time{}, strings.NewReader(string(readFile(t, epssFile))))
	})
	f, fp, err := client(t).Get(context.Background(), s.URL, "etag=%zz")
	if err != nil {
		t.Fatal(err)
	}
	content(t, f)
	if len(s.headers[0].Values("If-None-Match")) != 0 {
		t.Errorf("sent If-None-Match for an undecodable fingerprint")
	}
	if want := (validators{ETag: `"x"`, SHA256: epssSHA}).encode(); fp != want {
		t.Errorf("fingerprint %q, want %q", fp, want)
	}
}

// TestTimeout: an attempt that outlives Timeout is cut and retried.
func TestTimeout(t *testing.T) {
	data := readFile(t, epssFile)
	s := serve(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			<-r.Context().Done() // hang until the client gives up
			return
		}
		w.Write(data)
	})
	c := client(t)
	c.Timeout = 50 * time.Millisecond
	f, _, err := c.Get(context.Background(), s.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := content(t, f); string(got) != string(data) || s.n.Load() != 2 {
		t.Errorf("%d requests, body of %d bytes; want 2 and %d", s.n.Load(), len(got), len(data))
	}
}

// TestCloseRemoves: where a body's file could not be unlinked at creation
// (Windows), Close removes it.
func TestCloseRemoves(t *testing.T) {
	dir := t.TempDir()
	tmp, err := os.CreateTemp(dir, "loadline-fetch-*")
	if err != nil {
		t.Fatal(err)
	}
	f := &File{f: tmp}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp.Name()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after Close, Stat(%s) = %v, want ErrNotExist", tmp.Name(), err)
	}
}

// TestFeed checks the Fetch helper feeds share: a nil Client works, a
// 304 is advisory.ErrNotModified itself with the fingerprint, and another
// failure is prefixed with the feed's name and gives no fingerprint.
func TestFeed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/missing":
			http.NotFound(w, r)
		case r.Header.Get("If-None-Match") == `"v1"`:
			w.WriteHeader(http.StatusNotModified)
		default:
			w.Header().Set("ETag", `"v1"`)
			io.WriteString(w, "data")
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	body, fp, err := Feed(ctx, nil, "kev", srv.URL+"/feed", "")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(body)
	body.Close()
	if string(b) != "data" || fp == "" {
		t.Errorf("first fetch: %q, fingerprint %q", b, fp)
	}
	if body, got, err := Feed(ctx, nil, "kev", srv.URL+"/feed", fp); err != advisory.ErrNotModified || body != nil || got != fp {
		t.Errorf("second fetch: body %v, fingerprint %q, err %v; want nil, %q, ErrNotModified", body, got, err, fp)
	}
	c := &Client{Attempts: 1}
	if body, got, err := Feed(ctx, c, "kev", srv.URL+"/missing", ""); err == nil || body != nil || got != "" || !strings.HasPrefix(err.Error(), "kev: ") {
		t.Errorf("missing: body %v, fingerprint %q, err %v; want nil, \"\", an error prefixed kev:", body, got, err)
	}
}
