package source

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/loadline/loadline/internal/testregistry"
)

// TestDistributionRegistry pushes to and opens from a real registry: the
// Debian docker-registry package (the CNCF distribution registry v2),
// started here on a free loopback port with temporary storage and an
// htpasswd (bcrypt) realm. It skips when the registry or htpasswd (from
// apache2-utils) is not installed; .ci/run installs both.
func TestDistributionRegistry(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a registry server")
	}
	addr := testregistry.Start(t, true)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	creds := staticKeychain{&authn.Basic{Username: testregistry.User, Password: testregistry.Password}}
	img := testImage(t, 40, 3, amd64)
	amd, arm := testImage(t, 41, 2, amd64), testImage(t, 42, 1, arm64)
	push(t, addr+"/team/app:1.0", img, nil, remote.WithAuthFromKeychain(creds), remote.WithContext(ctx))
	push(t, addr+"/team/multi:1.0", nil, testIndex(t, amd, arm), remote.WithAuthFromKeychain(creds), remote.WithContext(ctx))
	d := digestOf(t, img)
	runRegistryCases(t, []registryCase{
		{target: "registry:" + addr + "/team/app:1.0", keychain: creds, wantName: addr + "/team/app:1.0", img: img},
		{target: "docker://" + addr + "/team/app@" + d, keychain: creds, wantName: addr + "/team/app@" + d, img: img},
		{target: addr + "/team/multi:1.0", platform: &arm64, keychain: creds, wantName: addr + "/team/multi:1.0", img: arm},
		{target: addr + "/team/multi:1.0", platform: &amd64, keychain: creds, wantName: addr + "/team/multi:1.0", img: amd},
	})

	_, err := Open(ctx, "registry:"+addr+"/team/app:1.0", &Options{Keychain: anonymous})
	if err == nil || !strings.Contains(err.Error(), "UNAUTHORIZED") {
		t.Errorf("anonymous Open = %v, want UNAUTHORIZED", err)
	}
}
