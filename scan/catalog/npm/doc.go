// Package npm finds JavaScript packages: Installed reads what is
// installed in node_modules directories (for images and root file
// systems), and Lockfile reads the lockfiles of npm, yarn and pnpm (for
// source trees).
//
// It sits in the flow at layers -> inventory. Installed is a
// scan/catalog.Standalone: each node_modules/<name>/package.json stands
// alone, so the scanner hands it over while a layer streams. Lockfile is
// a plain scan/catalog.Cataloger. The scanner composes the default sets:
// Installed for images, Lockfile for directories; run together on one
// source tree with node_modules they report the packages of both, each
// with its own evidence.
//
// # Names and Package URLs
//
// Package URL type "npm". The npm name is kept exactly as written
// (legacy names with capitals such as "JSONStream" exist on the registry,
// which is case-sensitive, so nothing is lowercased). A scoped name
// "@scope/name" gives Namespace "@scope" and Name "name", so that
// sbom.PackageURL writes pkg:npm/%40scope/name@1.0.0 as the Package URL
// specification's npm section says. Versions are as written.
package npm
