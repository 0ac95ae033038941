package dbimage

import (
	"encoding/json"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/loadline/loadline/advisory/boltstore"
)

// FuzzParseManifest checks that parseManifest never panics, and that a
// manifest it accepts is a database artifact of this format version
// with one layer and sane annotations. Seeded with the manifest Push
// writes (see TestManifest) and variants.
func FuzzParseManifest(f *testing.F) {
	st := boltstore.Status{Built: oldBuilt, Records: 30, Feeds: []boltstore.FeedStatus{{Name: "osv"}}}
	layer := &fileLayer{digest: v1.Hash{Algorithm: "sha256", Hex: strings.Repeat("ab", 32)}, size: 1234}
	good, err := json.Marshal(manifest(st, 5678, layer))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(types.OCIManifestSchema1), good)
	f.Add(string(types.OCIManifestSchema1), []byte(strings.Replace(string(good), `"records":"30"`, `"records":"-1"`, 1)))
	f.Add(string(types.OCIManifestSchema1), []byte(strings.Replace(string(good), `"artifactType":"application/vnd.loadline.advisory-db.v1"`, `"artifactType":""`, 1)))
	f.Add(string(types.DockerManifestSchema2), good)
	f.Add(string(types.OCIManifestSchema1), []byte(`{"schemaVersion":2,"layers":[{}]}`))
	f.Fuzz(func(t *testing.T, mt string, raw []byte) {
		a, err := parseManifest(types.MediaType(mt), raw)
		if err != nil {
			return
		}
		if a.layer.Size <= 0 || a.layer.Digest.Algorithm != "sha256" || a.records < 0 || a.size <= 0 {
			t.Errorf("accepted %s as %+v", raw, a)
		}
	})
}
