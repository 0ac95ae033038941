// Package scan turns a container image or a root filesystem directory into
// an inventory of what is installed (an sbom.Inventory): every package
// with its Package URL, its origin package, the files that prove it and
// the layer that brought it.
//
// It sits at "image -> layers -> inventory" in loadline's flow. A
// Scanner reads each layer of an image once, as a stream, in parallel
// within a bound; keeps in memory only the files some cataloger wants
// (each under a size cap); applies whiteouts, opaque directories and hard
// links as the OCI image specification says; detects the distro
// (scan/distro); and hands each wanted file to its catalogers
// (scan/catalog is the seam). Nothing is extracted to disk.
//
// Images are go-containerregistry v1.Image values: open one with
// scan/source (a registry, a docker save tarball, an OCI layout or
// archive) or build one yourself. This package and its sub-packages are
// the only home of go-containerregistry in loadline.
//
// # Attribution
//
// Each package names the layer that introduced it (Package.Layer: the
// first layer from which a package of that name and architecture is
// present in every later layer) and, when different, the layer that
// last changed it (Package.LastLayer: the first layer from which this
// exact version is present). Both are found by cataloging every state
// of the package's database file that the layers wrote.
//
// # Hostile input
//
// A layer whose content does not match its digest, a truncated or
// corrupt stream, or an image larger than MaxImageSize uncompressed is
// an error: nothing useful came back. An unsafe entry (absolute path,
// ".." climbing out), a wanted file over MaxFileSize, or a package
// database a cataloger cannot parse is a Problem in the inventory, and the
// scan goes on.
package scan
