package advisory

import (
	"context"
	"errors"
)

// Query is the one question matching asks of a store: the advisories for
// one package of one ecosystem, in one distro release for OS packages.
type Query struct {
	// Ecosystem is the Package URL type ("deb", "npm").
	Ecosystem string
	// Release is the distro release for OS packages, zero otherwise.
	Release Release
	// Package is the name as the ecosystem writes it; for OS packages the
	// source package. The store compares names as the ecosystem does
	// (PEP 503 for PyPI, case-insensitively for NuGet and Composer).
	Package string
}

// Answer is a store's answer to a Query.
type Answer struct {
	// Advisories are those with an Affected entry for the query's
	// ecosystem, release and package, whatever its status, in ID order.
	// They are shared: callers must not modify them. A store may leave
	// out their Details and References, which matching does not read
	// (as Trivy's and Grype's databases keep an advisory's text apart
	// from what matching reads): an IDStore's ByID returns them whole.
	Advisories []*Advisory
	// Covered reports whether a feed the store holds covers the query's
	// ecosystem and release: says, of each of its packages, what it
	// knows. With Covered false, no advisories means no data (a gap to
	// report), never a clean package; advisories then come from feeds
	// that cover no release (a list of announced fixes such as Debian's
	// DSA list): matched, and still a gap.
	Covered bool
}

// Store is read access to advisories. Implementations are safe for
// concurrent use.
type Store interface {
	// Lookup answers q. An error means the store could not be read.
	Lookup(ctx context.Context, q Query) (Answer, error)
}

// IDStore is a Store that also finds advisories by ID.
type IDStore interface {
	Store
	// ByID returns the advisories whose ID or one of whose aliases is id,
	// in ID order, whole (Details and References included), or
	// ErrNotFound.
	ByID(ctx context.Context, id string) ([]*Advisory, error)
}

// ErrNotFound is returned by IDStore.ByID when no advisory has the ID.
var ErrNotFound = errors.New("advisory: not found")
