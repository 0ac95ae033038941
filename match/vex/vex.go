package vex

import (
	"strings"
	"time"
)

// Format is a VEX document format.
type Format string

// The formats Decode reads and Encode writes.
const (
	// OpenVEX is an OpenVEX JSON document (https://openvex.dev), version
	// 0.2.0 (the context https://openvex.dev/ns/v0.2.0 or an unversioned
	// https://openvex.dev/ns).
	OpenVEX Format = "openvex"
	// CycloneDXJSON and CycloneDXXML are CycloneDX documents whose
	// vulnerabilities carry an analysis: a standalone VEX, or a BOM with
	// the vulnerabilities embedded.
	CycloneDXJSON Format = "cyclonedx-json"
	CycloneDXXML  Format = "cyclonedx-xml"
	// CSAF is a CSAF 2.0 document, read through advisory/csaf: the
	// csaf_vex profile, or any document's product statuses. Encode does
	// not write it.
	CSAF Format = "csaf"
)

// Status is what a statement says of a vulnerability in its products, in
// OpenVEX's words (CSAF's product status and CycloneDX's analysis state
// map onto them; see Statement.RawStatus).
type Status string

// The statuses.
const (
	StatusNotAffected        Status = "not_affected"
	StatusAffected           Status = "affected"
	StatusFixed              Status = "fixed"
	StatusUnderInvestigation Status = "under_investigation"
)

// Justification says why a product is not affected, in OpenVEX's words,
// which are also CSAF's flag labels. CycloneDX's justifications map onto
// them (see justificationOfCycloneDX); Statement.RawJustification keeps
// the document's own word.
type Justification string

// The justifications.
const (
	// ComponentNotPresent: the vulnerable component is not in the product.
	ComponentNotPresent Justification = "component_not_present"
	// VulnerableCodeNotPresent: the component is there, the vulnerable
	// code is not (CycloneDX code_not_present).
	VulnerableCodeNotPresent Justification = "vulnerable_code_not_present"
	// VulnerableCodeNotInExecutePath: the vulnerable code cannot be
	// executed (CycloneDX code_not_reachable).
	VulnerableCodeNotInExecutePath Justification = "vulnerable_code_not_in_execute_path"
	// VulnerableCodeCannotBeControlledByAdversary: the vulnerable code
	// runs but an attacker cannot reach it (CycloneDX requires_configuration,
	// requires_dependency, requires_environment).
	VulnerableCodeCannotBeControlledByAdversary Justification = "vulnerable_code_cannot_be_controlled_by_adversary"
	// InlineMitigationsAlreadyExist: built-in protections prevent
	// exploitation (CycloneDX protected_by_compiler, protected_at_runtime,
	// protected_at_perimeter, protected_by_mitigating_control).
	InlineMitigationsAlreadyExist Justification = "inline_mitigations_already_exist"
)

// Document is one decoded VEX document: its statements in document
// order, and what it says of itself.
type Document struct {
	// Format is the format it was read from.
	Format Format `json:"format"`
	// ID is the document's identifier: OpenVEX @id, CycloneDX
	// serialNumber (with "/version" appended, as a BOM-Link names a BOM),
	// CSAF document.tracking.id; "" when it has none.
	ID string `json:"id,omitempty"`
	// Author is OpenVEX author, the CycloneDX metadata's supplier,
	// manufacturer or first author, CSAF publisher name; "" when none.
	Author string `json:"author,omitempty"`
	// Timestamp is when the document was issued (OpenVEX timestamp,
	// CycloneDX metadata.timestamp, CSAF current_release_date); zero when
	// it does not say. Statements without a time of their own inherit it.
	Timestamp time.Time `json:"timestamp,omitzero"`
	// Version is the document's version; 0 when it has none.
	Version int `json:"version,omitempty"`
	// Statements are the statements, in document order.
	Statements []Statement `json:"statements,omitempty"`
}

// Statement is one VEX statement: one vulnerability, one status, for
// some products. A CycloneDX vulnerability with several affects targets
// is one statement with several products.
type Statement struct {
	// Vulnerability is the vulnerability's ID as the document names it
	// ("CVE-2023-38545", "GHSA-...", "CGA-...").
	Vulnerability string `json:"vulnerability"`
	// Aliases are the other IDs the document gives (OpenVEX aliases,
	// CycloneDX references, CSAF ids and cve), in document order,
	// without Vulnerability.
	Aliases []string `json:"aliases,omitempty"`
	// Products are the products the statement is about. A statement
	// without products (a CycloneDX vulnerability without affects) is
	// kept but applies to nothing.
	Products []Product `json:"products,omitempty"`
	// Status is the status in OpenVEX's words; RawStatus is the
	// document's own word ("exploitable", "resolved", "known_affected")
	// when it differs.
	Status    Status `json:"status"`
	RawStatus string `json:"rawStatus,omitempty"`
	// Justification is the justification of a not_affected statement,
	// normalised; "" when the document gives none (an impact statement
	// alone is allowed) or a word that maps to none (CycloneDX
	// false_positive has no justification). RawJustification is the
	// document's own word when it differs from Justification.
	Justification    Justification `json:"justification,omitempty"`
	RawJustification string        `json:"rawJustification,omitempty"`
	// Impact says why the products are not affected (OpenVEX
	// impact_statement; CycloneDX analysis.detail of a not_affected
	// statement; CSAF impact threats).
	Impact string `json:"impact,omitempty"`
	// Action says what to do (OpenVEX action_statement; CycloneDX
	// recommendation or workaround; CSAF remediation details).
	Action string `json:"action,omitempty"`
	// Responses are CycloneDX's analysis.response words ("update",
	// "will_not_fix", "can_not_fix", "rollback", "workaround_available"),
	// in document order; CSAF remediation categories map onto them.
	Responses []string `json:"responses,omitempty"`
	// Notes are other remarks (OpenVEX status_notes; CycloneDX
	// analysis.detail of a statement that is not not_affected).
	Notes string `json:"notes,omitempty"`
	// Timestamp is when the statement was made or last updated (OpenVEX
	// last_updated or timestamp; CycloneDX analysis.lastUpdated,
	// firstIssued, the vulnerability's updated or published), or the
	// document's timestamp when the statement has none of its own; zero
	// when neither says.
	Timestamp time.Time `json:"timestamp,omitzero"`
	// Source says where the statement came from.
	Source Source `json:"source"`
}

// Source locates a statement: its document and its place there.
type Source struct {
	Format   Format `json:"format"`
	Document string `json:"document,omitempty"` // Document.ID
	// Statement is the statement's own ID (OpenVEX @id, CycloneDX
	// bom-ref) or, when it has none, its place: "statements[3]",
	// "vulnerabilities[2]", "vulnerabilities[0].product_status".
	Statement string `json:"statement,omitempty"`
}

// Product is a product a statement is about, with the subcomponents the
// statement is scoped to.
type Product struct {
	Component
	// Subcomponents narrow the statement to these components of the
	// product; none means the product as a whole (and, for an image,
	// every package in it).
	Subcomponents []Component `json:"subcomponents,omitempty"`
	// Versions are a CycloneDX target's versions and ranges with their
	// status; nil for other formats. A statement with versions applies
	// to a package whose version one of them selects (see Index.Lookup).
	Versions []VersionStatus `json:"versions,omitempty"`
}

// Component identifies a piece of software.
type Component struct {
	// ID is the component's IRI or reference as the document writes it:
	// a PURL, an image digest "sha256:...", a CycloneDX bom-ref or
	// BOM-Link, a CSAF product ID.
	ID string `json:"id,omitempty"`
	// PURL is its Package URL: ID when that is one, else the one the
	// document gives for it (OpenVEX identifiers.purl, the purl of the
	// CycloneDX component ID references, CSAF product_identification_helper).
	PURL string `json:"purl,omitempty"`
	// CPE is its CPE 2.2 or 2.3 name, when the document gives one. Beside
	// a PURL it names the platform the component is part of (a CSAF
	// relationship product's); alone, the component itself.
	CPE string `json:"cpe,omitempty"`
	// Hashes are its digests as "algorithm:hex" ("sha256:..."), sorted.
	Hashes []string `json:"hashes,omitempty"`
}

// VersionStatus is one CycloneDX affects version or vers range with its
// status: "affected" (also when the document leaves it out, the schema's
// default), "unaffected" or "unknown".
type VersionStatus struct {
	Version string `json:"version,omitempty"`
	Range   string `json:"range,omitempty"`
	Status  string `json:"status"`
}

// ids returns the component's identifiers: ID, PURL, CPE and hashes.
func (c *Component) ids() []string {
	var out []string
	for _, s := range []string{c.ID, c.PURL, c.CPE} {
		if s != "" {
			out = append(out, s)
		}
	}
	return append(out, c.Hashes...)
}

// justificationOfCycloneDX maps CycloneDX's analysis justifications onto
// the OpenVEX set: the nearest in meaning.
var justificationOfCycloneDX = map[string]Justification{
	"code_not_present":                VulnerableCodeNotPresent,
	"code_not_reachable":              VulnerableCodeNotInExecutePath,
	"requires_configuration":          VulnerableCodeCannotBeControlledByAdversary,
	"requires_dependency":             VulnerableCodeCannotBeControlledByAdversary,
	"requires_environment":            VulnerableCodeCannotBeControlledByAdversary,
	"protected_by_compiler":           InlineMitigationsAlreadyExist,
	"protected_at_runtime":            InlineMitigationsAlreadyExist,
	"protected_at_perimeter":          InlineMitigationsAlreadyExist,
	"protected_by_mitigating_control": InlineMitigationsAlreadyExist,
}

// cycloneDXOfJustification is the reverse, for Encode: one CycloneDX word
// per justification.
var cycloneDXOfJustification = map[Justification]string{
	ComponentNotPresent:                         "code_not_present",
	VulnerableCodeNotPresent:                    "code_not_present",
	VulnerableCodeNotInExecutePath:              "code_not_reachable",
	VulnerableCodeCannotBeControlledByAdversary: "requires_environment",
	InlineMitigationsAlreadyExist:               "protected_by_mitigating_control",
}

// NormalizeJustification returns the justification a word of any of the
// three vocabularies means: an OpenVEX or CSAF label as itself, a
// CycloneDX word mapped as the Justification constants say; "" for any
// other word. Case and surrounding space are ignored.
func NormalizeJustification(word string) Justification {
	w := strings.ToLower(strings.TrimSpace(word))
	switch j := Justification(w); j {
	case ComponentNotPresent, VulnerableCodeNotPresent, VulnerableCodeNotInExecutePath,
		VulnerableCodeCannotBeControlledByAdversary, InlineMitigationsAlreadyExist:
		return j
	}
	return justificationOfCycloneDX[w]
}

// statusOfCycloneDX maps CycloneDX analysis states onto statuses.
var statusOfCycloneDX = map[string]Status{
	"resolved":               StatusFixed,
	"resolved_with_pedigree": StatusFixed,
	"exploitable":            StatusAffected,
	"in_triage":              StatusUnderInvestigation,
	"false_positive":         StatusNotAffected,
	"not_affected":           StatusNotAffected,
}

// cycloneDXOfStatus is the reverse, for Encode.
var cycloneDXOfStatus = map[Status]string{
	StatusFixed:              "resolved",
	StatusAffected:           "exploitable",
	StatusUnderInvestigation: "in_triage",
	StatusNotAffected:        "not_affected",
}
