// Package cyclonedx writes loadline inventories as CycloneDX documents
// and reads CycloneDX documents, loadline's own and other tools', back
// into inventories.
//
// It sits at the inventory in the flow (image -> layers -> inventory):
// Encode turns an sbom.Inventory into a CycloneDX 1.6 document, JSON or
// XML, for people and other tools; Decode turns a CycloneDX 1.2 to 1.7
// document into an sbom.Inventory, so that an SBOM can be matched like a
// scanned image. Both convert to and from cyclonedx-go's own types and
// let it encode and decode; no JSON or XML is written by hand. The
// package holds no state: its functions are safe for concurrent use.
//
// # The document
//
// Encode writes:
//
//   - metadata.component: the image (type "container"; "file" for a
//     directory, "application" when the inventory names neither), with
//     bom-ref "loadline:subject", name Source.Name, version the manifest
//     digest, and the properties loadline:configDigest,
//     loadline:platform and, per layer, loadline:layer:<index>:diffID
//     (always), :digest, :size and :createdBy (when known). It is left
//     out when the inventory says nothing of what was scanned.
//   - metadata.tools: loadline (and Options.ToolVersion); metadata.timestamp
//     when Options.Timestamp is set; metadata.properties: each Problem as
//     loadline:problem:<index>:message and, when not empty, :path and
//     :layer; then Options.Properties.
//   - The distro: a component of type "operating-system", bom-ref
//     "loadline:distro", name ID, version VersionID, description the
//     pretty name, properties loadline:distro:codename and
//     loadline:distro:idLike (one per entry, in order).
//   - Each package: a component of type "library" whose bom-ref is its
//     PURL, with "|2", "|3" ... added to the second and later packages
//     that share one (the same package in two layers), or
//     "loadline:package:type/namespace/name@version" when it has none;
//     group Namespace, name, version, purl, cpe (the first CPE), licenses,
//     supplier (Vendor), hashes, and pedigree.ancestors naming the source
//     package: CycloneDX has no "generated from" relation, and an
//     ancestor is the closest, so the binary package's one ancestor is
//     its source package (name, and version or else the package's own).
//     A license that is one SPDX identifier of the schema's list is
//     written as license.id; a lone compound SPDX expression of known
//     identifiers as expression (the schema allows an expression only as
//     the single entry); anything else, Debian's "GPL-2+" included, as
//     license.name, verbatim. Hashes whose algorithm and length the
//     schema accepts are hashes; others are properties.
//   - A package's properties: loadline:layer, loadline:lastLayer, loadline:ownedBy,
//     loadline:evidence (one per path, in order), loadline:origin:name
//     (whenever Origin is set) and loadline:origin:version,
//     loadline:cpe (the CPEs after the first), loadline:hash:<algorithm>,
//     loadline:dependsOn (a dependency on a PURL no package in the
//     inventory has), loadline:metadata:<key>, loadline:type and
//     loadline:arch (only when the PURL does not already say the same:
//     a package without PURL, an arch the PURL leaves out), and, with
//     Options.Files, loadline:file (one per owned file, sorted; off by
//     default, since file lists make an image's document many times
//     larger).
//   - dependencies: the image depends on every package no other package
//     depends on; each package with DependsOn depends on the packages of
//     those PURLs (the first package of each PURL).
//   - vulnerabilities: Options.Vulnerabilities, as given. BOMRefs says
//     which bom-ref each package's component has, so that a caller (a
//     scan's document, match/vex's EncodeBOM) can point a
//     vulnerability's affects at it.
//
// Everything is sorted (packages in sbom.ComparePackages order, then by
// PURL; properties in a fixed order; map keys sorted), so the same
// inventory and Options give byte-identical documents. The serial number
// is Options.SerialNumber or, by default, derived from the content (see
// Options); the timestamp is written only when given.
//
// # Reading
//
// Decode reads the same fields back, so that Decode(Encode(inv)) equals
// inv (sorted, Source.Kind "sbom", Files only when written) for every
// field. From other tools' documents it reads, when no loadline property
// says otherwise:
//
//   - Package: every component, nested ones included, with a PURL or a
//     CPE or of type library or framework, except metadata.component
//     (matched by bom-ref) and operating-system components. Type,
//     Namespace (when there is no group), Name and Version (when the
//     component gives none) and Arch come from the PURL; an rpm PURL's
//     epoch qualifier is put in front of a version that has none, as the
//     model's EVR wants.
//   - Origin: Trivy's SrcName, SrcVersion, SrcRelease, SrcEpoch; Syft's
//     syft:metadata:source and sourceVersion; a single pedigree ancestor;
//     the PURL's upstream qualifier for deb and apk.
//   - Layer: Trivy's LayerDiffID, or Syft's syft:location:0:layerID.
//     Evidence: Syft's syft:location:<n>:path, or evidence.occurrences
//     (made rooted). CPEs: the cpe field, then Syft's syft:cpe23 values.
//     Vendor: supplier, else publisher.
//   - Distro: the first operating-system component (name, version,
//     description; Syft's versionCodename and idLike). Source: the name
//     of metadata.component, its version as Digest when it looks like
//     one, Trivy's ImageID as ConfigDigest and RepoDigest as Digest.
//   - DependsOn: the PURLs of the components each package's dependency
//     entry names; a dependency on a component without PURL is dropped,
//     since DependsOn holds PURLs.
//
// Of a JSON document only bomFormat, specVersion, serialNumber, version,
// metadata, components and dependencies are decoded (and of components
// the members listed above), so that parts loadline does not use cannot
// fail the decoding: cyclonedx-go v0.12.0 rejects some valid declarations
// and patentAssertions.
package cyclonedx
