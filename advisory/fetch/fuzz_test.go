package fetch

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/loadline/loadline/advisory"
)

// FuzzFingerprint: decode never panics, and whatever it accepts encodes
// back to a fingerprint that decodes to the same validators; any ETag and
// Last-Modified round-trip through encode. Seeded with the fingerprints of
// the testdata files as TestConditional fetches them.
func FuzzFingerprint(f *testing.F) {
	seeds := []validators{
		{ETag: `"nvd-1"`, SHA256: nvdSHA},
		{LastModified: "Mon, 25 Aug 2025 12:00:00 GMT", SHA256: kevSHA},
		{SHA256: epssSHA},
		{ETag: `W/"a;b=c&d%"`, LastModified: "x"},
	}
	for _, v := range seeds {
		f.Add(string(v.encode()), v.ETag, v.LastModified)
	}
	f.Add("etag=%zz", "", "")
	f.Add("sha256=ABC", "", "")
	f.Fuzz(func(t *testing.T, fp, etag, lm string) {
		if v, err := decode(advisory.Fingerprint(fp)); err == nil {
			again, err := decode(v.encode())
			if err != nil {
				t.Fatalf("decode(encode(%+v)): %v", v, err)
			}
			if diff := cmp.Diff(v, again); diff != "" {
				t.Fatalf("decode(encode(decode(%q))) (-want +got):\n%s", fp, diff)
			}
		}
		v := validators{ETag: etag, LastModified: lm}
		got, err := decode(v.encode())
		if err != nil {
			t.Fatalf("decode(encode(%+v)): %v", v, err)
		}
		if diff := cmp.Diff(v, got); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
	})
}
