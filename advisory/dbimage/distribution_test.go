package dbimage

import (
	"context"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"

	"github.com/loadline/loadline/internal/testregistry"
)

// TestDistributionRegistry runs the push and pull scenario against a
// real registry: the Debian docker-registry package (the CNCF
// distribution registry v2), started here on a free loopback port with
// temporary storage and an htpasswd (bcrypt) realm, behind a front that
// records requests and cuts or corrupts blobs. It skips when the
// registry or htpasswd (from apache2-utils) is not installed; .ci/run
// installs both.
func TestDistributionRegistry(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a registry server")
	}
	addr := testregistry.Start(t, true)

	// The front proxies to the registry; the registry builds upload
	// locations from the Host the front forwards, its own.
	f := &front{next: httputil.NewSingleHostReverseProxy(&url.URL{Scheme: "http", Host: addr})}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	host := strings.TrimPrefix(srv.URL, "http://")
	creds := &Options{Keychain: staticKeychain{&authn.Basic{Username: testregistry.User, Password: testregistry.Password}}}
	roundTrip(t, f, host, creds)

	anonymous := &Options{Keychain: staticKeychain{authn.Anonymous}}
	_, err := Pull(context.Background(), host+"/team/advisories:latest", filepath.Join(t.TempDir(), "advisories.db"), anonymous)
	if err == nil || !strings.Contains(err.Error(), "UNAUTHORIZED") {
		t.Errorf("anonymous Pull = %v, want UNAUTHORIZED", err)
	}
}

// staticKeychain gives one authenticator for every registry.
type staticKeychain struct{ auth authn.Authenticator }

func (k staticKeychain) Resolve(authn.Resource) (authn.Authenticator, error) { return k.auth, nil }
