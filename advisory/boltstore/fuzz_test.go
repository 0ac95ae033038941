package boltstore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/boltstore"
)

// FuzzOpen opens files of arbitrary bytes, seeded with a real database
// (of realRecords) whole and truncated: Open and the read methods return
// errors, never panic.
func FuzzOpen(f *testing.F) {
	path := filepath.Join(f.TempDir(), "seed.db")
	if _, err := boltstore.Write(context.Background(), path, seq(realRecords(), nil), nil); err != nil {
		f.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add(data[:8192])
	f.Add([]byte("not a database"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "fuzz.db")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		s, err := boltstore.Open(ctx, p, nil)
		if err != nil {
			return
		}
		defer s.Close()
		s.Lookup(ctx, advisory.Query{Ecosystem: "golang", Package: "github.com/gin-gonic/gin"})
		s.ByID(ctx, "GO-2020-0001")
		s.Status(ctx)
	})
}
