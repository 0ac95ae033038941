// Package csaf reads CSAF 2.0 documents (OASIS Common Security Advisory
// Framework): security advisories such as Red Hat's RHSA documents and
// VEX documents such as Red Hat's per-CVE files and the OASIS examples.
//
// It sits on the advisory side of the flow and holds no feed: it is the
// reader that feeds (advisory/csaf/redhat) and VEX input (match/vex) share.
// NewReader reads a document's header and product tree into a Document,
// with the tree flattened into one Product per product ID (branch path,
// name, PURL, CPE, and for relationship products their component and
// platform); Reader.Next then yields the vulnerabilities one at a time,
// so that a document of many vulnerabilities is never held whole, and
// Vulnerability.Statements gives the per-product view VEX input needs
// (status, justification, impact, remediations). The
// product tree is walked token by token, so memory grows with the number
// of products, not with the document's bytes.
//
// The reader does not validate a document against the CSAF schema: it
// reads what it knows and skips the rest (acknowledgments, involvements,
// distribution), so that one odd field does not lose a document.
package csaf
