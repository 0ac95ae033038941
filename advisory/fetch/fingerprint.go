package fetch

import (
	"encoding/hex"
	"fmt"
	"net/url"

	"github.com/loadline/loadline/advisory"
)

// validators are what a fingerprint records of one response: its ETag and
// Last-Modified headers (verbatim, "" when absent) and the SHA-256 of its
// body in lower-case hex.
type validators struct {
	ETag         string
	LastModified string
	SHA256       string
}

// encode returns the fingerprint of v: a URL query ("etag=...&lm=...&
// sha256=..."), keys sorted and empty fields left out, so that any header
// value round-trips through decode.
func (v validators) encode() advisory.Fingerprint {
	q := url.Values{}
	if v.ETag != "" {
		q.Set("etag", v.ETag)
	}
	if v.LastModified != "" {
		q.Set("lm", v.LastModified)
	}
	if v.SHA256 != "" {
		q.Set("sha256", v.SHA256)
	}
	return advisory.Fingerprint(q.Encode())
}

// decode parses a fingerprint made by encode. "" decodes to no validators.
// An unknown key, a repeated key or a digest that is not 64 lower-case hex
// digits is an error.
func decode(fp advisory.Fingerprint) (validators, error) {
	var v validators
	if fp == "" {
		return v, nil
	}
	q, err := url.ParseQuery(string(fp))
	if err != nil {
		return validators{}, fmt.Errorf("fetch: fingerprint %q: %w", fp, err)
	}
	for k, vs := range q {
		if len(vs) != 1 || vs[0] == "" {
			return validators{}, fmt.Errorf("fetch: fingerprint %q: key %q must appear once, not empty", fp, k)
		}
		switch k {
		case "etag":
			v.ETag = vs[0]
		case "lm":
			v.LastModified = vs[0]
		case "sha256":
			if b, err := hex.DecodeString(vs[0]); err != nil || len(b) != 32 || hex.EncodeToString(b) != vs[0] {
				return validators{}, fmt.Errorf("fetch: fingerprint %q: sha256 is not 64 lower-case hex digits", fp)
			}
			v.SHA256 = vs[0]
		default:
			return validators{}, fmt.Errorf("fetch: fingerprint %q: unknown key %q", fp, k)
		}
	}
	return v, nil
}
