package boltstore_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

// TestKnownHang opens the file FuzzOpen found that makes Open hang: a
// corrupt branch page of the coverage bucket that leads back into itself,
// so that bbolt's cursor (Cursor.First, goToFirstElementOnTheStack)
// descends forever; bbolt guards against neither cycles nor unbounded
// depth, and the loop cannot be interrupted from outside. It is kept out
// of the seed corpus (go test would hang) and runs only with
// LOADLINE_KNOWN_HANG=1, to reproduce the defect while fixing it (a
// bounded check of the branch pages Open and the lookups descend).
func TestKnownHang(t *testing.T) {
	if os.Getenv("LOADLINE_KNOWN_HANG") != "1" {
		t.Skip("hangs until fixed; LOADLINE_KNOWN_HANG=1 runs it")
	}
	b, err := os.ReadFile("testdata/known-hang/FuzzOpen-add6a40e79ae1467")
	if err != nil {
		t.Fatal(err)
	}
	// The corpus file's form: "go test fuzz v1", then []byte("...").
	lines := strings.SplitN(string(b), "\n", 3)
	if len(lines) < 2 {
		t.Fatal("not a fuzz corpus file")
	}
	data, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(lines[1]), "[]byte("), ")"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "fuzz.db")
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := boltstore.Open(context.Background(), p, nil); err == nil {
		s.Close()
	}
}
