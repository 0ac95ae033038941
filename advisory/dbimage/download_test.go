package dbimage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/klauspost/compress/zstd"
)

// TestDownloadChecks checks each of download's own checks, with layers
// that nothing else verifies (a registry client checks the digest too):
// each failure leaves the old database and no temporary file.
func TestDownloadChecks(t *testing.T) {
	src := t.TempDir()
	oldPath, newerPath := filepath.Join(src, "old.db"), filepath.Join(src, "newer.db")
	oldDB := buildDB(t, oldPath, "go-first30.zip", oldBuilt)
	newerDB := buildDB(t, newerPath, "go-vulndb-first60.zip", newerBuilt)
	newerBlob, oldBlob := blobOf(t, newerPath), blobOf(t, oldPath)
	zstdOf := func(b []byte) []byte {
		enc, err := zstd.NewWriter(nil)
		if err != nil {
			t.Fatal(err)
		}
		return enc.EncodeAll(b, nil)
	}
	garbage := zstdOf(bytes.Repeat([]byte{7}, len(newerDB)))
	// want is the artifact of the newer database, as its manifest says.
	want := func() *artifact {
		return &artifact{layer: v1.Descriptor{Digest: digestOf(newerBlob), Size: int64(len(newerBlob))},
			built: newerBuilt, records: 60, size: int64(len(newerDB)), feeds: "osv"}
	}
	for _, tt := range []struct {
		name string
		blob []byte
		edit func(a *artifact)
		says string
	}{
		{"digest", oldBlob, func(a *artifact) { a.layer.Size = int64(len(oldBlob)) }, "digest is"},
		{"size", newerBlob, func(a *artifact) { a.layer.Size-- }, "bytes, the manifest says"},
		{"blob too long", append(bytes.Clone(newerBlob), 1, 2, 3), nil, "unexpected EOF"},
		{"decompressed size", newerBlob, func(a *artifact) { a.size++ }, "bytes decompressed, the annotations say"},
		{"decompressed too long", newerBlob, func(a *artifact) { a.size-- }, "bytes decompressed, the annotations say"},
		{"build time", newerBlob, func(a *artifact) { a.built = a.built.Add(time.Nanosecond) }, "not the one the annotations describe"},
		{"records", newerBlob, func(a *artifact) { a.records = 61 }, "not the one the annotations describe"},
		{"feeds", newerBlob, func(a *artifact) { a.feeds = "kev,osv" }, "not the one the annotations describe"},
		{"not a database", garbage, func(a *artifact) { a.layer = v1.Descriptor{Digest: digestOf(garbage), Size: int64(len(garbage))} }, "not a valid advisory database"},
		{"not zstd", newerDB[:4096], func(a *artifact) { a.layer = v1.Descriptor{Digest: digestOf(newerDB[:4096]), Size: 4096} }, "magic number mismatch"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "advisories.db")
			if err := os.WriteFile(db, oldDB, 0o644); err != nil {
				t.Fatal(err)
			}
			a := want()
			if tt.edit != nil {
				tt.edit(a)
			}
			_, err := a.download(context.Background(), static.NewLayer(tt.blob, LayerMediaType), db, nil)
			if err == nil || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("download = %v, want an error saying %q", err, tt.says)
			}
			sameFile(t, db, oldDB)
			if diff := cmp.Diff([]string{"advisories.db"}, dirNames(t, dir)); diff != "" {
				t.Errorf("directory (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("all well", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "advisories.db")
		st, err := want().download(context.Background(), static.NewLayer(newerBlob, LayerMediaType), db, nil)
		if err != nil {
			got, _ := status(context.Background(), newerPath)
			t.Fatalf("%v\n%+v", err, got)
		}
		sameFile(t, db, newerDB)
		if st.Records != 60 || st.Path != db {
			t.Errorf("status %+v", st)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		dir := t.TempDir()
		db := filepath.Join(dir, "advisories.db")
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := want().download(ctx, static.NewLayer(newerBlob, LayerMediaType), db, nil); err == nil {
			t.Fatal("download succeeded")
		}
		if names := dirNames(t, dir); len(names) != 0 {
			t.Errorf("left %v", names)
		}
	})
}

func digestOf(b []byte) v1.Hash {
	sum := sha256.Sum256(b)
	return v1.Hash{Algorithm: "sha256", Hex: hex.EncodeToString(sum[:])}
}
