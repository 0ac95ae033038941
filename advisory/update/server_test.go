package update_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
)

// mirror is a feed host on 127.0.0.1 serving testdata/mirror in the
// layout of update.Defaults.Mirror, as the real hosts do: each file with
// an ETag (from its content), answering If-None-Match with 304. /nvd
// emulates the NVD CVE API 2.0 over nvd/cves.json: paging by startIndex
// and resultsPerPage, and lastModStartDate queries that find a change
// only when nvdChanged is set: the first CVE, rejected since.
type mirror struct {
	*httptest.Server
	mu         sync.Mutex
	files      map[string][]byte // URL path -> body
	cut        map[string]bool   // URL paths whose body is cut short
	nvd        []json.RawMessage
	nvdChanged bool
	log        []string // "METHOD path status"
	apiKeys    map[string]int
}

func newMirror(t testing.TB) *mirror {
	m := &mirror{files: map[string][]byte{}, cut: map[string]bool{}, apiKeys: map[string]int{}}
	err := filepath.WalkDir("testdata/mirror", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/mirror", p)
		m.files["/"+filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Vulnerabilities []json.RawMessage `json:"vulnerabilities"`
	}
	if err := json.Unmarshal(m.files["/nvd/cves.json"], &page); err != nil {
		t.Fatal(err)
	}
	m.nvd = page.Vulnerabilities
	m.Server = httptest.NewServer(http.HandlerFunc(m.serve))
	t.Cleanup(m.Close)
	return m
}

// set replaces the body at path (a new ETag).
func (m *mirror) set(path string, body []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[path] = body
}

func (m *mirror) setCut(path string, cut bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cut[path] = cut
}

// requests returns the log and clears it.
func (m *mirror) requests() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	l := m.log
	m.log = nil
	return l
}

func (m *mirror) record(r *http.Request, status int) {
	m.log = append(m.log, fmt.Sprintf("%s %s %d", r.Method, r.URL.RequestURI(), status))
}

func (m *mirror) serve(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r.URL.Path == "/nvd" {
		m.serveNVD(w, r)
		return
	}
	body, ok := m.files[r.URL.Path]
	if !ok {
		m.record(r, http.StatusNotFound)
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		m.record(r, http.StatusNotModified)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	m.record(r, http.StatusOK)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if m.cut[r.URL.Path] {
		w.Write(body[:len(body)/2])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // the connection drops mid-body
	}
	w.Write(body)
}

func (m *mirror) serveNVD(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	m.apiKeys[r.Header.Get("apiKey")]++
	m.record(r, http.StatusOK)
	w.Header().Set("Content-Type", "application/json")
	cves := m.nvd
	if q.Get("lastModStartDate") != "" {
		cves = nil
		if m.nvdChanged {
			cves = []json.RawMessage{rejected(m.nvd[0])}
		}
	}
	start, _ := strconv.Atoi(q.Get("startIndex"))
	size, _ := strconv.Atoi(q.Get("resultsPerPage"))
	end := min(start+size, len(cves))
	start = min(start, end)
	b, _ := json.Marshal(map[string]any{
		"resultsPerPage": end - start, "startIndex": start, "totalResults": len(cves),
		"format": "NVD_CVE", "version": "2.0", "vulnerabilities": cves[start:end],
	})
	w.Write(b)
}

// rejected returns the NVD API's item raw with its CVE's status changed
// to Rejected, as NVD rejects a CVE.
func rejected(raw json.RawMessage) json.RawMessage {
	var item map[string]map[string]any
	if err := json.Unmarshal(raw, &item); err != nil {
		panic(err)
	}
	item["cve"]["vulnStatus"] = "Rejected"
	b, err := json.Marshal(item)
	if err != nil {
		panic(err)
	}
	return b
}
