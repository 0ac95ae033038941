// Package layerfs reads image layers as tar streams, once each, and stacks
// them into a read-only file system view as the OCI image specification
// applies them: later layers replace earlier entries, whiteout files
// (".wh.NAME") delete an entry of the layers below, an opaque marker
// (".wh..wh..opq") hides what lower layers had in a directory, and hard
// links share their target's content.
//
// It sits at "image -> layers" in loadline's flow and knows nothing of
// image formats or package catalogers: the scanner (package scan) opens
// each layer, hands its uncompressed tar stream to Read with a predicate
// naming the files worth keeping, and catalogs through the views a Stack
// gives. Only those wanted files are held in memory, each under a size
// cap; every other entry is kept as metadata only (kind, mode, size, link
// target), so a view can list directories and resolve symbolic links but
// opening such a file fails with ErrNotLoaded. Nothing is ever written to
// disk.
//
// Symbolic links resolve inside the image root only, as a container
// runtime resolves them: an absolute target starts again at the root and
// ".." never climbs above it. Hostile entries (absolute names, ".."
// climbing out of the root, a whiteout naming nothing) are skipped and
// recorded as problems; an over-large file is recorded and left unread.
package layerfs
