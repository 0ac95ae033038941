// Package sbom holds loadline's inventory model: the packages installed in
// an image or directory, each with its Package URL, origin (source)
// package, evidence paths and the layer that introduced it, plus the
// image's layers, its distro and the problems met while reading it.
//
// It sits after scan in the flow (image -> layers -> inventory ->
// advisories -> matches -> verdict): scan produces an Inventory, match
// consumes one, and an SBOM read from a file enters the flow here,
// skipping scan. The sub-packages sbom/cyclonedx and sbom/spdx convert to
// and from the standard documents. This package is the home of
// packageurl-go: PackageURL builds every Package URL loadline writes.
package sbom
