// Package source opens the image a user names, wherever it is, without
// copying it: a registry, a docker save tarball, an OCI image layout
// directory or its tar, or a root filesystem directory. It is the first
// step of the flow, image -> layers -> inventory: an image source feeds
// the scanner, which walks the layers of Target.Image (a ggcr v1.Image,
// so any other v1.Image works there too) or the directory Target.Dir.
//
// Its seam is one function, [Open], with a target string as skopeo writes
// it ("docker-archive:app.tar", "oci-layout:dir:tag", "registry:REF") or a
// bare path or reference, detected. Layers are never extracted or
// downloaded ahead: each is read when the scanner asks for it, from the
// registry, from the layout, or from the archive in place. An OCI archive
// is indexed once (names to offsets and sizes) and each blob served as a
// section of the file; a docker archive is read by ggcr's tarball package,
// which seeks through the tar headers for each file it needs. A
// gzip-compressed archive is decompressed again from its start for each
// blob: slower, but still nothing is written to disk.
//
// Registry access is ggcr's remote package, with the caller's keychain
// (Docker config and credential helpers by default), transport, platform
// and retry policy ([Options]).
//
// Hostile input is expected: metadata documents are read up to 8 MiB,
// tar entries named outside the archive are refused, layout directories
// are read through os.Root so no symbolic link leads outside them, digests
// of manifests and configs are checked, and missing blobs are errors at
// Open, not later.
package source
