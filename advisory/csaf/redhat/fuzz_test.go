package redhat_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/loadline/loadline/advisory/csaf/redhat"
)

// FuzzParse feeds arbitrary bytes to Parse (JSON, tar and tar.zst alike):
// it must never panic, and every advisory it yields must have an ID.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Add(pack(f, true, []string{"2024/cve-2024-24786.json", "2024/not-a-document.txt"}))
	f.Add(pack(f, false, []string{"2024/rhsa-2024_6163.json"}))
	f.Fuzz(func(t *testing.T, data []byte) {
		for a, err := range redhat.Parse(context.Background(), bytes.NewReader(data)) {
			if err == nil && a.ID == "" {
				t.Fatalf("an advisory without an ID: %+v", a)
			}
		}
	})
}
