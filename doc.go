// Package loadline finds and governs vulnerabilities in container images
// across their life: build (CI), registry and runtime. It is a library for
// tool authors; examples/loadline is the reference command-line program
// built on its public API alone.
//
// Data flows one way, and no package imports one later in the flow:
//
//	image -> layers -> inventory -> advisories -> matches -> verdict / SBOM / VEX
//
// Each step has its package:
//
//   - version: per-ecosystem version ordering, native constraints and
//     OSV-style affected intervals (dpkg, rpm, apk, npm, PEP 440, Go,
//     Cargo, Maven, RubyGems, NuGet, Composer, generic). The leaf: every
//     other package stands on it.
//   - sbom: the inventory model (packages with Package URLs, origin
//     package and the layer that introduced them); sbom/cyclonedx and
//     sbom/spdx write and read the standard documents.
//   - scan: images (registry, docker save tarball, OCI layout, root
//     filesystem) and directories -> inventory, through catalogers.
//   - advisory: one advisory model for every feed (OSV, distro trackers,
//     NVD, CISA KEV, EPSS), stores and CVSS scoring. It knows nothing of
//     scan.
//   - match: inventory x advisories -> matches, distro-aware, with VEX in
//     and out.
//   - gate: policy -> verdict with reasons and exit codes; reports for CI.
//   - internal: layer reading, atomic files and test helpers, never
//     imported by embedders.
//
// Every engine is an exported struct whose zero value works; every seam is
// a small interface, so an embedder can swap an image source, a feed or a
// store.
package loadline
