package nvd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/cvss"
	"github.com/loadline/loadline/version"
)

// DefaultURL is the NVD CVE API 2.0 endpoint.
const DefaultURL = "https://services.nvd.nist.gov/rest/json/cves/2.0"

// Feed is the NVD CVE API 2.0: Fetch pages through every CVE, Parse
// reads API responses. The zero value is ready to use (the public
// endpoint, no API key) and safe for concurrent use.
type Feed struct {
	// URL is the API endpoint; "" means DefaultURL.
	URL string
	// APIKey is an NVD API key, sent in the apiKey header; "" means
	// none, and the public rate limit. Feed never reads the environment:
	// the caller passes the key (from NVD_API_KEY, say).
	APIKey string
	// Interval is the least time between two requests; 0 means 6 s
	// without an API key and 600 ms with one, as NVD asks (5 requests in
	// a rolling 30 s window without a key, 50 with one).
	Interval time.Duration
	// PageSize is the resultsPerPage of each request; 0 means 2000, the
	// API's maximum.
	PageSize int
}

var _ advisory.Feed = (*Feed)(nil)

// Name returns "nvd".
func (*Feed) Name() string { return "nvd" }

// ScoreError reports a CVSS metric whose stated base score differs from
// the score computed from its vector. The advisory keeps the computed
// score; the error is yielded after it.
type ScoreError struct {
	CVE    string
	Source string
	Vector string
	Stated float64
	Score  float64
}

func (e *ScoreError) Error() string {
	return fmt.Sprintf("nvd: %s: %s metric %s: stated score %.1f, computed %.1f", e.CVE, e.Source, e.Vector, e.Stated, e.Score)
}

// Parse reads one NVD CVE API 2.0 response (a single CVE or a page of
// many: {"vulnerabilities":[{"cve":{...}}]}) and yields one advisory per
// CVE, in the response's order. A record of the wrong shape or without
// an ID yields an error naming its index and parsing goes on; JSON that
// is not well formed stops parsing with its error; a vector that
// does not parse is dropped from Severities and yields an error; a
// stated score that differs from the computed one yields a *ScoreError
// after the advisory. A malformed response yields its error last. See
// the package documentation for how configurations become Affected.
func (*Feed) Parse(ctx context.Context, r io.Reader) iter.Seq2[*advisory.Advisory, error] {
	return func(yield func(*advisory.Advisory, error) bool) {
		dec := json.NewDecoder(r)
		if err := openArray(dec); err != nil {
			yield(nil, err)
			return
		}
		for i := 0; dec.More(); i++ {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				yield(nil, fmt.Errorf("nvd: vulnerability %d: %w", i, err))
				return
			}
			var item struct {
				CVE *cveItem `json:"cve"`
			}
			err := json.Unmarshal(raw, &item)
			if err == nil && (item.CVE == nil || item.CVE.ID == "") {
				err = errors.New("no cve id")
			}
			if err != nil {
				if !yield(nil, fmt.Errorf("nvd: vulnerability %d: %w", i, err)) {
					return
				}
				continue
			}
			adv, problems := item.CVE.advisory()
			if !yield(adv, nil) {
				return
			}
			for _, p := range problems {
				if !yield(nil, p) {
					return
				}
			}
		}
	}
}

// openArray reads tokens up to the first element of the top-level
// "vulnerabilities" array, skipping every other key.
func openArray(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("nvd: %w", err)
	}
	if tok != json.Delim('{') {
		return fmt.Errorf("nvd: response is not a JSON object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("nvd: %w", err)
		}
		if tok == "vulnerabilities" {
			tok, err := dec.Token()
			if err != nil {
				return fmt.Errorf("nvd: %w", err)
			}
			if tok != json.Delim('[') {
				return fmt.Errorf("nvd: vulnerabilities is not an array")
			}
			return nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return fmt.Errorf("nvd: %w", err)
		}
	}
	return fmt.Errorf("nvd: response has no vulnerabilities")
}

type langString struct {
	Lang  string `json:"lang"`
	Value string `json:"value"`
}

type cvssData struct {
	Version      string  `json:"version"`
	VectorString string  `json:"vectorString"`
	BaseScore    float64 `json:"baseScore"`
}

type metric struct {
	Source   string   `json:"source"`
	Type     string   `json:"type"`
	CVSSData cvssData `json:"cvssData"`
}

type cpeMatch struct {
	Vulnerable            bool   `json:"vulnerable"`
	Criteria              string `json:"criteria"`
	VersionStartIncluding string `json:"versionStartIncluding"`
	VersionStartExcluding string `json:"versionStartExcluding"`
	VersionEndIncluding   string `json:"versionEndIncluding"`
	VersionEndExcluding   string `json:"versionEndExcluding"`
}

type cveItem struct {
	ID           string       `json:"id"`
	Published    string       `json:"published"`
	LastModified string       `json:"lastModified"`
	VulnStatus   string       `json:"vulnStatus"`
	Descriptions []langString `json:"descriptions"`
	Metrics      struct {
		V2  []metric `json:"cvssMetricV2"`
		V30 []metric `json:"cvssMetricV30"`
		V31 []metric `json:"cvssMetricV31"`
		V40 []metric `json:"cvssMetricV40"`
	} `json:"metrics"`
	Weaknesses []struct {
		Description []langString `json:"description"`
	} `json:"weaknesses"`
	Configurations []struct {
		Nodes []struct {
			Negate   bool       `json:"negate"`
			CPEMatch []cpeMatch `json:"cpeMatch"`
		} `json:"nodes"`
	} `json:"configurations"`
	References []struct {
		URL string `json:"url"`
	} `json:"references"`
}

// nvdTime parses NVD's timestamps, which carry no zone and are UTC.
func nvdTime(s string) time.Time {
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

func (c *cveItem) advisory() (*advisory.Advisory, []error) {
	var problems []error
	adv := &advisory.Advisory{
		ID:        c.ID,
		Published: nvdTime(c.Published),
		Modified:  nvdTime(c.LastModified),
		Source:    advisory.Provenance{Feed: "nvd", Record: c.ID},
	}
	if c.VulnStatus == "Rejected" {
		adv.Withdrawn = adv.Modified
	}
	for _, d := range c.Descriptions {
		if d.Lang == "en" || strings.HasPrefix(d.Lang, "en-") {
			adv.Details = d.Value
			adv.Summary, _, _ = strings.Cut(d.Value, "\n")
			break
		}
	}
	for _, group := range []struct {
		typ string
		ms  []metric
	}{{"CVSS_V2", c.Metrics.V2}, {"CVSS_V3", c.Metrics.V30}, {"CVSS_V3", c.Metrics.V31}, {"CVSS_V4", c.Metrics.V40}} {
		for _, m := range group.ms {
			sev, err := severity(c.ID, group.typ, m)
			if err != nil {
				problems = append(problems, err)
			}
			if sev.Vector != "" {
				adv.Severities = append(adv.Severities, sev)
			}
		}
	}
	for _, w := range c.Weaknesses {
		for _, d := range w.Description {
			if strings.HasPrefix(d.Value, "CWE-") && !slices.Contains(adv.CWEs, d.Value) {
				adv.CWEs = append(adv.CWEs, d.Value)
			}
		}
	}
	slices.Sort(adv.CWEs)
	for _, conf := range c.Configurations {
		for _, n := range conf.Nodes {
			if n.Negate {
				continue
			}
			for _, m := range n.CPEMatch {
				if m.Vulnerable && m.Criteria != "" {
					adv.Affected = append(adv.Affected, affected(m))
				}
			}
		}
	}
	for _, r := range c.References {
		adv.References = append(adv.References, advisory.Reference{URL: r.URL})
	}
	return adv, problems
}

// severity scores one metric from its vector. Version 2 vectors are
// written bare by NVD and kept so; the score is computed, and a stated
// score that differs yields a *ScoreError.
func severity(id, typ string, m metric) (advisory.Severity, error) {
	vec := m.CVSSData.VectorString
	v, err := cvss.Parse(vec)
	if err != nil {
		return advisory.Severity{}, fmt.Errorf("nvd: %s: %s metric: %w", id, m.Source, err)
	}
	score := v.BaseScore()
	sev := advisory.Severity{Type: typ, Vector: vec, Score: score, Rating: cvss.Rating(v.Version(), score), Source: m.Source}
	if math.Abs(score-m.CVSSData.BaseScore) > 0.05 {
		return sev, &ScoreError{CVE: id, Source: m.Source, Vector: vec, Stated: m.CVSSData.BaseScore, Score: score}
	}
	return sev, nil
}

// affected turns one vulnerable CPE match into an entry known by CPE.
func affected(m cpeMatch) advisory.Affected {
	a := advisory.Affected{CPE: m.Criteria}
	a.Package = advisory.EntryName(&a)
	var evs []version.Event
	switch {
	case m.VersionStartIncluding != "":
		evs = append(evs, version.Event{Introduced: m.VersionStartIncluding})
	case m.VersionStartExcluding != "":
		// OSV has no exclusive lower bound: the bound itself is taken in
		// (over-matching one version rather than missing any).
		evs = append(evs, version.Event{Introduced: m.VersionStartExcluding})
	case m.VersionEndIncluding != "" || m.VersionEndExcluding != "":
		evs = append(evs, version.Event{Introduced: "0"})
	}
	switch {
	case m.VersionEndExcluding != "":
		evs = append(evs, version.Event{Fixed: m.VersionEndExcluding})
	case m.VersionEndIncluding != "":
		evs = append(evs, version.Event{LastAffected: m.VersionEndIncluding})
	}
	if evs != nil {
		a.Ranges = []version.Range{{Type: version.RangeEcosystem, Events: evs}}
	}
	return a
}
