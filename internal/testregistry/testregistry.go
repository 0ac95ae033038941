package testregistry

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// The credentials of the realm Start makes with auth.
const (
	User     = "alice"
	Password = "s3cret"
)

// Start starts docker-registry and returns its address (host:port). With
// auth, the registry asks for User and Password (basic auth, htpasswd).
// It skips tb when docker-registry, or with auth htpasswd, is not
// installed. The registry stops when tb's test ends, and its output is
// logged when the test failed.
func Start(tb testing.TB, auth bool) string {
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
		out, err := exec.Command(htpasswd, "-Bbn", User, Password).Output()
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

// freeAddr is a loopback address with a port free a moment ago.
func freeAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitReady polls url until the server answers (any status), for at most
// 20 seconds.
func waitReady(tb testing.TB, ctx context.Context, url string) {
	tb.Helper()
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
	tb.Fatalf("registry at %s did not answer within 20s", url)
}
