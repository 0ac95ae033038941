package source

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// staticKeychain gives one authenticator for every registry.
type staticKeychain struct{ auth authn.Authenticator }

func (k staticKeychain) Resolve(authn.Resource) (authn.Authenticator, error) { return k.auth, nil }

// offline is a transport for references that name no test server: it
// fails every request, so that no test reaches the network.
type offline struct{}

func (offline) RoundTrip(*http.Request) (*http.Response, error) { return nil, errors.New("offline") }

// anonymous is a keychain with no credentials, so tests never read the
// machine's Docker config.
var anonymous = staticKeychain{authn.Anonymous}

// basicAuth guards h with HTTP basic authentication, as a registry's
// htpasswd realm does.
func basicAuth(h http.Handler, user, pass string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || u != user || p != pass {
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			http.Error(w, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`, http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// startRegistry serves ggcr's in-process registry on loopback, wrapped by
// wrap, and returns its host:port.
func startRegistry(t *testing.T, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	h := registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

// push writes img, or idx when img is nil, to ref.
func push(t *testing.T, ref string, img v1.Image, idx v1.ImageIndex, opts ...remote.Option) {
	t.Helper()
	r, err := name.ParseReference(ref)
	if err != nil {
		t.Fatal(err)
	}
	if img != nil {
		err = remote.Write(r, img, opts...)
	} else {
		err = remote.WriteIndex(r, idx, opts...)
	}
	if err != nil {
		t.Fatalf("push %s: %v", ref, err)
	}
}

// registryCase is one Open of a pushed image.
type registryCase struct {
	target   string
	platform *v1.Platform
	keychain authn.Keychain
	wantName string
	img      v1.Image
}

func runRegistryCases(t *testing.T, tests []registryCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			tg, err := Open(context.Background(), tt.target, &Options{Platform: tt.platform, Keychain: tt.keychain})
			if err != nil {
				t.Fatal(err)
			}
			defer tg.Close()
			want := got{Kind: Registry, Name: tt.wantName, Digest: digestOf(t, tt.img)}
			if diff := cmp.Diff(want, got{tg.Kind, tg.Name, tg.Dir, tg.Digest}); diff != "" {
				t.Errorf("Open(%q) (-want +got):\n%s", tt.target, diff)
			}
			checkSame(t, tt.img, tg.Image)
		})
	}
}

func TestRegistry(t *testing.T) {
	host := startRegistry(t, nil)
	img := testImage(t, 10, 2, amd64)
	amd, arm := testImage(t, 11, 2, amd64), testImage(t, 12, 1, arm64)
	push(t, host+"/app:1", img, nil)
	push(t, host+"/app", img, nil)
	push(t, host+"/multi:1", nil, testIndex(t, amd, arm))
	d := digestOf(t, img)
	runRegistryCases(t, []registryCase{
		{target: "registry:" + host + "/app:1", keychain: anonymous, wantName: host + "/app:1", img: img},
		{target: "docker://" + host + "/app:1", keychain: anonymous, wantName: host + "/app:1", img: img},
		{target: host + "/app:1", keychain: anonymous, wantName: host + "/app:1", img: img},
		{target: host + "/app", keychain: anonymous, wantName: host + "/app:latest", img: img},
		{target: "registry:" + host + "/app@" + d, keychain: anonymous, wantName: host + "/app@" + d, img: img},
		{target: "registry:" + host + "/app:1@" + d, keychain: anonymous, wantName: host + "/app:1@" + d, img: img},
		{target: "registry:" + host + "/multi:1", platform: &arm64, keychain: anonymous, wantName: host + "/multi:1", img: arm},
		{target: "registry:" + host + "/multi:1", platform: &amd64, keychain: anonymous, wantName: host + "/multi:1", img: amd},
	})
}

// TestRegistryAuth opens from a repository behind basic authentication,
// with the credentials given as Options.Keychain.
func TestRegistryAuth(t *testing.T) {
	host := startRegistry(t, func(h http.Handler) http.Handler { return basicAuth(h, "alice", "s3cret") })
	img := testImage(t, 20, 2, amd64)
	creds := staticKeychain{&authn.Basic{Username: "alice", Password: "s3cret"}}
	push(t, host+"/private:1", img, nil, remote.WithAuthFromKeychain(creds))
	runRegistryCases(t, []registryCase{
		{target: "registry:" + host + "/private:1", keychain: creds, wantName: host + "/private:1", img: img},
	})
	for _, kc := range []authn.Keychain{anonymous, staticKeychain{&authn.Basic{Username: "alice", Password: "wrong"}}} {
		_, err := Open(context.Background(), "registry:"+host+"/private:1", &Options{Keychain: kc})
		if err == nil || !strings.Contains(err.Error(), "UNAUTHORIZED") {
			t.Errorf("Open without the right credentials = %v, want UNAUTHORIZED", err)
		}
	}
}

// TestRegistryRetry checks that a transient 503 is retried as
// Options.Retry says, and that without retries it fails.
func TestRegistryRetry(t *testing.T) {
	var fail atomic.Int32
	var manifests atomic.Int32
	host := startRegistry(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.Contains(r.URL.Path, "/manifests/") && r.Method == http.MethodGet {
				manifests.Add(1)
				if fail.Add(-1) >= 0 {
					http.Error(w, "busy", http.StatusServiceUnavailable)
					return
				}
			}
			h.ServeHTTP(w, r)
		})
	})
	img := testImage(t, 30, 1, amd64)
	push(t, host+"/flaky:1", img, nil)
	target := "registry:" + host + "/flaky:1"

	fail.Store(2)
	manifests.Store(0)
	tg, err := Open(context.Background(), target, &Options{Keychain: anonymous, Retry: &remote.Backoff{Duration: time.Millisecond, Factor: 1, Steps: 3}})
	if err != nil {
		t.Fatalf("with 3 attempts: %v", err)
	}
	checkSame(t, img, tg.Image)
	if n := manifests.Load(); n != 3 {
		t.Errorf("manifest requests = %d, want 3 (two failures, then success)", n)
	}

	for _, steps := range []int{1, 0} {
		fail.Store(1)
		manifests.Store(0)
		_, err := Open(context.Background(), target, &Options{Keychain: anonymous, Retry: &remote.Backoff{Steps: steps}})
		if err == nil || !strings.Contains(err.Error(), "503") {
			t.Errorf("Steps %d: Open = %v, want the 503", steps, err)
		}
		if n := manifests.Load(); n != 1 {
			t.Errorf("Steps %d: manifest requests = %d, want 1", steps, n)
		}
	}
}

func TestRegistryErrors(t *testing.T) {
	host := startRegistry(t, nil)
	tests := []struct{ target, want string }{
		{"registry:5000/app:1", "source: registry:5000/app:1: no such file or directory, and as a registry reference: Get \"https://registry:5000/v2/\": offline"},
		{"registry:" + host + "/nothing:1", "source: " + host + "/nothing:1: "},
		{"registry:Not A Ref", "source: Not A Ref: not a registry reference: "},
		{"docker://" + host + "/x@sha256:00", "not a registry reference"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			opts := &Options{Keychain: anonymous}
			if !strings.Contains(tt.target, host) {
				opts.Transport = offline{}
			}
			_, err := Open(context.Background(), tt.target, opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open(%q) = %v, want an error containing %q", tt.target, err, tt.want)
			}
		})
	}
}

// TestRegistryDefaultKeychain checks that a nil Keychain reads the Docker
// config file ($DOCKER_CONFIG/config.json).
func TestRegistryDefaultKeychain(t *testing.T) {
	host := startRegistry(t, func(h http.Handler) http.Handler { return basicAuth(h, "bob", "pw") })
	img := testImage(t, 50, 1, amd64)
	push(t, host+"/private:1", img, nil, remote.WithAuth(&authn.Basic{Username: "bob", Password: "pw"}))
	dir := t.TempDir()
	auth := base64.StdEncoding.EncodeToString([]byte("bob:pw"))
	config := fmt.Sprintf(`{"auths": {%q: {"auth": %q}}}`, host, auth)
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DOCKER_CONFIG", dir)
	tg, err := Open(context.Background(), "registry:"+host+"/private:1", nil)
	if err != nil {
		t.Fatal(err)
	}
	checkSame(t, img, tg.Image)
}

// TestRegistryInsecure reaches a plain-HTTP registry under a name that is
// neither loopback nor private (registry.test, routed by Options.Transport
// to the loopback server): ggcr tries HTTPS only, unless Insecure.
func TestRegistryInsecure(t *testing.T) {
	host := startRegistry(t, nil)
	img := testImage(t, 60, 1, amd64)
	push(t, host+"/app:1", img, nil)
	dial := &net.Dialer{}
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return dial.DialContext(ctx, network, host)
	}}
	defer tr.CloseIdleConnections()
	target := "registry:registry.test/app:1"
	once := &remote.Backoff{Steps: 1}
	_, err := Open(context.Background(), target, &Options{Keychain: anonymous, Transport: tr, Retry: once})
	if err == nil || !strings.Contains(err.Error(), "https://registry.test/v2/") {
		t.Errorf("Open without Insecure = %v, want an HTTPS failure", err)
	}
	tg, err := Open(context.Background(), target, &Options{Keychain: anonymous, Transport: tr, Retry: once, Insecure: true})
	if err != nil {
		t.Fatal(err)
	}
	if tg.Name != "registry.test/app:1" {
		t.Errorf("Name = %q, want registry.test/app:1", tg.Name)
	}
	checkSame(t, img, tg.Image)
}
