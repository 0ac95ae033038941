// Package testregistry starts a real container registry for tests:
// Debian's docker-registry package (the CNCF distribution registry v2) on
// a free loopback port, with temporary storage and, when asked, an
// htpasswd (bcrypt) realm.
//
// It serves the two places of the flow that talk to registries: reading
// images (scan/source, at the "image" step) and shipping the advisory
// database (advisory/dbimage). Its seam is Start, which returns the
// registry's address and skips the test when the registry is not
// installed; .ci/run installs docker-registry and apache2-utils
// (htpasswd). Being internal, only this module's tests use it.
package testregistry
