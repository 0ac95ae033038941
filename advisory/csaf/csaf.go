package csaf

import (
	"fmt"
	"iter"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/cvss"
)

// The document categories of CSAF 2.0's profiles.
const (
	CategoryBase             = "csaf_base"
	CategorySecurityAdvisory = "csaf_security_advisory"
	CategoryVEX              = "csaf_vex"
)

// Document is a CSAF document's header and product tree: everything but
// its vulnerabilities, which Reader.Next yields. A Document is not
// modified after NewReader returns it and is then safe for concurrent
// reads.
type Document struct {
	// Category is document.category: CategoryVEX, CategorySecurityAdvisory,
	// CategoryBase, or another profile's name.
	Category string
	// CSAFVersion is document.csaf_version ("2.0").
	CSAFVersion string
	Title       string
	Lang        string
	Publisher   Publisher
	Tracking    Tracking
	// AggregateSeverity is document.aggregate_severity.text (Red Hat's
	// "Important"), "" when absent.
	AggregateSeverity string
	Notes             []Note
	References        []Reference
	// Products maps each product ID the product tree defines to its
	// product: the products of every branch, of full_product_names and of
	// relationships. Empty, not nil, for a document without a tree.
	Products map[string]*Product
	// Groups maps each product group ID to its product IDs, in document
	// order.
	Groups map[string][]string
}

// Publisher is document.publisher.
type Publisher struct {
	Category  string // "vendor", "coordinator", "discoverer", ...
	Name      string
	Namespace string // a URL
}

// Tracking is document.tracking.
type Tracking struct {
	// ID is the document's ID: "RHSA-2024:6163", "CVE-2024-24786".
	ID string
	// Status is "draft", "interim" or "final".
	Status string
	// Version is the document's version ("3", "1.0.0").
	Version            string
	InitialReleaseDate time.Time
	CurrentReleaseDate time.Time
	// Revisions is revision_history, in document order.
	Revisions []Revision
}

// Revision is one entry of the revision history.
type Revision struct {
	Number  string
	Date    time.Time
	Summary string
}

// Note is a note of the document or of a vulnerability.
type Note struct {
	// Category is "description", "summary", "general", "details",
	// "faq", "legal_disclaimer", "other".
	Category string
	Title    string
	Text     string
}

// Reference is a link of the document or of a vulnerability.
type Reference struct {
	Category string // "self" or "external"
	Summary  string
	URL      string
}

// Branch is one step of a branch path: a category ("vendor",
// "product_family", "product_name", "product_version", "architecture",
// ...) and a name.
type Branch struct {
	Category string
	Name     string
}

// Product is one product of the product tree, flattened.
type Product struct {
	// ID is the product ID the document's statuses name.
	ID string
	// Name is the product's full name.
	Name string
	// PURL and CPE are from product_identification_helper. For a
	// relationship product that has none of its own, PURL is its
	// component's and CPE is its platform's (followed through chains of
	// relationships), so that "AppStream-9.4.0.Z.MAIN:kernel-0:5.14.0-427.el9.x86_64"
	// carries the kernel's PURL and the AppStream CPE.
	PURL string
	CPE  string
	// Path is the branch path from the tree's root to the product, nil
	// for a product not defined in a branch.
	Path []Branch
	// Relationship is the relationship category ("default_component_of",
	// "installed_on", ...) for a product a relationship defines; "" for
	// others. Component is its product_reference and Platform its
	// relates_to_product_reference.
	Relationship string
	Component    string
	Platform     string
}

// Vulnerability is one entry of a document's vulnerabilities.
type Vulnerability struct {
	// CVE is the CVE ID, "" when the vulnerability has none.
	CVE string
	// IDs are other identifiers (ids[]: system name and text).
	IDs           []ID
	Title         string
	CWEs          []CWE
	DiscoveryDate time.Time
	ReleaseDate   time.Time
	Notes         []Note
	References    []Reference
	Scores        []Score
	Threats       []Threat
	Status        ProductStatus
	Flags         []Flag
	Remediations  []Remediation
}

// ID is an identifier of a vulnerability other than its CVE.
type ID struct {
	SystemName string
	Text       string
}

// CWE is a weakness: ID "CWE-79" and its name.
type CWE struct {
	ID   string
	Name string
}

// Score is a set of CVSS scores that applies to Products.
type Score struct {
	// CVSS3 and CVSS2 are the cvss_v3 and cvss_v2 objects; nil when
	// absent.
	CVSS3 *CVSS
	CVSS2 *CVSS
	// Products are the product IDs the scores apply to.
	Products []string
}

// CVSS is one CVSS object as the document states it.
type CVSS struct {
	// Version is "2.0", "3.0" or "3.1".
	Version string
	// Vector is vectorString.
	Vector string
	// BaseScore and BaseSeverity are as the document states them;
	// BaseSeverity is "" for CVSS v2, which has none.
	BaseScore    float64
	BaseSeverity string
}

// Severity returns c as an advisory severity rated by source: the base
// score and rating computed from the vector by advisory/cvss. When the
// vector does not parse, it returns the stated score and severity and
// the *cvss.ParseError.
func (c *CVSS) Severity(source string) (advisory.Severity, error) {
	s := advisory.Severity{Type: "CVSS_V3", Vector: c.Vector, Source: source}
	if c.Version == "2.0" {
		s.Type = "CVSS_V2"
	}
	v, err := cvss.Parse(c.Vector)
	if err != nil {
		s.Score, s.Rating = c.BaseScore, c.BaseSeverity
		return s, fmt.Errorf("csaf: %w", err)
	}
	s.Score = v.BaseScore()
	s.Rating = cvss.Rating(v.Version(), s.Score)
	return s, nil
}

// Threat is a threat statement: for category "impact", Red Hat's rating
// ("Important") or, in a VEX document, the impact statement of a product
// that is not affected.
type Threat struct {
	// Category is "impact", "exploit_status" or "target_set".
	Category string
	Details  string
	Date     time.Time
	// ProductIDs are the product IDs named, followed by the members of
	// the groups in GroupIDs that are not named, without duplicates.
	ProductIDs []string
	GroupIDs   []string
}

// ProductStatus holds the product IDs of each status, in document order.
type ProductStatus struct {
	FirstAffected      []string
	FirstFixed         []string
	Fixed              []string
	KnownAffected      []string
	KnownNotAffected   []string
	LastAffected       []string
	Recommended        []string
	UnderInvestigation []string
}

// The status names, as CSAF writes them.
const (
	StatusFirstAffected      = "first_affected"
	StatusFirstFixed         = "first_fixed"
	StatusFixed              = "fixed"
	StatusKnownAffected      = "known_affected"
	StatusKnownNotAffected   = "known_not_affected"
	StatusLastAffected       = "last_affected"
	StatusRecommended        = "recommended"
	StatusUnderInvestigation = "under_investigation"
)

// All yields each status name with its product IDs, in the order of the
// constants above, skipping empty lists.
func (s *ProductStatus) All() iter.Seq2[string, []string] {
	return func(yield func(string, []string) bool) {
		for _, l := range []struct {
			name string
			ids  []string
		}{
			{StatusFirstAffected, s.FirstAffected},
			{StatusFirstFixed, s.FirstFixed},
			{StatusFixed, s.Fixed},
			{StatusKnownAffected, s.KnownAffected},
			{StatusKnownNotAffected, s.KnownNotAffected},
			{StatusLastAffected, s.LastAffected},
			{StatusRecommended, s.Recommended},
			{StatusUnderInvestigation, s.UnderInvestigation},
		} {
			if len(l.ids) > 0 && !yield(l.name, l.ids) {
				return
			}
		}
	}
}

// Flag is a machine-readable reason why products are not affected.
type Flag struct {
	// Label is the justification: "component_not_present",
	// "vulnerable_code_not_present", "vulnerable_code_cannot_be_controlled_by_adversary",
	// "vulnerable_code_not_in_execute_path",
	// "inline_mitigations_already_exist".
	Label string
	Date  time.Time
	// ProductIDs and GroupIDs are as Threat's.
	ProductIDs []string
	GroupIDs   []string
}

// Remediation is a remedy for products.
type Remediation struct {
	// Category is "vendor_fix", "mitigation", "workaround",
	// "none_available" or "no_fix_planned".
	Category string
	Details  string
	URL      string
	Date     time.Time
	// ProductIDs and GroupIDs are as Threat's.
	ProductIDs []string
	GroupIDs   []string
}

// Statement is what one vulnerability says of one product: the view a
// VEX reader wants.
type Statement struct {
	ProductID string
	// Status is the product status list naming the product: StatusFixed,
	// StatusKnownAffected, StatusKnownNotAffected, ...
	Status string
	// Justification is the label of the first flag naming the product
	// ("vulnerable_code_not_present"), "" when none does.
	Justification string
	// Impact is the details of the first threat of category "impact"
	// naming the product: Red Hat's rating ("Important"), or a VEX
	// document's impact statement for a product not affected; "" when
	// none does.
	Impact string
	// Remediations are those naming the product, in document order; they
	// point into the Vulnerability's Remediations.
	Remediations []*Remediation
}

// Statements returns a statement per product of each status list, in
// ProductStatus.All's order, then the list's order. A product named in
// two lists has a statement for each. Flags, threats and remediations are
// matched by product ID, group members included.
func (v *Vulnerability) Statements() []Statement {
	flags := map[string]string{}
	for _, f := range v.Flags {
		for _, id := range f.ProductIDs {
			if _, ok := flags[id]; !ok {
				flags[id] = f.Label
			}
		}
	}
	impacts := map[string]string{}
	for _, t := range v.Threats {
		if t.Category != "impact" {
			continue
		}
		for _, id := range t.ProductIDs {
			if _, ok := impacts[id]; !ok {
				impacts[id] = t.Details
			}
		}
	}
	remedies := map[string][]*Remediation{}
	for i := range v.Remediations {
		r := &v.Remediations[i]
		for _, id := range r.ProductIDs {
			if l := remedies[id]; len(l) == 0 || l[len(l)-1] != r {
				remedies[id] = append(l, r)
			}
		}
	}
	var out []Statement
	for status, ids := range v.Status.All() {
		for _, id := range ids {
			out = append(out, Statement{ProductID: id, Status: status, Justification: flags[id], Impact: impacts[id], Remediations: remedies[id]})
		}
	}
	return out
}
