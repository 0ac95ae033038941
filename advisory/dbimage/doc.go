// Package dbimage ships the advisory database (one advisory/boltstore
// file) through an OCI registry: Push uploads it as an OCI artifact and
// Pull downloads it into place, so that an organisation builds the
// database once (a scheduled `loadline db update` then `db push`) and
// every scanner pulls it in seconds, as Trivy pulls its database from
// ghcr.io. It sits beside the store at the "advisories" step of the flow
// and is the home of go-containerregistry on the advisory side.
//
// The artifact is an OCI image manifest in the form OCI 1.1 gives
// artifacts (the form ORAS writes by default):
//
//   - artifactType ArtifactType ("application/vnd.loadline.advisory-db.v1");
//   - config: the OCI empty descriptor ("application/vnd.oci.empty.v1+json",
//     the 2 bytes "{}");
//   - one layer of media type LayerMediaType: the database file
//     compressed with zstd, annotated with its title "advisories.db";
//   - annotations: "org.opencontainers.image.created" (the database's
//     build time, RFC 3339) and, under "io.github.loadline.advisory-db.",
//     "format" (the boltstore format version), "built" (the build time,
//     RFC 3339 to the nanosecond), "records" (the advisory count),
//     "size" (the uncompressed file's bytes) and "feeds" (the feeds'
//     names, comma-separated, in name order).
//
// The manifest depends only on the database: pushing one file twice
// gives one digest. Pull reads the manifest first and refuses an artifact
// of another type, or of another format version (ErrVersion, which wraps
// boltstore.ErrVersion), before it fetches the layer.
//
// Pull is atomic: it decompresses into a temporary file beside the
// database, checks the layer's digest and size and that the file opens
// with boltstore.Open and says what the annotations say, then renames it
// over the database. A failure at any point (a cut connection, a corrupt
// blob, a cancelled ctx) leaves the previous database byte-identical and
// no temporary file. When the database in place already is the
// artifact's (its build time, record count, feeds and size equal the
// annotations), Pull fetches nothing and says so (Result.NotModified).
package dbimage
