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
