package dbimage

import (
	"bytes"
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"

	"github.com/loadline/loadline/advisory/boltstore"
	"github.com/loadline/loadline/advisory/osv"
)

// Databases the tests build from testdata: old from 30 Go advisories,
// newer from 60, a day later.
var (
	oldBuilt   = time.Date(2026, 11, 1, 6, 0, 0, 123456789, time.UTC)
	newerBuilt = oldBuilt.Add(24 * time.Hour)
)

// buildDB writes a database at path, built at built, from the OSV
// archive testdata/zip, with boltstore.Write, and returns its bytes.
func buildDB(t testing.TB, path, zip string, built time.Time) []byte {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", zip))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	feeds := []boltstore.Feed{{Name: "osv", Fingerprint: "sha256=test", Fetched: built}}
	if _, err := boltstore.Write(context.Background(), path, osv.Parse(context.Background(), f), &boltstore.WriteOptions{Built: built, Feeds: feeds}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// front is a registry's front door: it records the requests it sees
// and, for blob GETs while mangle is set, changes what the registry
// answers. Safe for concurrent use.
type front struct {
	next http.Handler
	mu   sync.Mutex
	seen []string // "GET /v2/.../blobs/sha256:..."
	// mangle, if not nil, rewrites a blob's body; cut, if set, makes
	// the body end early (the Content-Length stays the blob's).
	mangle func([]byte) []byte
	cut    bool
}

func (f *front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.seen = append(f.seen, r.Method+" "+r.URL.Path)
	mangle, cut := f.mangle, f.cut
	f.mu.Unlock()
	if r.Method != http.MethodGet || !strings.Contains(r.URL.Path, "/blobs/") || (mangle == nil && !cut) {
		f.next.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	f.next.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	if mangle != nil {
		body = mangle(body)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.Code)
	if cut {
		body = body[:len(body)/2]
	}
	w.Write(body)
}

// set sets the mangling of blob bodies, and forgets the requests seen.
func (f *front) set(mangle func([]byte) []byte, cut bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mangle, f.cut, f.seen = mangle, cut, nil
}

// blobGETs returns the blob GETs seen since the last set.
func (f *front) blobGETs() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, s := range f.seen {
		if strings.HasPrefix(s, "GET ") && strings.Contains(s, "/blobs/") {
			out = append(out, s)
		}
	}
	return out
}

// memRegistry starts go-containerregistry's in-process registry behind a
// front on 127.0.0.1, and returns the front and the registry's host.
func memRegistry(t testing.TB, opts ...registry.Option) (*front, string) {
	t.Helper()
	opts = append([]registry.Option{registry.Logger(log.New(io.Discard, "", 0))}, opts...)
	f := &front{next: registry.New(opts...)}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, strings.TrimPrefix(srv.URL, "http://")
}

// dirNames lists the names in dir.
func dirNames(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// sameFile fails the test unless the file at path holds want.
func sameFile(t testing.TB, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: %d bytes, not the %d expected", path, len(got), len(want))
	}
}
