#!/usr/bin/env python3
"""Counts the packages of SBOM documents independently of loadline's Go
decoders, by the rules sbom/cyclonedx and sbom/spdx document, and prints
"file<TAB>format version<TAB>count" for the table in ../sbomfile_test.go.

CycloneDX: every component, nested ones included, with a purl or a cpe or
of type library or framework, except metadata.component (by bom-ref) and
operating-system components.
SPDX: every package except the image the document DESCRIBES (purpose
CONTAINER, a purl of type oci/docker, or an SPDXID ContainerImage-...),
operating-system packages, SOURCE packages some package is GENERATED_FROM,
and packages without a purl that CONTAIN another package.

Usage: python3 count.py FILE...
"""
import json, re, sys
import xml.etree.ElementTree as ET


def cdx_count(comps, subject):
    n = 0
    for c in comps or []:
        t = c.get("type")
        if subject and c.get("bom-ref") == subject:
            pass
        elif t == "operating-system":
            pass
        elif c.get("purl") or c.get("cpe") or t in ("library", "framework"):
            n += 1
        n += cdx_count(c.get("components"), subject)
    return n


def cdx_json(d):
    subject = (d.get("metadata") or {}).get("component", {}).get("bom-ref", "")
    return "cyclonedx-json " + d["specVersion"], cdx_count(d.get("components"), subject)


def cdx_xml(root):
    ns = root.tag[1:].split("}")[0]
    q = lambda t: "{%s}%s" % (ns, t)

    def conv(c):
        return {
            "type": c.get("type"),
            "bom-ref": c.get("bom-ref"),
            "purl": (c.findtext(q("purl")) or "").strip(),
            "cpe": (c.findtext(q("cpe")) or "").strip(),
            "components": [conv(x) for x in c.findall(q("components") + "/" + q("component"))],
        }

    md = root.find(q("metadata") + "/" + q("component"))
    subject = md.get("bom-ref") if md is not None else ""
    comps = [conv(c) for c in root.findall(q("components") + "/" + q("component"))]
    return "cyclonedx-xml " + ns.rsplit("/", 1)[1], cdx_count(comps, subject)


def spdx_count(pkgs, rels, doc_id):
    # pkgs: list of dicts id, purpose, purl ; rels: (a, type, b)
    canon = {"CONTAINED_BY": "CONTAINS", "DESCRIBED_BY": "DESCRIBES", "GENERATES": "GENERATED_FROM", "DEPENDENCY_OF": "DEPENDS_ON"}
    edges = []
    for a, t, b in rels:
        t = t.upper().replace("-", "_")
        if t in canon:
            a, b, t = b, a, canon[t]
        edges.append((a, t, b))
    ids = {p["id"] for p in pkgs}
    described = {b for a, t, b in edges if t == "DESCRIBES" and a == doc_id}
    contains = {a for a, t, b in edges if t == "CONTAINS" and b in ids}
    gen = {b for a, t, b in edges if t == "GENERATED_FROM"}
    n, root, os_seen = 0, False, False
    for p in pkgs:
        pid, purpose, purl = p["id"], p["purpose"].replace("_", "-"), p["purl"]
        image = purpose == "CONTAINER" or pid.startswith("SPDXRef-ContainerImage") or re.match(r"pkg:(oci|docker)/", purl or "")
        if not root and pid in described and image:
            root = True
        elif purpose == "OPERATING-SYSTEM" or pid.startswith("SPDXRef-OperatingSystem"):
            pass
        elif purpose == "SOURCE" and pid in gen:
            pass
        elif not purl and pid in contains:
            pass
        else:
            n += 1
    return n


def spdx_json(d):
    pkgs = []
    for p in d.get("packages") or []:
        purl = next((r["referenceLocator"] for r in p.get("externalRefs") or [] if r.get("referenceType", "").lower() == "purl"), "")
        pkgs.append({"id": p["SPDXID"], "purpose": p.get("primaryPackagePurpose", ""), "purl": purl})
    rels = [(r["spdxElementId"], r["relationshipType"], r["relatedSpdxElement"]) for r in d.get("relationships") or []]
    rels += [(d["SPDXID"], "DESCRIBES", x) for x in d.get("documentDescribes") or []]
    return "spdx-json " + d["spdxVersion"].removeprefix("SPDX-"), spdx_count(pkgs, rels, d["SPDXID"])


def spdx_tv(text):
    pkgs, rels, version, doc_id = [], [], "", "SPDXRef-DOCUMENT"
    for line in text.splitlines():
        tag, _, val = line.partition(":")
        val = val.strip()
        if tag == "SPDXVersion":
            version = val.removeprefix("SPDX-")
        elif tag == "PackageName":
            pkgs.append({"id": "", "purpose": "", "purl": ""})
        elif tag == "SPDXID" and pkgs and not pkgs[-1]["id"]:
            pkgs[-1]["id"] = val
        elif tag == "PrimaryPackagePurpose" and pkgs:
            pkgs[-1]["purpose"] = val
        elif tag == "ExternalRef" and pkgs:
            f = val.split()
            if len(f) >= 3 and f[1].lower() == "purl" and not pkgs[-1]["purl"]:
                pkgs[-1]["purl"] = f[2]
        elif tag == "Relationship":
            a, t, b = val.split()[:3]
            rels.append((a, t, b))
    return "spdx-tag-value " + version, spdx_count(pkgs, rels, doc_id)


for path in sys.argv[1:]:
    data = open(path, "rb").read()
    head = data.lstrip()
    if head.startswith(b"<"):
        fmt, n = cdx_xml(ET.fromstring(data))
    elif head.startswith(b"{"):
        d = json.loads(data)
        fmt, n = cdx_json(d) if "bomFormat" in d else spdx_json(d)
    else:
        fmt, n = spdx_tv(data.decode())
    print("%s\t%s\t%d" % (path.rsplit("/", 1)[1], fmt, n))
