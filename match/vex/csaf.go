package vex

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/loadline/loadline/advisory/csaf"
	"github.com/loadline/loadline/sbom"
)

// statusOfCSAF maps CSAF product status names onto statuses.
var statusOfCSAF = map[string]Status{
	csaf.StatusKnownNotAffected:   StatusNotAffected,
	csaf.StatusKnownAffected:      StatusAffected,
	csaf.StatusFirstAffected:      StatusAffected,
	csaf.StatusLastAffected:       StatusAffected,
	csaf.StatusFixed:              StatusFixed,
	csaf.StatusFirstFixed:         StatusFixed,
	csaf.StatusRecommended:        StatusFixed,
	csaf.StatusUnderInvestigation: StatusUnderInvestigation,
}

// responseOfCSAF maps CSAF remediation categories onto CycloneDX
// responses.
var responseOfCSAF = map[string]string{
	"vendor_fix":     "update",
	"workaround":     "workaround_available",
	"mitigation":     "workaround_available",
	"none_available": "can_not_fix",
	"no_fix_planned": "will_not_fix",
}

// decodeCSAF reads a CSAF document through advisory/csaf: each
// vulnerability's product statuses become statements, one per status and
// product, then those of one vulnerability that say the same (status,
// justification, impact, remediation) are joined into one statement with
// several products. A product is its product ID, with the PURL and CPE
// of its product_identification_helper (a relationship product's
// component's PURL and platform's CPE). The justification is the flag
// that names the product, the impact the impact threat that names a not
// affected product (unless it is a severity word, as Red Hat writes
// there), the action the remediations that name it (details, then URL),
// and their categories the responses (vendor_fix is update, workaround
// and mitigation workaround_available, none_available can_not_fix,
// no_fix_planned will_not_fix). The statements' time is the document's
// current_release_date.
func decodeCSAF(data []byte) (*Document, error) {
	rd, err := csaf.NewReader(context.Background(), bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("vex: %w", err)
	}
	cd := rd.Document()
	doc := &Document{Format: CSAF, ID: cd.Tracking.ID, Author: cd.Publisher.Name, Timestamp: cd.Tracking.CurrentReleaseDate.UTC()}
	if doc.Timestamp.IsZero() {
		doc.Timestamp = cd.Tracking.InitialReleaseDate.UTC()
	}
	doc.Version, _ = strconv.Atoi(cd.Tracking.Version)
	for i := 0; ; i++ {
		v, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("vex: %w", err)
		}
		stmts, ferr := fromCSAF(v, cd, doc, i)
		if ferr != nil {
			return nil, ferr
		}
		doc.Statements = append(doc.Statements, stmts...)
	}
	return doc, nil
}

func fromCSAF(v *csaf.Vulnerability, cd *csaf.Document, doc *Document, i int) ([]Statement, error) {
	field := fmt.Sprintf("vulnerabilities[%d]", i)
	id, aliases := v.CVE, []string(nil)
	for _, x := range v.IDs {
		if t := strings.TrimSpace(x.Text); t != "" {
			if id == "" {
				id = t
			} else if t != id && !slices.Contains(aliases, t) {
				aliases = append(aliases, t)
			}
		}
	}
	if id == "" {
		return nil, fieldErrorf(CSAF, field+".cve", "missing, and no ids")
	}
	var out []Statement
	for name, pids := range v.Status.All() {
		status := statusOfCSAF[name]
		for _, pid := range pids {
			s := Statement{
				Vulnerability: id,
				Aliases:       slices.Clone(aliases),
				Status:        status,
				RawStatus:     name,
				Timestamp:     doc.Timestamp,
				Source:        Source{Format: CSAF, Document: doc.ID, Statement: field + ".product_status." + name},
			}
			if string(status) == name {
				s.RawStatus = ""
			}
			if status == StatusNotAffected {
				for _, f := range v.Flags {
					if slices.Contains(f.ProductIDs, pid) {
						s.Justification, s.RawJustification = justify(f.Label)
						break
					}
				}
				for _, t := range v.Threats {
					if t.Category == "impact" && slices.Contains(t.ProductIDs, pid) && !severityWords[t.Details] {
						s.Impact = t.Details
						break
					}
				}
			}
			var actions []string
			for _, r := range v.Remediations {
				if !slices.Contains(r.ProductIDs, pid) {
					continue
				}
				if a := joinNonEmpty(" ", r.Details, r.URL); a != "" && !slices.Contains(actions, a) {
					actions = append(actions, a)
				}
				if resp, ok := responseOfCSAF[r.Category]; ok && !slices.Contains(s.Responses, resp) {
					s.Responses = append(s.Responses, resp)
				}
			}
			s.Action = strings.Join(actions, "\n")
			prod := productOfCSAF(pid, cd)
			if j := slices.IndexFunc(out, func(o Statement) bool { return sameSaying(o, s) }); j >= 0 {
				out[j].Products = append(out[j].Products, prod)
				continue
			}
			s.Products = []Product{prod}
			out = append(out, s)
		}
	}
	return out, nil
}

// productOfCSAF returns the product a product ID names. A relationship
// product whose component has a PURL without version ("curl as a
// component of Red Hat Enterprise Linux 8", pkg:rpm/redhat/curl) is
// scoped to its platform: the product is the platform (its ID and CPE)
// and the component its subcomponent, so that a statement about every
// version of curl in RHEL 8 does not cover curl in RHEL 9 (see
// Index.Lookup: the finding's products must name the platform, by ID or
// by a CPE the platform's covers). Other products are flat: the product
// ID with its PURL and CPE.
func productOfCSAF(pid string, cd *csaf.Document) Product {
	p := cd.Products[pid]
	if p == nil {
		return Product{Component: Component{ID: pid}}
	}
	if p.Relationship != "" && p.Platform != "" && p.PURL != "" {
		if pp, err := sbom.ParsePackageURL(p.PURL); err == nil && pp.Version == "" {
			return Product{
				Component:     Component{ID: p.Platform, CPE: p.CPE},
				Subcomponents: []Component{{ID: pid, PURL: p.PURL}},
			}
		}
	}
	return Product{Component: Component{ID: pid, PURL: p.PURL, CPE: p.CPE}}
}

// severityWords are the impact threat details that rate a vulnerability
// (Red Hat writes its severity there, for every product) rather than say
// why a product is not affected.
var severityWords = map[string]bool{"Low": true, "Moderate": true, "Important": true, "Critical": true}

// sameSaying reports whether two statements of one vulnerability say the
// same of their products.
func sameSaying(a, b Statement) bool {
	return a.Status == b.Status && a.RawStatus == b.RawStatus && a.Justification == b.Justification &&
		a.RawJustification == b.RawJustification && a.Impact == b.Impact && a.Action == b.Action &&
		slices.Equal(a.Responses, b.Responses)
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
