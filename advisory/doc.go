// Package advisory holds loadline's advisory model: one Advisory type that
// every feed normalises into (OSV and GHSA, NVD, CVE JSON 5, the distro
// trackers), and the Store seam that matching asks its one question of:
// all advisories for (ecosystem, distro release, package name), with
// whether the store has any data for that ecosystem and release at all,
// so that a gap is never mistaken for a clean package.
//
// It sits at "advisories" in the flow (image -> layers -> inventory ->
// advisories -> matches -> verdict) and knows nothing of scanning:
// match joins an sbom.Inventory with a Store. Sub-packages hold the
// stores (advisory/memstore in memory; an embedded on-disk store), the
// conformance kit every store passes (advisory/storetest), the feeds (one
// sub-package each: Fetch apart from Parse) and CVSS scoring
// (advisory/cvss).
//
// Which source wins when several speak of one package (a distro tracker
// over NVD ranges, for backported fixes) is decided in match, not here:
// a store returns every advisory that names the package.
package advisory
