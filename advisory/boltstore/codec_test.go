package boltstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/nvd"
	"github.com/loadline/loadline/advisory/osv"
)

// realAdvisories parses the OSV and NVD files in testdata as their feeds
// do. Records a feed rejects are left out.
func realAdvisories(t testing.TB) []*advisory.Advisory {
	t.Helper()
	var out []*advisory.Advisory
	for _, dir := range []struct {
		name  string
		parse func(context.Context, io.Reader) iter.Seq2[*advisory.Advisory, error]
	}{{"osv", osv.Parse}, {"nvd", (&nvd.Feed{}).Parse}} {
		files, err := filepath.Glob(filepath.Join("testdata", dir.name, "*"))
		if err != nil || len(files) == 0 {
			t.Fatalf("testdata/%s: %v files, %v", dir.name, len(files), err)
		}
		for _, name := range files {
			f, err := os.Open(name)
			if err != nil {
				t.Fatal(err)
			}
			for a := range dir.parse(context.Background(), f) {
				if a != nil {
					out = append(out, a)
				}
			}
			f.Close()
		}
	}
	return out
}

// TestCodecRealAdvisories encodes and decodes every real advisory in
// testdata: each comes back equal to the input (nil and empty slices are
// not told apart, as in JSON).
func TestCodecRealAdvisories(t *testing.T) {
	advs := realAdvisories(t)
	if len(advs) < 100 {
		t.Fatalf("%d real advisories, want at least 100", len(advs))
	}
	var fields fieldSet
	for _, a := range advs {
		got, err := decodeAdvisory(encodeAdvisory(nil, a))
		if err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		if diff := cmp.Diff(a, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (%s) round trip (-want +got):\n%s", a.ID, a.Source.Feed, diff)
		}
		fields.add(reflect.ValueOf(*a), "Advisory")
	}
	t.Logf("%d advisories, %d of the model's fields populated", len(advs), len(fields))
}

// fieldSet records the paths of the fields a value populates.
type fieldSet map[string]bool

func (s *fieldSet) add(v reflect.Value, path string) {
	if *s == nil {
		*s = fieldSet{}
	}
	if v.IsZero() {
		return
	}
	(*s)[path] = true
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return
		}
		for i := range v.NumField() {
			s.add(v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	case reflect.Slice:
		for i := range v.Len() {
			s.add(v.Index(i), path+"[]")
		}
	}
}

// full returns a value of type t with every field set: strings to their
// path, numbers and times non-zero, booleans true, slices of two.
func full(t reflect.Type, path string) reflect.Value {
	v := reflect.New(t).Elem()
	switch {
	case t == reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(time.Date(2024, 3, 29, 12, 0, len(path), 123456789, time.UTC)))
	case t.Kind() == reflect.String:
		v.SetString(path)
	case t.Kind() == reflect.Float64:
		v.SetFloat(float64(len(path)) + 0.25)
	case t.Kind() == reflect.Bool:
		v.SetBool(true)
	case t.Kind() == reflect.Struct:
		for i := range t.NumField() {
			v.Field(i).Set(full(t.Field(i).Type, path+"."+t.Field(i).Name))
		}
	case t.Kind() == reflect.Slice:
		v.Set(reflect.Append(v, full(t.Elem(), path+"[0]"), full(t.Elem(), path+"[1]")))
	default:
		panic("full: no value for " + t.String() + " at " + path + ": teach the codec and this test the new field")
	}
	return v
}

// TestCodecCoversModel round-trips an advisory with every field of the
// model set, so that a field added to the model and not to the codec
// fails here.
func TestCodecCoversModel(t *testing.T) {
	a := full(reflect.TypeFor[advisory.Advisory](), "Advisory").Addr().Interface().(*advisory.Advisory)
	got, err := decodeAdvisory(encodeAdvisory(nil, a))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// TestCodecManyReferences checks an advisory whose references take far
// more bytes than its core (real Bitnami and NVD records list hundreds):
// the core's checks bound what the core holds only.
func TestCodecManyReferences(t *testing.T) {
	a := &advisory.Advisory{ID: "BIT-apisix-2022-24112", Details: "d"}
	for i := range 300 {
		a.References = append(a.References, advisory.Reference{Type: "WEB", URL: fmt.Sprintf("https://example.org/%d", i)})
	}
	got, err := decodeAdvisory(encodeAdvisory(nil, a))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// TestCodecTimes checks that times keep their instant, come back in UTC,
// and that the zero time, times before 1970 and far ones survive.
func TestCodecTimes(t *testing.T) {
	for _, tm := range []time.Time{
		{},
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2024, 3, 29, 9, 0, 0, 1, time.FixedZone("CET", 3600)),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
	} {
		got, err := decodeAdvisory(encodeAdvisory(nil, &advisory.Advisory{Published: tm}))
		if err != nil {
			t.Fatal(err)
		}
		if !got.Published.Equal(tm) || got.Published.IsZero() != tm.IsZero() || got.Published.Location() != time.UTC {
			t.Errorf("time %v came back as %v", tm, got.Published)
		}
	}
}

// TestCodecErrors checks that truncated and padded records are errors.
func TestCodecErrors(t *testing.T) {
	v := encodeAdvisory(nil, realAdvisories(t)[0])
	for _, bad := range [][]byte{nil, v[:len(v)-1], v[:len(v)/2], append(v[:len(v):len(v)], 0), {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}} {
		if a, err := decodeAdvisory(bad); !errors.Is(err, errCodec) {
			t.Errorf("decode of %d bytes = %v, %v; want errCodec", len(bad), a, err)
		}
	}
}

// FuzzCodec decodes arbitrary bytes, seeded with the encodings of the
// real advisories: decoding never panics, and what decodes encodes and
// decodes again to the same advisory.
func FuzzCodec(f *testing.F) {
	for _, a := range realAdvisories(f) {
		f.Add(encodeAdvisory(nil, a))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := decodeAdvisory(data)
		if err != nil {
			return
		}
		again, err := decodeAdvisory(encodeAdvisory(nil, a))
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		// Arbitrary bits make NaN scores, which survive but are not
		// equal to themselves.
		if diff := cmp.Diff(a, again, cmpopts.EquateEmpty(), cmpopts.EquateNaNs()); diff != "" {
			t.Errorf("decode-encode-decode (-want +got):\n%s", diff)
		}
	})
}

// BenchmarkDecode decodes the real advisories of testdata, one record at
// a time ("ns/op" is per advisory).
func BenchmarkDecode(b *testing.B) {
	advs := realAdvisories(b)
	recs := make([][]byte, len(advs))
	size := 0
	for i, a := range advs {
		recs[i] = encodeAdvisory(nil, a)
		size += len(recs[i])
	}
	b.ReportMetric(float64(size)/float64(len(recs)), "bytes/record")
	i := 0
	for b.Loop() {
		if _, err := decodeAdvisory(recs[i%len(recs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
