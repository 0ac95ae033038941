package source

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// nameOptions are the reference parsing options opts asks for.
func nameOptions(opts *Options) []name.Option {
	if opts.Insecure {
		return []name.Option{name.Insecure}
	}
	return nil
}

// openRegistry opens the image that the reference s names in a registry:
// by digest when s has one, else by tag; an index is resolved by
// Options.Platform. Its errors are not prefixed.
func openRegistry(ctx context.Context, s string, opts *Options) (*Target, error) {
	ref, err := name.ParseReference(s, nameOptions(opts)...)
	if err != nil {
		return nil, fmt.Errorf("not a registry reference: %w", err)
	}
	keychain := opts.Keychain
	if keychain == nil {
		keychain = authn.DefaultKeychain
	}
	ro := []remote.Option{
		remote.WithContext(ctx),
		remote.WithAuthFromKeychain(keychain),
		remote.WithPlatform(opts.platform()),
	}
	if opts.Transport != nil {
		ro = append(ro, remote.WithTransport(opts.Transport))
	}
	if opts.Retry != nil {
		b := *opts.Retry
		b.Steps = max(b.Steps, 1) // ggcr would make no request at all
		ro = append(ro, remote.WithRetryBackoff(b))
	}
	img, err := remote.Image(ref, ro...)
	if err != nil {
		return nil, err
	}
	digest, err := img.Digest()
	if err != nil {
		return nil, err
	}
	return &Target{Kind: Registry, Name: referenceName(s, ref), Image: img, Digest: digest.String()}, nil
}

// referenceName is the fully-qualified form of the reference s as given:
// a digest reference keeps the tag written before it, which ggcr drops.
func referenceName(s string, ref name.Reference) string {
	d, ok := ref.(name.Digest)
	if !ok {
		return ref.Name()
	}
	base, _, _ := strings.Cut(s, "@")
	if !strings.Contains(base[strings.LastIndex(base, "/")+1:], ":") {
		return d.Name()
	}
	tag, err := name.NewTag(base, name.WeakValidation)
	if err != nil {
		return d.Name()
	}
	return tag.Name() + "@" + d.DigestStr()
}
