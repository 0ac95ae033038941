// Package dbimagetest serves a registry for tests of code that pushes
// and pulls database artifacts (package dbimage), as net/http/httptest
// serves HTTP: go-containerregistry's in-process registry (blobs in
// memory) on 127.0.0.1, where dbimage speaks plain HTTP. It exists so
// that a program built on dbimage (examples/loadline) can test its
// commands without importing go-containerregistry itself.
package dbimagetest

import (
	"io"
	"log"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/registry"
)

// NewRegistry starts an empty registry, closed when tb's test ends, and
// returns its host ("127.0.0.1:port"): a reference is host + "/repo:tag".
// Its blobs are kept in memory: keep what tests push small.
func NewRegistry(tb testing.TB) string {
	tb.Helper()
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	tb.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}
