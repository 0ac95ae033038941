package sbomfile_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/sbom/cyclonedx"
	"github.com/loadline/loadline/sbom/sbomfile"
	"github.com/loadline/loadline/sbom/spdx"
)

// debian12 is the inventory of the repository's shipped test image.
func debian12(t testing.TB) *sbom.Inventory {
	t.Helper()
	data, err := os.ReadFile("../../testdata/debian-12.inventory.json")
	if err != nil {
		t.Fatal(err)
	}
	var inv sbom.Inventory
	if err := json.Unmarshal(data, &inv); err != nil {
		t.Fatal(err)
	}
	return &inv
}

// sortKeys rewrites a JSON document with every object's keys sorted, as
// jq -S, Python's sort_keys and Trivy's SPDX writer do.
func sortKeys(t testing.TB, doc []byte) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatal(err)
	}
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// bigDocuments are documents of several MiB whose version member comes
// after the first MiB, because their keys are sorted: the shipped
// image's packages, each as if installed again in three more layers.
func bigDocuments(t testing.TB) map[sbomfile.Kind][]byte {
	bigOnce.Do(func() { big = makeBig(t) })
	if big == nil {
		t.Fatal("the big documents could not be made")
	}
	return big
}

var (
	bigOnce sync.Once
	big     map[sbomfile.Kind][]byte
)

func makeBig(t testing.TB) map[sbomfile.Kind][]byte {
	inv := debian12(t)
	pkgs := inv.Packages
	for _, layer := range []string{"sha256:1111", "sha256:2222", "sha256:3333"} {
		for _, p := range pkgs {
			p.Layer, p.LastLayer = layer, ""
			inv.Packages = append(inv.Packages, p)
		}
	}
	inv.Sort()
	var cdx, spd bytes.Buffer
	if err := cyclonedx.Encode(&cdx, inv, cyclonedx.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := spdx.Encode(&spd, inv, spdx.Options{Created: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	return map[sbomfile.Kind][]byte{
		sbomfile.CycloneDXJSON: sortKeys(t, cdx.Bytes()),
		sbomfile.SPDXJSON:      sortKeys(t, spd.Bytes()),
	}
}

// TestVersionAfterPrefix: a document whose version member lies beyond
// the first MiB is told by its other members, and its version is found
// as the decoder reads on.
func TestVersionAfterPrefix(t *testing.T) {
	key := map[sbomfile.Kind]string{sbomfile.CycloneDXJSON: `"specVersion"`, sbomfile.SPDXJSON: `"spdxVersion"`}
	ver := map[sbomfile.Kind]string{sbomfile.CycloneDXJSON: "1.6", sbomfile.SPDXJSON: "2.3"}
	for k, doc := range bigDocuments(t) {
		t.Run(k.String(), func(t *testing.T) {
			if at := bytes.Index(doc, []byte(key[k])); at < 1<<20 {
				t.Fatalf("%s at byte %d of %d: not beyond the first MiB", key[k], at, len(doc))
			}
			inv, f, err := sbomfile.Decode(context.Background(), bytes.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(sbomfile.Format{Kind: k, Version: ver[k]}, f); diff != "" {
				t.Errorf("format (-want +got):\n%s", diff)
			}
			want, err := direct(k)(bytes.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, inv); diff != "" {
				t.Errorf("inventory (-%v decoder +sbomfile):\n%s", k, diff)
			}
		})
	}
}

// TestNothingInPrefix: JSON whose first MiB names no format is rejected
// with that said, even when a format member follows.
func TestNothingInPrefix(t *testing.T) {
	doc := `{"comment": "` + strings.Repeat("x", 1<<20) + `", "bomFormat": "CycloneDX", "specVersion": "1.6"}`
	_, _, err := sbomfile.Decode(context.Background(), strings.NewReader(doc))
	const want = "sbomfile: not an SBOM: JSON without bomFormat or spdxVersion in its first MiB"
	if err == nil || err.Error() != want || !errors.Is(err, sbomfile.ErrNotSBOM) {
		t.Errorf("error %v, want %s", err, want)
	}
}

// TestReadOnce: Decode allocates little more than the format's own
// decoder for the same document, which reads it once: the prefix is not
// a second copy of the input.
func TestReadOnce(t *testing.T) {
	doc := bigDocuments(t)[sbomfile.SPDXJSON]
	alloc := func(decode func() error) uint64 {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if err := decode(); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	own := alloc(func() error { _, err := spdx.Decode(bytes.NewReader(doc)); return err })
	ours := alloc(func() error { _, _, err := sbomfile.Decode(context.Background(), bytes.NewReader(doc)); return err })
	t.Logf("document %d bytes; spdx.Decode allocates %d bytes, sbomfile.Decode %d", len(doc), own, ours)
	if len(doc) < 4<<20 || ours > own+3<<20 {
		t.Errorf("sbomfile.Decode allocates %d bytes more than spdx.Decode for a %d-byte document", ours-own, len(doc))
	}
}

// TestCanceled: a done context stops the reading.
func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := sbomfile.Decode(ctx, strings.NewReader(`{"bomFormat": "CycloneDX", "specVersion": "1.6"}`))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}
