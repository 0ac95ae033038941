// Package spdx converts loadline inventories to and from SPDX documents:
// Encode writes SPDX 2.3 JSON or tag-value, Decode reads SPDX 2.2 and
// 2.3 in either serialization. It is the home of spdx/tools-golang:
// inventories are converted to that module's v2.3 document types, and
// its json and tagvalue packages do the writing and reading.
//
// It sits at the inventory step of the flow (image -> layers ->
// inventory -> advisories -> matches -> verdict): Encode publishes what
// scan found; Decode lets an SBOM made by loadline, Syft, Trivy or
// another tool enter the flow in place of a scan.
//
// # The document Encode writes
//
// The document (SPDXRef-DOCUMENT, named after Source.Name, created by
// "Tool: loadline") DESCRIBES one root package, SPDXRef-Image, with
// primaryPackagePurpose CONTAINER, the image name as its name and the
// manifest digest as its versionInfo. The image CONTAINS the distro
// package (SPDXRef-OperatingSystem, primaryPackagePurpose
// OPERATING-SYSTEM, name and versionInfo the os-release ID and
// VERSION_ID) and every inventory package. JSON spells the purpose
// OPERATING_SYSTEM, as its schema requires; tag-value OPERATING-SYSTEM.
// JSON lists the image, the distro, the inventory's packages in its
// order and then the source packages; tools-golang's tag-value writer
// orders packages by element ID.
//
// Each inventory package becomes a package with the element ID
// SPDXRef-Package-TYPE-NAME-HASH (TYPE and NAME with characters outside
// letters, digits, "." and "-" replaced by "-", HASH 8 hex digits of the
// SHA-256 of its identity; "-2", "-3"... if it still clashes), name,
// versionInfo, downloadLocation NOASSERTION, filesAnalyzed false, a
// PACKAGE-MANAGER purl and SECURITY cpe23Type (cpe22Type for a "cpe:/"
// name) external references,
// checksums from Hashes, supplier "Organization: VENDOR", and
// licenseDeclared: its licenses joined with AND, each written as is when
// it is an SPDX license expression over the SPDX license list that
// tools-golang carries (in parentheses when it holds a space or a
// parenthesis), else as a LicenseRef- whose
// hasExtractedLicensingInfos entry holds the license text as the
// package database wrote it ("GPL-2+" becomes LicenseRef-GPL-2-);
// NOASSERTION when there are none.
//
// A package built from a source package (Origin) is GENERATED_FROM a
// package for that source, SPDXRef-Source-TYPE-NAME-HASH with
// primaryPackagePurpose SOURCE, the origin's name and version and no
// external references (so that tools reading the document do not take
// it for an installed package); one such package serves every binary
// built from the same source. DependsOn becomes DEPENDS_ON relationships
// to the first package with that PURL.
//
// Relationships are written in inventory order: DESCRIBES, CONTAINS of
// the distro, then per package its CONTAINS, GENERATED_FROM and sorted
// DEPENDS_ON.
//
// # Annotations
//
// What SPDX has no field for is written as annotations (annotator
// "Tool: loadline", type OTHER, date Created) whose comment is
// "loadline:KEY=VALUE". In JSON they sit in their package; tag-value has
// no package annotations, so there they are document annotations naming
// their package with SPDXREF. A string VALUE is written as is, or in its
// JSON form (a quoted string) when it starts with a quote or "[", or
// has control characters or surrounding space. Structured
// VALUEs are JSON.
//
// On the image package: configDigest, platform, imageLayer (an
// sbom.Layer, one per layer, base first), problem (an sbom.Problem, one
// each), and name or digest when they cannot be written as the package's
// name and versionInfo. On the distro package: distro (the sbom.Distro).
// On each package: layer, lastLayer, arch, origin (the sbom.Origin),
// evidence and file (one per path, in order), ownedBy, metadata (a
// one-entry JSON object per key, sorted), hash (a one-entry object, for
// an algorithm SPDX has no checksum for), dependsOn (a PURL no package
// in the inventory has). And where what Decode would read from the
// package's SPDX fields differs from the inventory (an rpm epoch of 0,
// a PURL that does not agree with the fields, a license list that would
// not split back the same), an annotation with the field's own value:
// type, namespace, name, version, purl, vendor, cpes (JSON list),
// licenses (JSON list), hashes (an empty, non-nil map), and
// "dependsOn=[]" for an empty, non-nil DependsOn.
// So Decode gives back exactly what Encode was given.
//
// # Reading other tools' documents
//
// Decode documents the mapping. Documents from Trivy (an image root
// SPDXRef-ContainerImage-..., an SPDXRef-OperatingSystem-... package,
// sourceInfo "built package from: ...", attribution texts with layer
// diff IDs) and Claircore (OPERATING-SYSTEM and SOURCE packages,
// repositories as packages that CONTAIN others, distro details as OTHER
// external references) are read as such.
package spdx
