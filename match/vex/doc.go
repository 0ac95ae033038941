// Package vex reads and writes VEX (Vulnerability Exploitability
// eXchange) documents: what a supplier or an operator says of a
// vulnerability in a product (not affected and why, affected and what to
// do, fixed, under investigation).
//
// It sits at the match end of the flow. In: Decode reads OpenVEX 0.2.0
// (through github.com/openvex/go-vex's document types), CycloneDX VEX
// (vulnerabilities[].analysis with affects, standalone or embedded in an
// SBOM; JSON and XML, through cyclonedx-go) and CSAF VEX (through
// advisory/csaf) into one model, a Document of Statements, whose statuses and justifications are normalised to
// OpenVEX's words while the document's own words are kept. An Index over
// any number of documents answers the question matching asks (Lookup: of
// the statements about this vulnerability that cover this package in
// this image, which one applies?) by the VEX specifications' rules:
// vulnerability by ID or alias, products by PURL (a PURL without version
// covers every version), image digest and subcomponents, the latest
// statement winning. Out: FromResult turns an image's match.Result into
// statements (affected with the nearest fix, will not fix, not affected
// with the distro's justification, under investigation), and Encode
// writes statements as OpenVEX or CycloneDX 1.6 VEX, deterministically.
// EncodeBOM writes an image's inventory and its match result as one
// CycloneDX 1.6 document, the SBOM with its vulnerabilities (as Trivy's
// and Grype's CycloneDX reports are): the components as sbom/cyclonedx
// writes them, each vulnerability's affects pointing at their bom-refs.
//
// match does not import this package: matching builds a Finding per
// match and annotates it with the statement Lookup returns, never
// deleting it.
package vex
