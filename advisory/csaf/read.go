package csaf

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// maxDepth bounds the nesting of branches: CSAF sets no bound, real
// trees are under ten deep, and a hostile document must not exhaust the
// stack.
const maxDepth = 64

// RecordError reports a vulnerability that could not be decoded (a field
// of the wrong type, a malformed date). Reader.Next returns it and reading
// goes on with the next vulnerability.
type RecordError struct {
	// Index is the vulnerability's index in the document's array.
	Index int
	Err   error
}

func (e *RecordError) Error() string {
	return fmt.Sprintf("csaf: vulnerabilities[%d]: %v", e.Index, e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

// Reader reads one CSAF document: NewReader reads its header and product
// tree, Next its vulnerabilities one at a time. A Reader is not safe for
// concurrent use.
type Reader struct {
	dec     *json.Decoder
	doc     *Document
	pending []json.RawMessage // vulnerabilities that came before the tree
	inArray bool              // dec is inside the vulnerabilities array
	index   int
	err     error // sticky: the error that stopped reading, or io.EOF
}

// NewReader reads r's document up to its vulnerabilities: the document
// object and the product tree, whatever their order. It returns an error
// when r does not hold a JSON object or the header or the tree is
// malformed; a document without "document" is read as one with an empty
// header. ctx is checked between products.
func NewReader(ctx context.Context, r io.Reader) (*Reader, error) {
	rd := &Reader{
		dec: json.NewDecoder(r), // it buffers what it reads
		doc: &Document{Products: map[string]*Product{}, Groups: map[string][]string{}},
	}
	if err := rd.start(ctx); err != nil {
		return nil, err
	}
	return rd, nil
}

// Document returns the document's header and product tree. It is the same
// *Document for every call.
func (r *Reader) Document() *Document { return r.doc }

// Next returns the next vulnerability, in document order, or io.EOF after
// the last. A *RecordError names a vulnerability that could not be
// decoded; the next call goes on with the one after it. Any other error
// stops reading and is returned again by every later call. Next reads at
// most one vulnerability: callers check their context between calls.
func (r *Reader) Next() (*Vulnerability, error) {
	if r.err != nil {
		return nil, r.err
	}
	var raw json.RawMessage
	switch {
	case len(r.pending) > 0:
		raw, r.pending = r.pending[0], r.pending[1:]
	case r.inArray && r.dec.More():
		if err := r.dec.Decode(&raw); err != nil {
			return nil, r.fail(fmt.Errorf("csaf: vulnerabilities[%d]: %w", r.index, err))
		}
	case r.inArray:
		r.inArray = false
		if err := r.finish(); err != nil {
			return nil, r.fail(err)
		}
		return nil, r.fail(io.EOF)
	default:
		return nil, r.fail(io.EOF)
	}
	i := r.index
	r.index++
	v, err := decodeVulnerability(raw, r.doc)
	if err != nil {
		return nil, &RecordError{Index: i, Err: err}
	}
	return v, nil
}

func (r *Reader) fail(err error) error {
	r.err = err
	return err
}

// start reads the document's keys until it stands inside the
// vulnerabilities array with the header and the tree read, or at the end
// of the document.
func (r *Reader) start(ctx context.Context) error {
	if err := expect(r.dec, '{'); err != nil {
		return fmt.Errorf("csaf: %w", err)
	}
	var haveDoc, haveTree bool
	for r.dec.More() {
		key, err := keyOf(r.dec)
		if err != nil {
			return fmt.Errorf("csaf: %w", err)
		}
		switch key {
		case "document":
			var d jsonDocument
			if err := r.dec.Decode(&d); err != nil {
				return fmt.Errorf("csaf: document: %w", err)
			}
			d.fill(r.doc)
			haveDoc = true
		case "product_tree":
			if err := readTree(ctx, r.dec, r.doc); err != nil {
				return fmt.Errorf("csaf: product_tree: %w", err)
			}
			haveTree = true
		case "vulnerabilities":
			if err := expect(r.dec, '['); err != nil {
				return fmt.Errorf("csaf: vulnerabilities: %w", err)
			}
			if haveDoc && haveTree {
				r.inArray = true
				resolve(r.doc)
				return nil
			}
			// The tree may follow: hold the vulnerabilities until then.
			for r.dec.More() {
				var raw json.RawMessage
				if err := r.dec.Decode(&raw); err != nil {
					return fmt.Errorf("csaf: vulnerabilities[%d]: %w", len(r.pending), err)
				}
				r.pending = append(r.pending, raw)
			}
			if err := expect(r.dec, ']'); err != nil {
				return fmt.Errorf("csaf: vulnerabilities: %w", err)
			}
		default:
			if err := skip(r.dec); err != nil {
				return fmt.Errorf("csaf: %s: %w", key, err)
			}
		}
	}
	if err := expect(r.dec, '}'); err != nil {
		return fmt.Errorf("csaf: %w", err)
	}
	resolve(r.doc)
	return nil
}

// finish reads the document's keys after the vulnerabilities array.
func (r *Reader) finish() error {
	if err := expect(r.dec, ']'); err != nil {
		return fmt.Errorf("csaf: vulnerabilities: %w", err)
	}
	for r.dec.More() {
		key, err := keyOf(r.dec)
		if err != nil {
			return fmt.Errorf("csaf: %w", err)
		}
		if key == "document" || key == "product_tree" || key == "vulnerabilities" {
			return fmt.Errorf("csaf: %q repeated after vulnerabilities", key)
		}
		if err := skip(r.dec); err != nil {
			return fmt.Errorf("csaf: %s: %w", key, err)
		}
	}
	if err := expect(r.dec, '}'); err != nil {
		return fmt.Errorf("csaf: %w", err)
	}
	return nil
}

// expect reads one token and fails unless it is delim.
func expect(dec *json.Decoder, delim json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != delim {
		return fmt.Errorf("got %v, want %q", tok, string(delim))
	}
	return nil
}

// keyOf reads an object key.
func keyOf(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	k, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("got %v, want an object key", tok)
	}
	return k, nil
}

// skip reads and drops one value.
func skip(dec *json.Decoder) error {
	var raw json.RawMessage
	return dec.Decode(&raw)
}

// date is a CSAF date-time; "" and null decode as the zero time.
type date time.Time

func (d *date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = date{}
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("date %q: %w", s, err)
	}
	*d = date(t.UTC())
	return nil
}

func (d date) time() time.Time { return time.Time(d) }

type jsonNote struct {
	Category string `json:"category"`
	Title    string `json:"title"`
	Text     string `json:"text"`
}

type jsonReference struct {
	Category string `json:"category"`
	Summary  string `json:"summary"`
	URL      string `json:"url"`
}

func notes(in []jsonNote) []Note {
	var out []Note
	for _, n := range in {
		out = append(out, Note(n))
	}
	return out
}

func references(in []jsonReference) []Reference {
	var out []Reference
	for _, r := range in {
		out = append(out, Reference(r))
	}
	return out
}

type jsonDocument struct {
	Category          string `json:"category"`
	CSAFVersion       string `json:"csaf_version"`
	Title             string `json:"title"`
	Lang              string `json:"lang"`
	AggregateSeverity struct {
		Text string `json:"text"`
	} `json:"aggregate_severity"`
	Publisher struct {
		Category  string `json:"category"`
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	} `json:"publisher"`
	Tracking struct {
		ID                 string `json:"id"`
		Status             string `json:"status"`
		Version            string `json:"version"`
		InitialReleaseDate date   `json:"initial_release_date"`
		CurrentReleaseDate date   `json:"current_release_date"`
		RevisionHistory    []struct {
			Number  string `json:"number"`
			Date    date   `json:"date"`
			Summary string `json:"summary"`
		} `json:"revision_history"`
	} `json:"tracking"`
	Notes      []jsonNote      `json:"notes"`
	References []jsonReference `json:"references"`
}

func (j *jsonDocument) fill(d *Document) {
	d.Category = j.Category
	d.CSAFVersion = j.CSAFVersion
	d.Title = j.Title
	d.Lang = j.Lang
	d.AggregateSeverity = j.AggregateSeverity.Text
	d.Publisher = Publisher(j.Publisher)
	t := j.Tracking
	d.Tracking = Tracking{
		ID:                 t.ID,
		Status:             t.Status,
		Version:            t.Version,
		InitialReleaseDate: t.InitialReleaseDate.time(),
		CurrentReleaseDate: t.CurrentReleaseDate.time(),
	}
	for _, r := range t.RevisionHistory {
		d.Tracking.Revisions = append(d.Tracking.Revisions, Revision{Number: r.Number, Date: r.Date.time(), Summary: r.Summary})
	}
	d.Notes = notes(j.Notes)
	d.References = references(j.References)
}

type jsonCVSS struct {
	Version      string  `json:"version"`
	VectorString string  `json:"vectorString"`
	BaseScore    float64 `json:"baseScore"`
	BaseSeverity string  `json:"baseSeverity"`
}

func (c *jsonCVSS) cvss() *CVSS {
	if c == nil {
		return nil
	}
	return &CVSS{Version: c.Version, Vector: c.VectorString, BaseScore: c.BaseScore, BaseSeverity: c.BaseSeverity}
}

type jsonCWE struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type jsonVulnerability struct {
	CVE string `json:"cve"`
	IDs []struct {
		SystemName string `json:"system_name"`
		Text       string `json:"text"`
	} `json:"ids"`
	Title         string          `json:"title"`
	CWE           *jsonCWE        `json:"cwe"`  // CSAF 2.0
	CWEs          []jsonCWE       `json:"cwes"` // CSAF 2.1
	DiscoveryDate date            `json:"discovery_date"`
	ReleaseDate   date            `json:"release_date"`
	Notes         []jsonNote      `json:"notes"`
	References    []jsonReference `json:"references"`
	Scores        []struct {
		CVSS3    *jsonCVSS `json:"cvss_v3"`
		CVSS2    *jsonCVSS `json:"cvss_v2"`
		Products []string  `json:"products"`
	} `json:"scores"`
	Threats []struct {
		Category   string   `json:"category"`
		Details    string   `json:"details"`
		Date       date     `json:"date"`
		ProductIDs []string `json:"product_ids"`
		GroupIDs   []string `json:"group_ids"`
	} `json:"threats"`
	ProductStatus struct {
		FirstAffected      []string `json:"first_affected"`
		FirstFixed         []string `json:"first_fixed"`
		Fixed              []string `json:"fixed"`
		KnownAffected      []string `json:"known_affected"`
		KnownNotAffected   []string `json:"known_not_affected"`
		LastAffected       []string `json:"last_affected"`
		Recommended        []string `json:"recommended"`
		UnderInvestigation []string `json:"under_investigation"`
	} `json:"product_status"`
	Flags []struct {
		Label      string   `json:"label"`
		Date       date     `json:"date"`
		ProductIDs []string `json:"product_ids"`
		GroupIDs   []string `json:"group_ids"`
	} `json:"flags"`
	Remediations []struct {
		Category   string   `json:"category"`
		Details    string   `json:"details"`
		URL        string   `json:"url"`
		Date       date     `json:"date"`
		ProductIDs []string `json:"product_ids"`
		GroupIDs   []string `json:"group_ids"`
	} `json:"remediations"`
}

func decodeVulnerability(raw []byte, d *Document) (*Vulnerability, error) {
	var j jsonVulnerability
	if err := json.Unmarshal(raw, &j); err != nil {
		return nil, err
	}
	v := &Vulnerability{
		CVE:           strings.TrimSpace(j.CVE),
		Title:         j.Title,
		DiscoveryDate: j.DiscoveryDate.time(),
		ReleaseDate:   j.ReleaseDate.time(),
		Notes:         notes(j.Notes),
		References:    references(j.References),
		Status:        ProductStatus(j.ProductStatus),
	}
	for _, id := range j.IDs {
		v.IDs = append(v.IDs, ID(id))
	}
	if j.CWE != nil {
		v.CWEs = append(v.CWEs, CWE(*j.CWE))
	}
	for _, c := range j.CWEs {
		v.CWEs = append(v.CWEs, CWE(c))
	}
	for _, s := range j.Scores {
		v.Scores = append(v.Scores, Score{CVSS3: s.CVSS3.cvss(), CVSS2: s.CVSS2.cvss(), Products: s.Products})
	}
	for _, t := range j.Threats {
		v.Threats = append(v.Threats, Threat{Category: t.Category, Details: t.Details, Date: t.Date.time(),
			ProductIDs: d.expand(t.ProductIDs, t.GroupIDs), GroupIDs: t.GroupIDs})
	}
	for _, f := range j.Flags {
		v.Flags = append(v.Flags, Flag{Label: f.Label, Date: f.Date.time(),
			ProductIDs: d.expand(f.ProductIDs, f.GroupIDs), GroupIDs: f.GroupIDs})
	}
	for _, r := range j.Remediations {
		v.Remediations = append(v.Remediations, Remediation{Category: r.Category, Details: r.Details, URL: r.URL, Date: r.Date.time(),
			ProductIDs: d.expand(r.ProductIDs, r.GroupIDs), GroupIDs: r.GroupIDs})
	}
	return v, nil
}

// expand returns ids followed by the members of groups not among them.
func (d *Document) expand(ids, groups []string) []string {
	if len(groups) == 0 {
		return ids
	}
	out := slices.Clone(ids)
	for _, g := range groups {
		for _, id := range d.Groups[g] {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// errDepth is returned for branches nested deeper than maxDepth.
var errDepth = errors.New("branches nested too deep")
