// Package sbomfile reads an SBOM document of any format loadline knows
// and writes one in a format chosen at run time: it is the single entry
// point for "an SBOM file", in front of sbom/cyclonedx and sbom/spdx.
//
// It sits at the inventory in the flow (image -> layers -> inventory ->
// advisories -> matches -> verdict): an SBOM read from a file enters the
// flow here, in place of a scan. Decode looks at a bounded prefix of the
// input (its first MiB) to tell which format it is:
//
//   - CycloneDX JSON: a top-level object with bomFormat, or with a
//     specVersion or a cyclonedx.org $schema (then sbom/cyclonedx names
//     the missing bomFormat);
//   - CycloneDX XML: a root element bom in the namespace
//     http://cyclonedx.org/schema/bom/1.x;
//   - SPDX JSON: a top-level object with spdxVersion or an SPDXID (tools
//     that sort keys, Trivy among them, write spdxVersion last);
//   - SPDX tag-value: a line starting "SPDXVersion:".
//
// and hands the input on, prefix and rest, to that format's decoder, so
// that a large SBOM is held in memory once (by the decoder), not twice.
// What is none of these is rejected with ErrNotSBOM and a note of what
// it looks like instead ("a JSON array", "HTML", "a CSAF document");
// SPDX 3 and SPDX RDF/XML are rejected with ErrUnsupported. A JSON
// document whose first MiB holds none of the members above (a large
// member written before them) is rejected too, with that said: the
// price of not holding the input twice.
//
// The version of a JSON document whose version member lies beyond the
// first MiB (sorted keys put SPDX's spdxVersion and CycloneDX's
// specVersion after the packages) is picked up as the decoder reads on.
//
// Packages are taken as the document writes them: Decode adds, merges
// and drops nothing beyond what sbom/cyclonedx and sbom/spdx document.
//
// The package holds no state; its functions are safe for concurrent use.
package sbomfile
