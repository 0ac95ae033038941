package dbimage

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
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
	addr := startDistribution(t, true)

	// The front proxies to the registry; the registry builds upload
	// locations from the Host the front forwards, its own.
	f := &front{next: httputil.NewSingleHostReverseProxy(&url.URL{Scheme: "http", Host: addr})}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	host := strings.TrimPrefix(srv.URL, "http://")
	creds := &Options{Keychain: staticKeychain{&authn.Basic{Username: "alice", Password: "s3cret"}}}
	roundTrip(t, f, host, creds)

	anonymous := &Options{Keychain: staticKeychain{authn.Anonymous}}
	_, err := Pull(context.Background(), host+"/team/advisories:latest", filepath.Join(t.TempDir(), "advisories.db"), anonymous)
	if err == nil || !strings.Contains(err.Error(), "UNAUTHORIZED") {
		t.Errorf("anonymous Pull = %v, want UNAUTHORIZED", err)
	}
}

// startDistribution starts the Debian docker-registry on a free loopback
// port with temporary storage, with an htpasswd realm (alice, s3cret)
// when auth, and returns its address; it skips when the registry or
// htpasswd (from apache2-utils) is not installed. The registry stops when
// tb's test ends.
func startDistribution(tb testing.TB, auth bool) string {
	tb.Helper()
	bin, err := exec.LookPath("docker-registry")
	if err != nil {
		tb.Skip("docker-registry is not installed (apt-get install docker-registry)")
	}
	dir := tb.TempDir()
	addr := freeAddr(tb)
	config := fmt.Sprintf(`version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: %s
http:
  addr: %s
`, filepath.Join(dir, "storage"), addr)
	if auth {
		htpasswd, err := exec.LookPath("htpasswd")
		if err != nil {
			tb.Skip("htpasswd is not installed (apt-get install apache2-utils)")
		}
		out, err := exec.Command(htpasswd, "-Bbn", "alice", "s3cret").Output()
		if err != nil {
			tb.Fatalf("htpasswd: %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, "htpasswd"), out, 0o600); err != nil {
			tb.Fatal(err)
		}
		config += fmt.Sprintf("auth:\n  htpasswd:\n    realm: loadline-test\n    path: %s\n", filepath.Join(dir, "htpasswd"))
	}
	cfg := filepath.Join(dir, "config.yml")
	if err := os.WriteFile(cfg, []byte(config), 0o600); err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	var logs bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "serve", cfg)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		cancel()
		tb.Fatalf("start %s: %v", bin, err)
	}
	tb.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		cancel()
		if tb.Failed() {
			tb.Logf("registry output:\n%s", logs.String())
		}
	})
	waitReady(tb, ctx, "http://"+addr+"/v2/")
	return addr
}

// staticKeychain gives one authenticator for every registry.
type staticKeychain struct{ auth authn.Authenticator }

func (k staticKeychain) Resolve(authn.Resource) (authn.Authenticator, error) { return k.auth, nil }

// freeAddr is a loopback address with a port free a moment ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitReady polls url until the server answers (any status), for at most
// 20 seconds.
func waitReady(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("registry at %s did not answer within 20s", url)
}
