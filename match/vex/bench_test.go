package vex_test

import (
	"testing"

	"github.com/loadline/loadline/match/vex"
)

// BenchmarkLookup asks one question of an index over every test document
// and Red Hat's CVE-2023-38545 (1,400 products).
func BenchmarkLookup(b *testing.B) {
	var docs []*vex.Document
	for _, d := range testDocs(b) {
		docs = append(docs, d)
	}
	docs = append(docs, decodeFile(b, "../../advisory/csaf/testdata/cve-2023-38545.json"))
	ix := vex.NewIndex(docs...)
	f := vex.Finding{Vulnerability: "CVE-2023-38545", PURL: "pkg:rpm/redhat/curl@7.76.1-26.el9_3.2?arch=x86_64&distro=rhel-9.3",
		Products: []string{"cpe:/o:redhat:enterprise_linux:9::baseos"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := ix.Lookup(f); !ok {
			b.Fatal("no statement")
		}
	}
}
