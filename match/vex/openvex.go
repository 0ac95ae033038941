package vex

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	govex "github.com/openvex/go-vex/pkg/vex"
)

// openVEXContext is the @context Encode writes: OpenVEX 0.2.0.
const openVEXContext = "https://openvex.dev/ns/v0.2.0"

func decodeOpenVEX(data []byte) (*Document, error) {
	var doc govex.VEX
	if err := json.Unmarshal(data, &doc); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return nil, &FieldError{Format: OpenVEX, Field: te.Field, Err: err}
		}
		return nil, fmt.Errorf("vex: openvex: %w", err)
	}
	switch doc.Context {
	case "https://openvex.dev/ns", "https://openvex.dev/ns/v0.0.1":
		return nil, fieldErrorf(OpenVEX, "@context", "%q: OpenVEX before 0.2.0 is not read: %w", doc.Context, ErrUnsupported)
	}
	out := &Document{Format: OpenVEX, ID: doc.ID, Author: doc.Author, Version: doc.Version}
	if doc.Timestamp != nil {
		out.Timestamp = doc.Timestamp.UTC()
	}
	out.Statements = make([]Statement, 0, len(doc.Statements))
	for i := range doc.Statements {
		s, err := fromOpenVEX(&doc.Statements[i], out)
		if err != nil {
			return nil, &FieldError{Format: OpenVEX, Field: fmt.Sprintf("statements[%d].%s", i, err.Field), Err: err.Err}
		}
		if s.Source.Statement == "" {
			s.Source.Statement = fmt.Sprintf("statements[%d]", i)
		}
		out.Statements = append(out.Statements, s)
	}
	return out, nil
}

// fromOpenVEX converts one statement; the error's Field is relative to
// the statement.
func fromOpenVEX(st *govex.Statement, doc *Document) (Statement, *FieldError) {
	s := Statement{
		Vulnerability: string(st.Vulnerability.Name),
		Status:        Status(st.Status),
		Impact:        st.ImpactStatement,
		Action:        st.ActionStatement,
		Notes:         st.StatusNotes,
		Source:        Source{Format: OpenVEX, Document: doc.ID, Statement: st.ID},
	}
	if s.Vulnerability == "" {
		s.Vulnerability = st.Vulnerability.ID
	}
	if s.Vulnerability == "" {
		return s, fieldErrorf(OpenVEX, "vulnerability.name", "missing")
	}
	for _, a := range st.Vulnerability.Aliases {
		if a := string(a); a != "" && a != s.Vulnerability && !slices.Contains(s.Aliases, a) {
			s.Aliases = append(s.Aliases, a)
		}
	}
	switch s.Status {
	case StatusNotAffected, StatusAffected, StatusFixed, StatusUnderInvestigation:
	default:
		return s, fieldErrorf(OpenVEX, "status", "unknown %q", st.Status)
	}
	s.Justification, s.RawJustification = justify(string(st.Justification))
	for _, p := range st.Products {
		prod := Product{Component: fromOpenVEXComponent(p.Component)}
		for _, sc := range p.Subcomponents {
			prod.Subcomponents = append(prod.Subcomponents, fromOpenVEXComponent(sc.Component))
		}
		s.Products = append(s.Products, prod)
	}
	var ts time.Time
	if st.LastUpdated != nil {
		ts = *st.LastUpdated
	} else if st.Timestamp != nil {
		ts = *st.Timestamp
	}
	s.Timestamp = firstTime(ts.UTC(), doc.Timestamp)
	return s, nil
}

// justify returns the normalised justification of a document's word, and
// the word itself when it differs.
func justify(word string) (Justification, string) {
	j := NormalizeJustification(word)
	if string(j) == word {
		return j, ""
	}
	return j, word
}

// hashAlgorithms maps OpenVEX's hash names to the digest prefixes of
// Component.Hashes.
var hashAlgorithms = map[govex.Algorithm]string{
	govex.MD5: "md5", govex.SHA1: "sha1", govex.SHA256: "sha256", govex.SHA384: "sha384",
	govex.SHA512: "sha512", govex.SHA3224: "sha3-224", govex.SHA3256: "sha3-256",
	govex.SHA3384: "sha3-384", govex.SHA3512: "sha3-512", govex.BLAKE2S256: "blake2s-256",
	govex.BLAKE2B256: "blake2b-256", govex.BLAKE2B512: "blake2b-512", govex.BLAKE3: "blake3",
}

func fromOpenVEXComponent(c govex.Component) Component {
	out := Component{ID: c.ID}
	if ref, ok := strings.CutPrefix(c.ID, refIRI); ok {
		if r, err := url.PathUnescape(ref); err == nil {
			out.ID = r
		}
	}
	if strings.HasPrefix(c.ID, "pkg:") {
		out.PURL = c.ID
	} else if p := c.Identifiers[govex.PURL]; p != "" {
		out.PURL = p
	}
	out.CPE = cmpOr(c.Identifiers[govex.CPE23], c.Identifiers[govex.CPE22])
	for alg, h := range c.Hashes {
		name, ok := hashAlgorithms[alg]
		if !ok {
			name = strings.ToLower(string(alg))
		}
		out.Hashes = append(out.Hashes, name+":"+strings.ToLower(string(h)))
	}
	slices.Sort(out.Hashes)
	if out.ID == "" {
		out.ID = cmpOr(out.PURL, out.CPE)
	}
	return out
}

func cmpOr(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// toOpenVEX converts statements to an OpenVEX document.
func toOpenVEX(stmts []Statement, meta meta) *govex.VEX {
	ts := meta.timestamp
	doc := &govex.VEX{
		Metadata: govex.Metadata{
			Context:   openVEXContext,
			ID:        meta.id,
			Author:    meta.author,
			Timestamp: &ts,
			Version:   meta.version,
			Tooling:   meta.tooling,
		},
		Statements: make([]govex.Statement, 0, len(stmts)),
	}
	for _, s := range stmts {
		st := govex.Statement{
			Vulnerability: govex.Vulnerability{Name: govex.VulnerabilityID(s.Vulnerability)},
			Status:        govex.Status(s.Status),
			StatusNotes:   s.Notes,
		}
		for _, a := range s.Aliases {
			st.Vulnerability.Aliases = append(st.Vulnerability.Aliases, govex.VulnerabilityID(a))
		}
		if !s.Timestamp.IsZero() {
			t := s.Timestamp.UTC()
			st.Timestamp = &t
		}
		switch s.Status {
		case StatusNotAffected:
			st.Justification = govex.Justification(s.Justification)
			st.ImpactStatement = s.Impact
			if st.Justification == "" && st.ImpactStatement == "" {
				st.ImpactStatement = defaultImpact
			}
		case StatusAffected:
			st.ActionStatement = cmpOr(s.Action, actionOf(s.Responses), defaultAction)
		}
		for _, p := range s.Products {
			gp := govex.Product{Component: toOpenVEXComponent(p.Component)}
			for _, sc := range p.Subcomponents {
				gp.Subcomponents = append(gp.Subcomponents, govex.Subcomponent{Component: toOpenVEXComponent(sc)})
			}
			st.Products = append(st.Products, gp)
		}
		doc.Statements = append(doc.Statements, st)
	}
	return doc
}

// Texts Encode writes where a format requires one and the statement has
// none.
const (
	defaultImpact = "Not affected (no justification given)."
	defaultAction = "No remediation is available yet."
)

// actionOf describes CycloneDX responses in words, for OpenVEX's
// action_statement.
func actionOf(responses []string) string {
	if len(responses) == 0 {
		return ""
	}
	return "Response: " + strings.Join(responses, ", ") + "."
}

// refIRI prefixes, in OpenVEX, a component ID that is not an IRI (the
// bom-ref of a CycloneDX BOM without serial number), as @id must be an
// IRI; Decode takes it off again.
const refIRI = "urn:loadline:ref:"

func toOpenVEXComponent(c Component) govex.Component {
	out := govex.Component{ID: c.ID}
	if c.ID != "" && !isIRI(c.ID) {
		out.ID = refIRI + url.PathEscape(c.ID)
	}
	if c.PURL != "" && c.PURL != c.ID {
		out.Identifiers = map[govex.IdentifierType]string{govex.PURL: c.PURL}
	}
	if c.CPE != "" && c.CPE != c.ID {
		if out.Identifiers == nil {
			out.Identifiers = map[govex.IdentifierType]string{}
		}
		t := govex.CPE23
		if strings.HasPrefix(c.CPE, "cpe:/") {
			t = govex.CPE22
		}
		out.Identifiers[t] = c.CPE
	}
	for _, h := range c.Hashes {
		alg, hex, ok := strings.Cut(h, ":")
		if !ok {
			continue
		}
		for ga, name := range hashAlgorithms {
			if name == alg {
				if out.Hashes == nil {
					out.Hashes = map[govex.Algorithm]govex.Hash{}
				}
				out.Hashes[ga] = govex.Hash(hex)
			}
		}
	}
	return out
}

// isIRI reports whether s is an absolute IRI: a scheme, a colon, more.
func isIRI(s string) bool {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || scheme == "" || rest == "" {
		return false
	}
	for i, r := range scheme {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && ('0' <= r && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	return true
}
