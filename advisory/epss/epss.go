package epss

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// DefaultURL is where FIRST's EPSS scores are published daily, gzip
// compressed (run by Empirical Security for FIRST; it redirects to the
// dated epss_scores-YYYY-MM-DD.csv.gz). The older
// https://epss.cyentia.com/epss_scores-current.csv.gz is superseded.
const DefaultURL = "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz"

// Score is one CVE's EPSS figures, each in [0, 1].
type Score struct {
	// EPSS is the probability of exploitation activity in the next 30
	// days.
	EPSS float64 `json:"epss"`
	// Percentile is the share of scored CVEs with an equal or lower EPSS.
	Percentile float64 `json:"percentile"`
}

// Scores is one day's EPSS file keyed by CVE ID. It is not modified after
// Parse returns it and is then safe for concurrent reads. The zero value
// holds no scores.
type Scores struct {
	// ModelVersion is the header's model_version ("v2023.03.01"); "" when
	// the file has no comment header.
	ModelVersion string
	// Date is the header's score_date; zero when absent.
	Date time.Time
	// ByCVE maps CVE ID to score.
	ByCVE map[string]Score
}

// Lookup returns the score of a CVE ID, and whether the file has it. A
// nil Scores has none.
func (s *Scores) Lookup(cve string) (Score, bool) {
	if s == nil {
		return Score{}, false
	}
	sc, ok := s.ByCVE[cve]
	return sc, ok
}

// Len returns the number of scored CVEs.
func (s *Scores) Len() int {
	if s == nil {
		return 0
	}
	return len(s.ByCVE)
}

// ErrDuplicate is wrapped by Parse's error when a CVE appears twice.
var ErrDuplicate = errors.New("epss: duplicate CVE")

// Parse reads an EPSS CSV file, plain or gzip-compressed (told apart by
// the gzip magic bytes): an optional comment line
// "#model_version:...,score_date:...", a header naming the columns cve,
// epss and percentile (in any order; other columns are ignored), then one
// row per CVE. It returns an error, and no scores, when the data is
// malformed, a score is not a number in [0, 1], or a CVE appears twice.
// ctx is checked every 4096 rows.
func Parse(ctx context.Context, r io.Reader) (*Scores, error) {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("epss: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	s := &Scores{ByCVE: map[string]Score{}}
	if b, _ := br.Peek(1); len(b) == 1 && b[0] == '#' {
		line, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("epss: %w", err)
		}
		if err := s.header(strings.TrimSpace(line[1:])); err != nil {
			return nil, err
		}
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("epss: header: %w", err)
	}
	col := map[string]int{"cve": -1, "epss": -1, "percentile": -1}
	for i, h := range head {
		if _, ok := col[h]; ok {
			col[h] = i
		}
	}
	for name, i := range col {
		if i < 0 {
			return nil, fmt.Errorf("epss: header has no %s column", name)
		}
	}
	for line := 1; ; line++ {
		if line%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		rec, err := cr.Read()
		if err == io.EOF {
			return s, ctx.Err()
		}
		if err != nil {
			return nil, fmt.Errorf("epss: %w", err)
		}
		cve := rec[col["cve"]]
		if cve == "" {
			return nil, fmt.Errorf("epss: row %d: no cve", line)
		}
		e, err1 := prob(rec[col["epss"]])
		p, err2 := prob(rec[col["percentile"]])
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("epss: row %d (%s): %w", line, cve, err)
		}
		if _, dup := s.ByCVE[cve]; dup {
			return nil, fmt.Errorf("epss: row %d: %w %s", line, ErrDuplicate, cve)
		}
		s.ByCVE[cve] = Score{EPSS: e, Percentile: p}
	}
}

// header reads "model_version:v2023.03.01,score_date:2024-10-25T00:00:00+0000".
func (s *Scores) header(line string) error {
	for field := range strings.SplitSeq(line, ",") {
		k, v, _ := strings.Cut(field, ":")
		switch k {
		case "model_version":
			s.ModelVersion = v
		case "score_date":
			t, err := time.Parse("2006-01-02T15:04:05-0700", v)
			if err != nil {
				if t, err = time.Parse(time.RFC3339, v); err != nil {
					return fmt.Errorf("epss: score_date %q: %w", v, err)
				}
			}
			s.Date = t.UTC()
		}
	}
	return nil
}

func prob(s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, err
	}
	if !(f >= 0 && f <= 1) {
		return 0, fmt.Errorf("%q is outside [0, 1]", s)
	}
	return f, nil
}
