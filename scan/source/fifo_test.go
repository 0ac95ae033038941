//go:build unix

package source

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOpenFIFO offers a FIFO as an archive and as a layout's index.json:
// opening either for reading would block, so Open must refuse it first.
func TestOpenFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	lay := filepath.Join(dir, "layout")
	if err := os.Mkdir(lay, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(lay, "oci-layout"), []byte(`{"imageLayoutVersion":"1.0.0"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(lay, "index.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ target, want string }{
		{fifo, "source: " + fifo + ": not a regular file"},
		{"docker-archive:" + fifo, "source: " + fifo + ": not a regular file"},
		{"oci-archive:" + fifo, "source: " + fifo + ": not a regular file"},
		{lay, "source: " + lay + ": oci-layout: index.json: not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			_, err := Open(context.Background(), tt.target, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open(%q) = %v, want an error containing %q", tt.target, err, tt.want)
			}
		})
	}
}
