package boltstore

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// spoolMemory is how many bytes a spool keeps in memory before it moves
// to a file: an import of a few thousand advisories never touches the
// disk, and a full update holds at most this much.
var spoolMemory = 32 << 20 // a variable for tests

// spool holds the records Write receives, one after another, to be read
// back at random: in memory up to spoolMemory bytes, then in a temporary
// file in dir, unlinked once open where the system allows (else Close
// removes it). Writes and reads may interleave.
type spool struct {
	dir     string
	mem     []byte
	f       *os.File
	removed bool          // f was unlinked as soon as made (Unix), so a crash leaves nothing
	w       *bufio.Writer // buffers writes to f
	size    int64
}

// Write appends p.
func (s *spool) Write(p []byte) (int, error) {
	if s.f == nil && len(s.mem)+len(p) <= spoolMemory {
		s.mem = append(s.mem, p...)
		s.size += int64(len(p))
		return len(p), nil
	}
	if s.f == nil {
		f, err := os.CreateTemp(s.dir, ".loadline-spool*")
		if err != nil {
			return 0, fmt.Errorf("spool: %w", err)
		}
		s.f, s.w = f, bufio.NewWriterSize(f, 1<<20)
		s.removed = os.Remove(f.Name()) == nil
		if _, err := s.w.Write(s.mem); err != nil {
			return 0, fmt.Errorf("spool: %w", err)
		}
		s.mem = nil
	}
	n, err := s.w.Write(p)
	s.size += int64(n)
	if err != nil {
		return n, fmt.Errorf("spool: %w", err)
	}
	return n, nil
}

// ReadAt reads len(p) bytes at off.
func (s *spool) ReadAt(p []byte, off int64) (int, error) {
	if s.f == nil {
		if off < 0 || off > int64(len(s.mem)) {
			return 0, fmt.Errorf("spool: offset %d outside %d bytes", off, len(s.mem))
		}
		n := copy(p, s.mem[off:])
		if n < len(p) {
			return n, io.ErrUnexpectedEOF
		}
		return n, nil
	}
	if err := s.w.Flush(); err != nil {
		return 0, fmt.Errorf("spool: %w", err)
	}
	n, err := s.f.ReadAt(p, off)
	if err != nil {
		return n, fmt.Errorf("spool: %w", err)
	}
	return n, nil
}

// Close releases the spool: its memory, or its file, removed.
func (s *spool) Close() error {
	s.mem = nil
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	if !s.removed {
		err = errors.Join(err, os.Remove(s.f.Name()))
	}
	s.f, s.w = nil, nil
	return err
}
