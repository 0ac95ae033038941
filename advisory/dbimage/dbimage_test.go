package dbimage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/loadline/loadline/advisory/boltstore"
)

// TestInProcessRegistry runs the push and pull scenario against
// go-containerregistry's in-process registry.
func TestInProcessRegistry(t *testing.T) {
	f, host := memRegistry(t)
	roundTrip(t, f, host, nil)
}

// roundTrip pushes and pulls databases through the registry at host,
// behind f: push, pull into an empty directory, pull again (not
// modified), push a newer database and pull it; a blob cut short or
// corrupted leaves the old database byte-identical; artifacts of another
// type or format version are refused before their layer is fetched.
func roundTrip(t *testing.T, f *front, host string, opts *Options) {
	ctx := context.Background()
	src := t.TempDir()
	oldPath, newerPath := filepath.Join(src, "old.db"), filepath.Join(src, "newer.db")
	oldDB := buildDB(t, oldPath, "go-first30.zip", oldBuilt)
	newerDB := buildDB(t, newerPath, "go-vulndb-first60.zip", newerBuilt)
	tag := host + "/team/advisories:latest"
	dir := t.TempDir()
	db := filepath.Join(dir, "advisories.db")

	pushed, err := Push(ctx, tag, oldPath, opts)
	if err != nil {
		t.Fatal(err)
	}
	if pushed.Status.Records != 30 || !strings.HasPrefix(pushed.Digest, "sha256:") || pushed.Ref != host+"/team/advisories@"+pushed.Digest || pushed.Size <= 0 || pushed.Size >= int64(len(oldDB)) {
		t.Errorf("Push = %+v", pushed)
	}
	again, err := Push(ctx, tag, oldPath, opts)
	if err != nil {
		t.Fatal(err)
	}
	if again.Digest != pushed.Digest {
		t.Errorf("pushing one database twice gave %s, then %s", pushed.Digest, again.Digest)
	}

	step := func(name, ref string, wantNotModified bool, want []byte) {
		t.Helper()
		f.set(nil, false)
		got, err := Pull(ctx, ref, db, opts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.NotModified != wantNotModified || got.Status.Path != db {
			t.Errorf("%s: NotModified %v, Path %q, want %v, %q", name, got.NotModified, got.Status.Path, wantNotModified, db)
		}
		if gets := f.blobGETs(); wantNotModified && len(gets) > 0 {
			t.Errorf("%s: not modified, but fetched %v", name, gets)
		}
		sameFile(t, db, want)
		if diff := cmp.Diff([]string{"advisories.db"}, dirNames(t, dir)); diff != "" {
			t.Errorf("%s: directory (-want +got):\n%s", name, diff)
		}
	}
	step("pull into an empty directory", tag, false, oldDB)
	step("pull again", tag, true, oldDB)
	newer, err := Push(ctx, tag, newerPath, opts)
	if err != nil {
		t.Fatal(err)
	}
	if newer.Digest == pushed.Digest || newer.Status.Records != 60 {
		t.Errorf("newer Push = %+v", newer)
	}
	step("pull the newer database", tag, false, newerDB)
	step("pull the old one by digest", pushed.Ref, false, oldDB)

	// The tag names the newer database; each failure leaves the old one.
	for _, tt := range []struct {
		name   string
		mangle func([]byte) []byte
		cut    bool
	}{
		{name: "cut short", cut: true},
		{name: "one byte changed", mangle: func(b []byte) []byte {
			b = bytes.Clone(b)
			b[len(b)/2] ^= 1
			return b
		}},
		{name: "one byte more", mangle: func(b []byte) []byte { return append(bytes.Clone(b), 0) }},
		{name: "another database's blob", mangle: func(b []byte) []byte {
			if len(b) < 100 {
				return b // the config
			}
			return blobOf(t, oldPath)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f.set(tt.mangle, tt.cut)
			defer f.set(nil, false)
			_, err := Pull(ctx, tag, db, opts)
			if err == nil {
				t.Fatal("Pull succeeded")
			}
			t.Log(err)
			sameFile(t, db, oldDB)
			if diff := cmp.Diff([]string{"advisories.db"}, dirNames(t, dir)); diff != "" {
				t.Errorf("directory (-want +got):\n%s", diff)
			}
		})
	}

	// Artifacts refused before their layer is fetched.
	raw := manifestAt(t, tag, opts)
	put := func(name string, edit func(m *v1.Manifest)) string {
		var m v1.Manifest
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		edit(&m)
		b, err := json.Marshal(&m)
		if err != nil {
			t.Fatal(err)
		}
		ref := host + "/team/advisories:" + name
		if err := remote.Put(mustRef(t, ref), rawManifest(b), remoteOpts(opts)...); err != nil {
			t.Fatal(err)
		}
		return ref
	}
	image := host + "/team/advisories:image"
	img, err := random.Image(64, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(mustRef(t, image), img, remoteOpts(opts)...); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		ref  string
		want error
		says []string
	}{
		{"another artifact type", put("other", func(m *v1.Manifest) { m.ArtifactType = "application/vnd.example.other.v1" }),
			ErrArtifactType, []string{`"application/vnd.example.other.v1"`}},
		{"another format version", put("format5", func(m *v1.Manifest) { m.Annotations[annotationFormat] = "loadline-boltstore-5" }),
			boltstore.ErrVersion, []string{`"loadline-boltstore-5"`, `"` + format + `"`}},
		{"no format", put("noformat", func(m *v1.Manifest) { delete(m.Annotations, annotationFormat) }),
			boltstore.ErrVersion, []string{`""`}},
		{"an image", image, ErrArtifactType, []string{"media type application/vnd.docker.distribution.manifest.v2+json"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f.set(nil, false)
			_, err := Pull(ctx, tt.ref, db, opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Pull = %v, want %v", err, tt.want)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %s", err, s)
				}
			}
			if gets := f.blobGETs(); len(gets) > 0 {
				t.Errorf("fetched %v", gets)
			}
			sameFile(t, db, oldDB)
		})
	}

	// The form before OCI 1.1: no artifactType, the type as the
	// config's media type.
	legacy := put("legacy", func(m *v1.Manifest) {
		m.ArtifactType, m.Config.MediaType, m.Config.Data = "", ArtifactType, nil
	})
	step("pull the pre-1.1 form", legacy, false, newerDB)
}

func mustRef(t *testing.T, s string) name.Reference {
	t.Helper()
	r, err := name.ParseReference(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func remoteOpts(opts *Options) []remote.Option {
	o := options(opts)
	return o.remote(context.Background())
}

// manifestAt returns the raw manifest ref names.
func manifestAt(t *testing.T, ref string, opts *Options) []byte {
	t.Helper()
	d, err := remote.Get(mustRef(t, ref), remoteOpts(opts)...)
	if err != nil {
		t.Fatal(err)
	}
	return d.Manifest
}

// blobOf returns the layer Push makes of the database at path.
func blobOf(t *testing.T, path string) []byte {
	var b bytes.Buffer
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	if _, err := compress(context.Background(), &b, f, fi.Size(), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPushRefuses checks that Push refuses a file that is not a
// database before it sends anything.
func TestPushRefuses(t *testing.T) {
	f, host := memRegistry(t)
	notDB := filepath.Join("testdata", "go-first30.zip")
	_, err := Push(context.Background(), host+"/team/advisories:latest", notDB, nil)
	if !errors.Is(err, boltstore.ErrFormat) {
		t.Errorf("Push = %v, want boltstore.ErrFormat", err)
	}
	_, err = Push(context.Background(), host+"/team/advisories:latest", filepath.Join(t.TempDir(), "none.db"), nil)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Push = %v, want os.ErrNotExist", err)
	}
	for _, ref := range []string{"", "Upper/Case:tag", host + "/team/advisories:bad tag"} {
		if _, err := Push(context.Background(), ref, notDB, nil); !errors.Is(err, ErrReference) {
			t.Errorf("Push(%q) = %v, want ErrReference", ref, err)
		}
		if _, err := Pull(context.Background(), ref, notDB, nil); !errors.Is(err, ErrReference) {
			t.Errorf("Pull(%q) = %v, want ErrReference", ref, err)
		}
	}
	if len(f.seen) > 0 {
		t.Errorf("sent %v", f.seen)
	}
}

// TestProgress checks the stages Push and Pull report, and that each
// ends with its total.
func TestProgress(t *testing.T) {
	_, host := memRegistry(t)
	path := filepath.Join(t.TempDir(), "old.db")
	db := buildDB(t, path, "go-first30.zip", oldBuilt)
	var events []Event
	opts := &Options{Progress: func(e Event) { events = append(events, e) }}
	pushed, err := Push(context.Background(), host+"/db:1", path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Pull(context.Background(), host+"/db:1", filepath.Join(t.TempDir(), "advisories.db"), opts); err != nil {
		t.Fatal(err)
	}
	// The last event of each stage.
	last := map[Stage]Event{}
	var order []Stage
	for _, e := range events {
		if _, ok := last[e.Stage]; !ok {
			order = append(order, e.Stage)
		}
		last[e.Stage] = e
	}
	if diff := cmp.Diff([]Stage{Compressing, Uploading, Downloading}, order); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
	want := map[Stage]Event{
		Compressing: {Compressing, int64(len(db)), int64(len(db))},
		Uploading:   {Uploading, pushed.Size, pushed.Size},
		Downloading: {Downloading, pushed.Size, pushed.Size},
	}
	if diff := cmp.Diff(want, last); diff != "" {
		t.Errorf("last events (-want +got):\n%s", diff)
	}
}

// TestFormat checks that the format boltstore says it writes is the one
// format string in a database it built.
func TestFormat(t *testing.T) {
	b := buildDB(t, filepath.Join(t.TempDir(), "a.db"), "go-first30.zip", oldBuilt)
	got := regexp.MustCompile(`loadline-boltstore-[0-9]+`).FindAll(b, -1)
	if len(got) != 1 || string(got[0]) != format {
		t.Errorf("boltstore wrote %q, boltstore.Format says %q", got, format)
	}
}

// TestManifest shows the artifact's manifest for a database.
func TestManifest(t *testing.T) {
	st := boltstore.Status{Built: oldBuilt, Records: 30, Feeds: []boltstore.FeedStatus{{Name: "kev"}, {Name: "osv-go"}}}
	layer := &fileLayer{digest: v1.Hash{Algorithm: "sha256", Hex: strings.Repeat("ab", 32)}, size: 1234}
	got, err := json.MarshalIndent(manifest(st, 5678, layer), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {
    "mediaType": "application/vnd.oci.empty.v1+json",
    "size": 2,
    "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
    "data": "e30="
  },
  "layers": [
    {
      "mediaType": "application/vnd.loadline.advisory-db.layer.v1.bolt+zstd",
      "size": 1234,
      "digest": "sha256:abababababababababababababababababababababababababababababababab",
      "annotations": {
        "org.opencontainers.image.title": "advisories.db"
      }
    }
  ],
  "annotations": {
    "io.github.loadline.advisory-db.built": "2026-11-01T06:00:00.123456789Z",
    "io.github.loadline.advisory-db.feeds": "kev,osv-go",
    "io.github.loadline.advisory-db.format": "loadline-boltstore-6",
    "io.github.loadline.advisory-db.records": "30",
    "io.github.loadline.advisory-db.size": "5678",
    "org.opencontainers.image.created": "2026-11-01T06:00:00Z"
  },
  "artifactType": "application/vnd.loadline.advisory-db.v1"
}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("manifest (-want +got):\n%s", diff)
	}
	a, err := parseManifest("application/vnd.oci.image.manifest.v1+json", got)
	if err != nil {
		t.Fatal(err)
	}
	if !a.matches(st, 5678) || a.matches(st, 5679) {
		t.Errorf("parseManifest = %+v, does not match what it was made of", a)
	}
}
