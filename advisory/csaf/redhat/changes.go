package redhat

import (
	"archive/tar"
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
)

// The members of the bundle Fetch makes with Changes: the documents
// changed since the archive, the paths deleted since, then the archive.
// Red Hat's own members are "<year>/<name>.json", so these never clash.
const (
	bundleChanges   = ".loadline/changes/"
	bundleDeletions = ".loadline/deletions.txt"
	bundleArchive   = ".loadline/archive.tar.zst"
)

// archiveDate finds the date in an archive's name (csaf_vex_2025-08-10.tar.zst).
var archiveDate = regexp.MustCompile(`(\d{4}-\d{2}-\d{2})\.tar`)

// fetchChanges is Fetch with Changes set: see Feed.Changes.
func (f *Feed) fetchChanges(ctx context.Context, c *fetch.Client, base, name string, prev advisory.Fingerprint) (io.ReadCloser, advisory.Fingerprint, error) {
	pv, _ := url.ParseQuery(string(prev)) // an undecodable fingerprint is none
	m := archiveDate.FindStringSubmatch(name)
	if m == nil {
		return nil, "", fmt.Errorf("redhat: %s: no date in the archive's name: %w", name, ErrArchiveName)
	}
	since, err := time.Parse(time.DateOnly, m[1])
	if err != nil {
		return nil, "", fmt.Errorf("redhat: %s: %w", name, err)
	}
	get := func(file, prev string) (*fetch.File, string, error) {
		fl, fp, err := c.Get(ctx, base+file, advisory.Fingerprint(prev))
		return fl, string(fp), err
	}
	archive, afp, aerr := get(name, pv.Get("archive"))
	changes, cfp, cerr := get(changesFile, pv.Get("changes"))
	defer func() {
		if archive != nil {
			archive.Close()
		}
		if changes != nil {
			changes.Close()
		}
	}()
	aSame, cSame := errors.Is(aerr, advisory.ErrNotModified), errors.Is(cerr, advisory.ErrNotModified)
	switch {
	case aSame && cSame:
		return nil, prev, advisory.ErrNotModified
	case aerr != nil && !aSame:
		return nil, "", fmt.Errorf("redhat: %w", aerr)
	case cerr != nil && !cSame:
		return nil, "", fmt.Errorf("redhat: %w", cerr)
	}
	// One changed: the other's body is needed all the same.
	if aSame {
		if archive, afp, aerr = get(name, ""); aerr != nil {
			return nil, "", fmt.Errorf("redhat: %w", aerr)
		}
	}
	if cSame {
		if changes, cfp, cerr = get(changesFile, ""); cerr != nil {
			return nil, "", fmt.Errorf("redhat: %w", cerr)
		}
	}
	changed, err := listSince(changes, since)
	if err != nil {
		return nil, "", fmt.Errorf("redhat: %s%s: %w", base, changesFile, err)
	}
	deletions, _, err := get(deletionsFile, "")
	if err != nil {
		return nil, "", fmt.Errorf("redhat: %w", err)
	}
	deleted, err := listSince(deletions, since)
	deletions.Close()
	if err != nil {
		return nil, "", fmt.Errorf("redhat: %s%s: %w", base, deletionsFile, err)
	}

	tmp, err := os.CreateTemp(c.Dir, "loadline-redhat-*")
	if err != nil {
		return nil, "", fmt.Errorf("redhat: %w", err)
	}
	out := &tempFile{File: tmp}
	if err := f.bundle(ctx, tmp, get, changed, deleted, archive); err != nil {
		out.Close()
		return nil, "", err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		out.Close()
		return nil, "", fmt.Errorf("redhat: %w", err)
	}
	fp := url.Values{"archive": {afp}, "changes": {cfp}}
	return out, advisory.Fingerprint(fp.Encode()), nil
}

// bundle writes the changed documents, the deleted paths and the archive
// to w as a tar.
func (f *Feed) bundle(ctx context.Context, w io.Writer, get func(string, string) (*fetch.File, string, error), changed, deleted []string, archive *fetch.File) error {
	tw := tar.NewWriter(w)
	for _, p := range changed {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("redhat: %w", err)
		}
		doc, _, err := get(p, "")
		if err != nil {
			return fmt.Errorf("redhat: changed document: %w", err)
		}
		err = addMember(tw, bundleChanges+p, doc.Size(), doc)
		doc.Close()
		if err != nil {
			return err
		}
	}
	list := strings.Join(deleted, "\n")
	if err := addMember(tw, bundleDeletions, int64(len(list)), strings.NewReader(list)); err != nil {
		return err
	}
	if err := addMember(tw, bundleArchive, archive.Size(), archive); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("redhat: bundle: %w", err)
	}
	return nil
}

func addMember(tw *tar.Writer, name string, size int64, r io.Reader) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: size, Typeflag: tar.TypeReg}); err != nil {
		return fmt.Errorf("redhat: bundle %s: %w", name, err)
	}
	if _, err := io.Copy(tw, r); err != nil {
		return fmt.Errorf("redhat: bundle %s: %w", name, err)
	}
	return nil
}

// listSince reads a changes.csv or deletions.csv ("2024/cve-2024-1234.json","2024-07-15T12:00:00+00:00"
// per line) and returns the paths of the rows at or after since, in the
// file's order, without duplicates. A path that is not a clean relative
// path to a *.json file is an error.
func listSince(r io.Reader, since time.Time) ([]string, error) {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = 2
	seen := map[string]bool{}
	var out []string
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		p := strings.TrimSpace(rec[0])
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(rec[1]))
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if p != path.Clean(p) || path.IsAbs(p) || strings.HasPrefix(p, "../") || p == ".." || path.Ext(p) != ".json" || strings.ContainsAny(p, "\\?#%") {
			return nil, fmt.Errorf("line %d: %q is not a document path", line, p)
		}
		if !t.Before(since) && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
}

// tempFile is a file removed when closed.
type tempFile struct{ *os.File }

func (t *tempFile) Close() error {
	err := t.File.Close()
	if rerr := os.Remove(t.Name()); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
		err = errors.Join(err, rerr)
	}
	if err != nil {
		return fmt.Errorf("redhat: %w", err)
	}
	return nil
}
