#!/usr/bin/env python3
"""Computes, independently of the Go code, what advisory/csaf/redhat should make
of each CSAF document in this directory, and writes expected.json.

For each document: the advisories (a VEX document gives one per
vulnerability, ID the CVE; a security advisory one, ID tracking.id, from
its fixed products only) and, for each, its affected entries as lines
"distro:version|package|module|status|severity|reason|fixed,fixed".

Rules (as Red Hat publishes CSAF):
- a product's PURL is its own, else its relationship component's (followed
  through chains); its CPE its own, else its platform's;
- the release is rhel:<major> for the RHEL CPE products (enterprise_linux,
  rhel_eus/aus/e4s/tus/els, ...), redhat:<CPE after the vendor> for other
  Red Hat products; products without a Red Hat CPE are dropped;
- only rpm packages count (PURL type rpm, or a NEVRA / bare name in the
  component's product ID when there is no PURL); the EVR is
  [epoch:]version-release with epoch 0 left out;
- the module is the PURL's rpmmod name:stream, else the rpmmod PURL of the
  module product the rpm is a component of, else the ".rpm-name:stream"
  suffix of the product ID;
- fixed/first_fixed -> affected with the fixed EVR; known_affected ->
  will_not_fix when a no_fix_planned remediation names it (reason: its
  details), affected with reason the details of a none_available one,
  else affected; known_not_affected -> not_affected, reason the flag's
  label; under_investigation -> under_investigation;
- a fix that only an extended-support stream (rhel_eus, rhel_aus, ...)
  gives is dropped when the mainline (enterprise_linux) has the same
  package, release and module affected without a fix or under
  investigation;
- severity is the product's first impact threat when it is a Red Hat
  rating; the reason of a not-affected product is its first flag, of an
  affected one its first no_fix_planned or none_available remediation.

Run: python3 expect.py > expected.json
"""
import glob, gzip, json, os, re, sys, urllib.parse

RHEL = {"enterprise_linux", "rhel_eus", "rhel_aus", "rhel_e4s", "rhel_tus", "rhel_els",
        "rhel_eus_long_life", "rhel_mission_critical"}
ARCH = {"src", "noarch", "x86_64", "i386", "i486", "i586", "i686", "athlon", "ia64", "aarch64",
        "ppc", "ppc64", "ppc64le", "ppc64p7", "s390", "s390x", "armv7hl"}
RATINGS = {"low": "Low", "moderate": "Moderate", "important": "Important", "critical": "Critical"}


def products_of(doc):
    prods = {}

    def add(p, rel=None):
        pid = p.get("product_id")
        if not pid:
            return
        cur = prods.setdefault(pid, {"purl": "", "cpe": "", "rel": None})
        h = p.get("product_identification_helper") or {}
        cur["purl"] = cur["purl"] or h.get("purl", "")
        cur["cpe"] = cur["cpe"] or h.get("cpe", "")
        if rel and not cur["rel"]:
            cur["rel"] = rel

    def walk(bs):
        for b in bs or []:
            if "product" in b:
                add(b["product"])
            walk(b.get("branches"))

    tree = doc.get("product_tree") or {}
    walk(tree.get("branches"))
    for p in tree.get("full_product_names") or []:
        add(p)
    for r in tree.get("relationships") or []:
        add(r["full_product_name"], (r["product_reference"], r["relates_to_product_reference"]))
    return prods


def follow(prods, pid, field, idx):
    for _ in range(64):
        p = prods.get(pid)
        if p is None:
            return ""
        if p[field]:
            return p[field]
        if not p["rel"]:
            return ""
        pid = p["rel"][idx]
    return ""


def purl(s):
    m = re.match(r"^pkg:([^/]+)/(?:.*/)?([^/@?#]+)(?:@([^?#]*))?(?:\?([^#]*))?", s)
    if not m:
        return None
    q = urllib.parse.parse_qs(m.group(4) or "")
    return (m.group(1).lower(), urllib.parse.unquote(m.group(2)), urllib.parse.unquote(m.group(3) or ""),
            {k: v[0] for k, v in q.items()})


def release(cpe):
    if cpe.startswith("cpe:/"):
        f = cpe[5:].split(":")
    else:
        return None
    if len(f) < 3 or f[1] != "redhat":
        return None
    if f[2] in RHEL:
        return "rhel:" + f[3].split(".")[0] if len(f) > 3 and f[3] else None
    return "redhat:" + ":".join(f[2:])


def stream(rpmmod):
    parts = rpmmod.split(":")
    return parts[0] + ":" + parts[1] if len(parts) >= 2 and parts[0] and parts[1] else ""


def package(prods, pid):
    p = prods[pid]
    comp = p["rel"][0] if p["rel"] else pid
    idmod = ""
    m = re.match(r"^(.*)\.rpm-([^:]+:[^:]+)$", comp)
    if m:
        comp, idmod = m.group(1), m.group(2)
    u = follow(prods, pid, "purl", 0)
    module = ""
    if u:
        pu = purl(u)
        if pu is None or pu[0] != "rpm":
            return None
        _, name, ver, q = pu
        evr = ver
        if ver and q.get("epoch", "0") not in ("", "0"):
            evr = q["epoch"] + ":" + ver
        module = stream(q.get("rpmmod", ""))
    else:
        m = re.match(r"^(.+)-(?:(\d+):)?([^-]+)-([^-]+)\.([^.]+)$", comp)
        if m and m.group(5) in ARCH:
            name = m.group(1)
            e = m.group(2)
            evr = (e + ":" if e and e != "0" else "") + m.group(3) + "-" + m.group(4)
        else:
            m = re.match(r"^(.+)\.([^.]+)$", comp)
            name = m.group(1) if m and m.group(2) in ARCH else comp
            evr = ""
    if not module:
        # the module product this rpm is a component of
        cur = pid
        for _ in range(8):
            c = prods[cur]
            if not c["rel"]:
                break
            plat = prods.get(c["rel"][1])
            if plat is None or not plat["rel"]:
                break
            mp = prods.get(plat["rel"][0])
            if mp and mp["purl"]:
                pu = purl(mp["purl"])
                if pu and pu[0] == "rpmmod":
                    module = pu[1] + ":" + pu[2].split(":")[0]
                    break
            cur = c["rel"][1]
    return name, evr, module or idmod


def entries(doc, prods, v, fixed_only):
    # The first impact threat, flag and no-fix remediation naming a product.
    impact, flag, remedy = {}, {}, {}
    for t in v.get("threats") or []:
        if t.get("category") == "impact":
            for pid in t.get("product_ids") or []:
                impact.setdefault(pid, RATINGS.get((t.get("details") or "").lower(), ""))
    for f in v.get("flags") or []:
        for pid in f.get("product_ids") or []:
            flag.setdefault(pid, f["label"])
    for r in v.get("remediations") or []:
        if r["category"] in ("no_fix_planned", "none_available"):
            for pid in r.get("product_ids") or []:
                remedy.setdefault(pid, r)
    out = {}
    ext_only = {}  # fixed entry key -> the EVRs only an extended-support stream gives
    open_main = set()  # (release, name, module) the mainline has unfixed

    def add(pid, status, reason, fixed):
        if pid not in prods:
            return
        cpe = follow(prods, pid, "cpe", 1)
        rel = release(cpe)
        if rel is None:
            return
        pk = package(prods, pid)
        if pk is None or (fixed and not pk[1]):
            return
        ext = rel.startswith("rhel:") and ":redhat:enterprise_linux:" not in cpe
        k = (rel, pk[0], pk[2], status, impact.get(pid, ""), reason, fixed)
        out.setdefault(k, set())
        if not fixed and not ext and status != "not_affected":
            open_main.add((rel, pk[0], pk[2]))
        if fixed:
            if ext and pk[1] not in out[k]:
                ext_only.setdefault(k, set()).add(pk[1])
            elif not ext:
                ext_only.get(k, set()).discard(pk[1])
            out[k].add(pk[1])

    st = v.get("product_status") or {}
    for pid in (st.get("fixed") or []) + (st.get("first_fixed") or []):
        add(pid, "affected", "", True)
    if not fixed_only:
        for pid in st.get("known_affected") or []:
            r = remedy.get(pid)
            if r and r["category"] == "no_fix_planned":
                add(pid, "will_not_fix", r.get("details") or r["category"], False)
            elif r:
                add(pid, "affected", r.get("details") or r["category"], False)
            else:
                add(pid, "affected", "", False)
        for pid in st.get("known_not_affected") or []:
            add(pid, "not_affected", flag.get(pid, ""), False)
        for pid in st.get("under_investigation") or []:
            add(pid, "under_investigation", "", False)
    # An extended-support stream's fix (EUS, which no image's os-release
    # tells apart) of a package the mainline has unfixed is dropped.
    for k in list(out):
        if k[6] and (k[0], k[1], k[2]) in open_main:
            out[k] -= ext_only.get(k, set())
            if not out[k]:
                del out[k]
    return out


def lines(es):
    return sorted("|".join([k[0], k[1], k[2], k[3], k[4], k[5], ",".join(sorted(f))]) for k, f in es.items())


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    result = {}
    paths = glob.glob(os.path.join(here, "*.json")) + glob.glob(os.path.join(here, "*.json.gz"))
    for path in sorted(paths, key=lambda p: p.removesuffix(".gz")):
        name = os.path.basename(path).removesuffix(".gz")  # over 2 MiB: kept gzip-compressed
        if name.startswith("osv-") or name == "expected.json":
            continue
        doc = json.load(gzip.open(path) if path.endswith(".gz") else open(path))
        prods = products_of(doc)
        advs = []
        if doc["document"]["category"] == "csaf_vex":
            for v in doc.get("vulnerabilities") or []:
                advs.append({"id": v.get("cve", ""), "affected": lines(entries(doc, prods, v, False))})
        else:
            merged = {}
            for v in doc.get("vulnerabilities") or []:
                for k, f in entries(doc, prods, v, True).items():
                    merged.setdefault(k, set()).update(f)
            advs.append({"id": doc["document"]["tracking"]["id"], "affected": lines(merged)})
        result[name] = advs
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


main()
