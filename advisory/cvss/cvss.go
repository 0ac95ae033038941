package cvss

import (
	"errors"
	"fmt"
	"strings"

	gocvss20 "github.com/pandatix/go-cvss/20"
	gocvss30 "github.com/pandatix/go-cvss/30"
	gocvss31 "github.com/pandatix/go-cvss/31"
)

// Version is a CVSS version.
type Version string

// The versions Parse reads.
const (
	V2  Version = "2.0"
	V30 Version = "3.0"
	V31 Version = "3.1"
	V40 Version = "4.0"
)

// ParseError reports a vector that is not valid CVSS.
type ParseError struct {
	Vector string
	Err    error
}

func (e *ParseError) Error() string { return fmt.Sprintf("cvss: %q: %v", e.Vector, e.Err) }
func (e *ParseError) Unwrap() error { return e.Err }

// Vector is a parsed CVSS vector. It is immutable and safe for concurrent
// use.
type Vector struct {
	version Version
	raw     string
	v2      *gocvss20.CVSS20
	v30     *gocvss30.CVSS30
	v31     *gocvss31.CVSS31
	v4      map[string]string
}

// Parse parses a CVSS vector of any version: "CVSS:4.0/...",
// "CVSS:3.1/...", "CVSS:3.0/...", and CVSS v2 with or without the
// "CVSS:2.0/" prefix some sources add ("AV:N/AC:L/Au:N/C:P/I:P/A:P", as
// NVD writes it). Metrics must be in the specification's order, each at
// most once, every base metric present; v2 temporal and environmental
// metrics come in whole groups. A malformed vector is a *ParseError
// naming what was wrong.
func Parse(s string) (*Vector, error) {
	v := &Vector{raw: s}
	var err error
	switch {
	case strings.HasPrefix(s, "CVSS:4.0/"):
		v.version = V40
		v.v4, err = parseV4(s)
	case strings.HasPrefix(s, "CVSS:3.1/"):
		v.version = V31
		v.v31, err = gocvss31.ParseVector(s)
	case strings.HasPrefix(s, "CVSS:3.0/"):
		v.version = V30
		v.v30, err = gocvss30.ParseVector(s)
	case strings.HasPrefix(s, "CVSS:"):
		if rest, ok := strings.CutPrefix(s, "CVSS:2.0/"); ok {
			v.version = V2
			v.v2, err = gocvss20.ParseVector(rest)
			break
		}
		return nil, &ParseError{Vector: s, Err: errors.New("unknown CVSS version")}
	default:
		v.version = V2
		v.v2, err = gocvss20.ParseVector(s)
	}
	if err != nil {
		return nil, &ParseError{Vector: s, Err: err}
	}
	return v, nil
}

// Version returns the vector's CVSS version.
func (v *Vector) Version() Version { return v.version }

// String returns the vector as it was parsed.
func (v *Vector) String() string { return v.raw }

// BaseScore returns the base score: of the base metrics alone, for CVSS
// 4.0 too (CVSS-B).
func (v *Vector) BaseScore() float64 {
	switch v.version {
	case V40:
		base := make(map[string]string, 11)
		for _, m := range v4Metrics {
			if m.base {
				base[m.name] = v.v4[m.name]
			}
		}
		return scoreV4(base)
	case V31:
		return v.v31.BaseScore()
	case V30:
		return v.v30.BaseScore()
	}
	return v.v2.BaseScore() + 0 // -0 to 0
}

// Score returns the score over every metric the vector gives: for CVSS
// 4.0 the one score the specification defines (CVSS-B, -BT, -BE or
// -BTE); for v2 and v3 the environmental score when the vector sets an
// environmental metric, else the temporal score when it sets a temporal
// one, else the base score.
func (v *Vector) Score() float64 {
	switch v.version {
	case V40:
		return scoreV4(v.v4)
	case V31:
		switch {
		case hasAny(v.raw, "CR", "IR", "AR", "MAV", "MAC", "MPR", "MUI", "MS", "MC", "MI", "MA"):
			return v.v31.EnvironmentalScore()
		case hasAny(v.raw, "E", "RL", "RC"):
			return v.v31.TemporalScore()
		}
		return v.v31.BaseScore()
	case V30:
		switch {
		case hasAny(v.raw, "CR", "IR", "AR", "MAV", "MAC", "MPR", "MUI", "MS", "MC", "MI", "MA"):
			return v.v30.EnvironmentalScore()
		case hasAny(v.raw, "E", "RL", "RC"):
			return v.v30.TemporalScore()
		}
		return v.v30.BaseScore()
	}
	switch {
	case hasAny(v.raw, "CDP", "TD", "CR", "IR", "AR"):
		return v.v2.EnvironmentalScore() + 0
	case hasAny(v.raw, "E", "RL", "RC"):
		return v.v2.TemporalScore() + 0
	}
	return v.v2.BaseScore() + 0
}

// hasAny reports whether the vector sets one of the metrics to a defined
// value (not X, not ND).
func hasAny(vector string, metrics ...string) bool {
	for part := range strings.SplitSeq(vector, "/") {
		k, val, _ := strings.Cut(part, ":")
		if val == "X" || val == "ND" {
			continue
		}
		for _, m := range metrics {
			if k == m {
				return true
			}
		}
	}
	return false
}

// Rating returns the qualitative rating of a score of version ver: for
// v3 and v4 the specification's NONE (0.0), LOW (0.1-3.9), MEDIUM
// (4.0-6.9), HIGH (7.0-8.9) and CRITICAL (9.0-10.0); for v2, which
// defines none, NVD's LOW (0.0-3.9), MEDIUM (4.0-6.9) and HIGH
// (7.0-10.0).
func Rating(ver Version, score float64) string {
	if ver == V2 {
		switch {
		case score >= 7:
			return "HIGH"
		case score >= 4:
			return "MEDIUM"
		}
		return "LOW"
	}
	switch {
	case score >= 9:
		return "CRITICAL"
	case score >= 7:
		return "HIGH"
	case score >= 4:
		return "MEDIUM"
	case score > 0:
		return "LOW"
	}
	return "NONE"
}
