package redhat

import (
	"bytes"
	"path"
	"strings"
	"testing"
	"time"
)

// FuzzListSince feeds arbitrary bytes to the changes.csv reader: it must
// never panic, and every path it returns must be a clean relative
// *.json path.
func FuzzListSince(f *testing.F) {
	f.Add([]byte("\"2024/cve-2024-24786.json\",\"2025-08-11T10:00:00+00:00\"\n\"2023/cve-2023-4154.json\",\"2025-08-01T00:00:00+00:00\"\n"))
	f.Add([]byte("\"../x.json\",\"2025-08-11T10:00:00Z\"\n"))
	since := time.Date(2025, 8, 10, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		paths, err := listSince(bytes.NewReader(data), since)
		if err != nil {
			return
		}
		for _, p := range paths {
			if p != path.Clean(p) || strings.HasPrefix(p, "../") || path.IsAbs(p) || path.Ext(p) != ".json" {
				t.Fatalf("path %q", p)
			}
		}
	})
}
