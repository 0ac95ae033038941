package cve5

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/cvss"
	"github.com/loadline/loadline/version"
)

// Feed reads CVE JSON 5.x records. The zero value is ready to use and
// safe for concurrent use. It does not fetch (see ErrNotImplemented):
// read local records with Parse, or import them (advisory/update).
type Feed struct{}

var _ advisory.Feed = (*Feed)(nil)

// Name returns "cve5".
func (*Feed) Name() string { return "cve5" }

// ErrNotImplemented is returned by Fetch. The CVE List has no address
// that fits a feed: it is published as a git repository
// (CVEProject/cvelistV5) and as GitHub release archives named by date
// (a zip of a zip, a new name each day), with nothing to ask
// conditionally; and the NVD feed carries the same CVEs with the CNAs'
// metrics. Clone or download the records and import them.
var ErrNotImplemented = errors.New("cve5: fetch not implemented: import the CVE List's records from local files")

// Fetch returns ErrNotImplemented.
func (*Feed) Fetch(ctx context.Context, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	return nil, "", ErrNotImplemented
}

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
	return fmt.Sprintf("cve5: %s: %s metric %s: stated score %.1f, computed %.1f", e.CVE, e.Source, e.Vector, e.Stated, e.Score)
}

// Parse reads a stream of CVE JSON 5 records (one record, or several
// concatenated) and yields one advisory per record. A record of the
// wrong shape or without a cveId yields an error naming its index and
// parsing goes on; a vector that does not
// parse is dropped and yields an error; a stated score that differs from
// the computed one yields a *ScoreError after the advisory; JSON that is
// not well formed stops parsing with its error. See the package
// documentation for the mapping.
func (*Feed) Parse(ctx context.Context, r io.Reader) iter.Seq2[*advisory.Advisory, error] {
	return func(yield func(*advisory.Advisory, error) bool) {
		dec := json.NewDecoder(r)
		for i := 0; ; i++ {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err == io.EOF {
				if i == 0 {
					yield(nil, fmt.Errorf("cve5: no record"))
				}
				return
			} else if err != nil {
				yield(nil, fmt.Errorf("cve5: record %d: %w", i, err))
				return
			}
			var rec record
			err := json.Unmarshal(raw, &rec)
			if err == nil && rec.Meta.CVEID == "" {
				err = errors.New("no cveId")
			}
			if err != nil {
				if !yield(nil, fmt.Errorf("cve5: record %d: %w", i, err)) {
					return
				}
				continue
			}
			adv, problems := rec.advisory()
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

type metricData struct {
	VectorString string  `json:"vectorString"`
	BaseScore    float64 `json:"baseScore"`
}

type container struct {
	Provider struct {
		ShortName string `json:"shortName"`
	} `json:"providerMetadata"`
	Descriptions []struct {
		Lang  string `json:"lang"`
		Value string `json:"value"`
	} `json:"descriptions"`
	Metrics []struct {
		V2  *metricData `json:"cvssV2_0"`
		V30 *metricData `json:"cvssV3_0"`
		V31 *metricData `json:"cvssV3_1"`
		V40 *metricData `json:"cvssV4_0"`
	} `json:"metrics"`
	ProblemTypes []struct {
		Descriptions []struct {
			CWEID string `json:"cweId"`
		} `json:"descriptions"`
	} `json:"problemTypes"`
	Affected   []affectedEntry `json:"affected"`
	References []struct {
		URL  string   `json:"url"`
		Tags []string `json:"tags"`
	} `json:"references"`
	DatePublic string `json:"datePublic"`
}

type affectedEntry struct {
	Vendor        string   `json:"vendor"`
	Product       string   `json:"product"`
	PackageName   string   `json:"packageName"`
	CollectionURL string   `json:"collectionURL"`
	CPEs          []string `json:"cpes"`
	DefaultStatus string   `json:"defaultStatus"`
	Versions      []struct {
		Version         string `json:"version"`
		Status          string `json:"status"`
		VersionType     string `json:"versionType"`
		LessThan        string `json:"lessThan"`
		LessThanOrEqual string `json:"lessThanOrEqual"`
	} `json:"versions"`
}

type record struct {
	Meta struct {
		CVEID         string `json:"cveId"`
		State         string `json:"state"`
		DatePublished string `json:"datePublished"`
		DateUpdated   string `json:"dateUpdated"`
		DateRejected  string `json:"dateRejected"`
	} `json:"cveMetadata"`
	Containers struct {
		CNA container   `json:"cna"`
		ADP []container `json:"adp"`
	} `json:"containers"`
}

func cveTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

func (rec *record) advisory() (*advisory.Advisory, []error) {
	m := rec.Meta
	adv := &advisory.Advisory{
		ID:        m.CVEID,
		Published: cveTime(m.DatePublished),
		Modified:  cveTime(m.DateUpdated),
		Source:    advisory.Provenance{Feed: "cve5", Record: m.CVEID},
	}
	if m.State == "REJECTED" {
		adv.Withdrawn = cveTime(m.DateRejected)
		if adv.Withdrawn.IsZero() {
			adv.Withdrawn = adv.Modified
		}
	}
	var problems []error
	containers := append([]container{rec.Containers.CNA}, rec.Containers.ADP...)
	for ci, c := range containers {
		if adv.Details == "" {
			for _, d := range c.Descriptions {
				if d.Lang == "en" || strings.HasPrefix(d.Lang, "en-") {
					adv.Details = d.Value
					adv.Summary, _, _ = strings.Cut(d.Value, "\n")
					break
				}
			}
		}
		for _, mt := range c.Metrics {
			for _, g := range []struct {
				typ string
				d   *metricData
			}{{"CVSS_V2", mt.V2}, {"CVSS_V3", mt.V30}, {"CVSS_V3", mt.V31}, {"CVSS_V4", mt.V40}} {
				if g.d == nil {
					continue
				}
				sev, err := severity(m.CVEID, g.typ, c.Provider.ShortName, *g.d)
				if err != nil {
					problems = append(problems, err)
				}
				if sev.Vector != "" {
					adv.Severities = append(adv.Severities, sev)
				}
			}
		}
		for _, pt := range c.ProblemTypes {
			for _, d := range pt.Descriptions {
				if strings.HasPrefix(d.CWEID, "CWE-") && !slices.Contains(adv.CWEs, d.CWEID) {
					adv.CWEs = append(adv.CWEs, d.CWEID)
				}
			}
		}
		if ci == 0 { // affected: the CNA's word only
			for _, a := range c.Affected {
				if aff, ok := affected(a); ok {
					adv.Affected = append(adv.Affected, aff)
				}
			}
		}
		for _, r := range c.References {
			if r.URL != "" && !slices.ContainsFunc(adv.References, func(x advisory.Reference) bool { return x.URL == r.URL }) {
				adv.References = append(adv.References, advisory.Reference{URL: r.URL})
			}
		}
	}
	slices.Sort(adv.CWEs)
	return adv, problems
}

func severity(id, typ, source string, d metricData) (advisory.Severity, error) {
	v, err := cvss.Parse(d.VectorString)
	if err != nil {
		return advisory.Severity{}, fmt.Errorf("cve5: %s: %s metric: %w", id, source, err)
	}
	score := v.BaseScore()
	sev := advisory.Severity{Type: typ, Vector: d.VectorString, Score: score, Rating: cvss.Rating(v.Version(), score), Source: source}
	if math.Abs(score-d.BaseScore) > 0.05 {
		return sev, &ScoreError{CVE: id, Source: source, Vector: d.VectorString, Stated: d.BaseScore, Score: score}
	}
	return sev, nil
}

// ecosystems maps a collectionURL's host to a Package URL type.
var ecosystems = map[string]string{
	"pypi.org": "pypi", "pypi.python.org": "pypi",
	"registry.npmjs.org": "npm", "www.npmjs.com": "npm", "npmjs.com": "npm",
	"pkg.go.dev": "golang", "proxy.golang.org": "golang",
	"rubygems.org": "gem", "crates.io": "cargo",
	"repo.maven.apache.org": "maven", "repo1.maven.org": "maven", "central.sonatype.com": "maven",
	"www.nuget.org": "nuget", "nuget.org": "nuget", "api.nuget.org": "nuget",
	"packagist.org": "composer", "hex.pm": "hex", "pub.dev": "pub",
}

// noBound reports whether a version bound names no version.
func noBound(s string) bool {
	return s == "" || strings.Contains(s, "*") || s == "unspecified" || s == "n/a"
}

// affected turns one CNA affected entry into an Affected; ok is false
// when the entry says nothing is affected.
func affected(a affectedEntry) (advisory.Affected, bool) {
	out := advisory.Affected{Package: a.PackageName}
	if len(a.CPEs) > 0 {
		out.CPE = a.CPEs[0]
	}
	if u, err := url.Parse(a.CollectionURL); err == nil && a.CollectionURL != "" {
		out.Ecosystem = ecosystems[u.Host]
		if out.Package == "" && out.Ecosystem == "pypi" {
			if name, ok := strings.CutPrefix(strings.Trim(u.Path, "/"), "project/"); ok && name != "" && !strings.Contains(name, "/") {
				out.Package = name
			}
		}
	}
	if out.Package == "" {
		out.Package = a.Product
	}
	for _, v := range a.Versions {
		if v.Status != "affected" {
			continue
		}
		hi, lastAffected := v.LessThan, false
		if hi == "" {
			hi, lastAffected = v.LessThanOrEqual, true
		}
		if hi == "" {
			if !noBound(v.Version) && !slices.Contains(out.Versions, v.Version) {
				out.Versions = append(out.Versions, v.Version)
			}
			continue
		}
		typ := version.RangeEcosystem
		switch v.VersionType {
		case "git":
			typ = version.RangeGit
		case "semver":
			typ = version.RangeSemver
		}
		lo := v.Version
		if noBound(lo) {
			lo = "0"
		}
		evs := []version.Event{{Introduced: lo}}
		switch {
		case noBound(hi):
		case lastAffected:
			evs = append(evs, version.Event{LastAffected: hi})
		default:
			evs = append(evs, version.Event{Fixed: hi})
		}
		out.Ranges = append(out.Ranges, version.Range{Type: typ, Events: evs})
	}
	if out.Ranges == nil && out.Versions == nil {
		switch a.DefaultStatus {
		case "affected":
			return out, true // every version
		case "unknown":
			out.Status = advisory.StatusUnderInvestigation
			return out, true
		}
		return advisory.Affected{}, false
	}
	return out, true
}
