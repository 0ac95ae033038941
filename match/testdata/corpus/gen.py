#!/usr/bin/python3
"""Build the labelled matching corpus: the advisory subsets and the expected
findings, computed without loadline, by the ecosystems' own version tools.

    apt-get install dpkg python3-packaging python3-yaml   # Debian's
    (cd match/testdata/corpus && npm install --no-save semver@7.7.3)
    mkdir /tmp/alpine-root && tar -xzf $DATA/rootfs/alpine-minirootfs-3.19.4-x86_64.tar.gz -C /tmp/alpine-root
    /usr/bin/python3 match/testdata/corpus/gen.py --data $DATA --alpine-root /tmp/alpine-root

$DATA is the project's shared data folder (../shared/data). Run as root (apk
is run with chroot). It writes, beside itself:

  feeds/alpine-secdb/v3.19/{main,community}.json  Alpine's secdb, whole.
  feeds/debian/{DSA,DLA}-list.txt  the entries of Debian's lists that name
      a package of the inventories, unchanged.
  feeds/ubuntu-vex/CVE-*.json  Ubuntu's OpenVEX documents, each
      statement's products cut to the inventories' source packages.
  osv/<ecosystem>/*.json  the OSV records (PyPA, Go, RustSec, GHSA npm,
      Ubuntu) that name a package of the inventories, unchanged (PyPA's
      YAML written as JSON); sources/ghsa/ holds GitHub advisories read
      from github/advisory-database for the npm lockfiles' packages.
  expected/<inventory>.json  the expected findings and gaps.

Versions are compared by the ecosystems' tools only: dpkg --compare-versions
(deb), apk version -t in the Alpine 3.19.4 root (apk), pypa packaging's
Version (pypi), node-semver's compare (npm, and the SemVer 2.0.0 order of Go
modules and crates). Ranges are evaluated as the OSV schema's evaluation
pseudo-code says; statuses and joins follow the rules of loadline's issue 8,
written again here from the rules, not from the Go code.
"""

import argparse
import datetime
import functools
import glob
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import yaml
from packaging.version import Version

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------- versions


class Oracle:
    def __init__(self, alpine_root):
        self.alpine_root = alpine_root
        self.node = subprocess.Popen(
            ["node", "-e", NODE], cwd=HERE, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.calls = {}

    def count(self, eco):
        self.calls[eco] = self.calls.get(eco, 0) + 1

    @functools.lru_cache(maxsize=None)
    def compare(self, eco, a, b):
        """-1, 0, 1 as a sorts before, equal to, after b in eco."""
        self.count(eco)
        if eco == "deb":
            for op, r in (("lt", -1), ("eq", 0)):
                if subprocess.run(["dpkg", "--compare-versions", a, op, b]).returncode == 0:
                    return r
            return 1
        if eco == "apk":
            out = subprocess.run(["chroot", self.alpine_root, "/sbin/apk", "version", "-t", a, b],
                                 capture_output=True, text=True, check=True).stdout.strip()
            return {"<": -1, "=": 0, ">": 1}[out]
        if eco == "pypi":
            va, vb = Version(a), Version(b)
            return (va > vb) - (va < vb)
        if eco in ("npm", "golang", "cargo"):
            self.node.stdin.write(json.dumps([a, b]) + "\n")
            self.node.stdin.flush()
            return int(self.node.stdout.readline())
        raise ValueError("no oracle for " + eco)


NODE = r"""
const semver = require('semver');
const rl = require('readline').createInterface({input: process.stdin});
rl.on('line', l => { const [a, b] = JSON.parse(l); console.log(semver.compare(a, b)); });
"""


def osv_affected(cmp, v, entry):
    """OSV's evaluation: listed, or inside a range's sorted events."""
    if any(cmp(v, x) == 0 for x in entry.get("versions", [])):
        return True, None
    for rng in entry.get("ranges", []):
        if rng["type"] not in ("ECOSYSTEM", "SEMVER"):
            continue
        evs = []
        for e in rng["events"]:
            (kind, bound), = e.items()
            if kind == "limit" and bound == "*":
                continue
            evs.append((kind, bound))
        zero = [e for e in evs if e == ("introduced", "0")]
        rest = sorted([e for e in evs if e != ("introduced", "0")],
                      key=functools.cmp_to_key(lambda x, y: cmp(x[1], y[1])))
        affected = False
        for kind, bound in zero + rest:
            if kind == "introduced":
                if bound == "0" or cmp(v, bound) >= 0:
                    affected = True
            elif kind == "fixed":
                if cmp(v, bound) >= 0:
                    affected = False
            elif kind == "last_affected":
                if cmp(v, bound) > 0:
                    affected = False
            elif kind == "limit":
                if cmp(v, bound) >= 0:
                    affected = False
        if affected:
            return True, rng
    return False, None


def fixes(entry):
    return [e["fixed"] for r in entry.get("ranges", []) for e in r["events"] if "fixed" in e]

# ---------------------------------------------------------------- names


def pep503(n):
    return re.sub(r"[-_.]+", "-", n.lower())


def norm(eco, name):
    if eco == "pypi":
        return pep503(name)
    if eco in ("nuget", "composer"):
        return name.lower()
    return name


def app_name(p):
    """group:artifact, @scope/name, module path; a name that already holds its
    namespace (an SBOM's Go module) is taken whole."""
    ns, sep = p.get("namespace", ""), ":" if p["type"] == "maven" else "/"
    if not ns or p["name"].startswith(ns + sep):
        return p["name"]
    return ns + sep + p["name"]


def release_of(distro):
    i, v = distro["id"], distro.get("versionId", "")
    if i in ("debian", "rhel", "rocky", "almalinux"):
        v = v.split(".")[0]
    elif i in ("alpine", "ubuntu"):
        v = ".".join(v.split(".")[:2])
    return {"distro": i, "version": v}


OS = {"deb", "rpm", "apk"}

# ---------------------------------------------------------------- feeds


def advisory(id_, feed, record, aliases=(), related=(), affected=(), summary=""):
    a = {"id": id_, "source": {"feed": feed, "record": record}, "affected": list(affected)}
    al = sorted({x for x in aliases if x != id_})
    if al:
        a["aliases"] = al
    rel = sorted({x for x in related if x != id_})
    if rel:
        a["related"] = rel
    if summary:
        a["summary"] = summary
    return a


def fixed_range(v):
    return [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": v}]}]


def alpine(feeds):
    """Alpine secdb: per package, the IDs each version fixed; "0": never affected.
    A string of several IDs names each CVE in it, the others being its aliases."""
    out = []
    for repo in ("main", "community"):
        doc = json.load(open(f"{feeds}/alpine-secdb/v3.19/{repo}.json"))
        rel = {"distro": "alpine", "version": doc["distroversion"].lstrip("v")}
        by_id = {}
        for p in doc["packages"]:
            name = p["pkg"]["name"]
            for ver, ids in (p["pkg"].get("secfixes") or {}).items():
                for raw in ids or []:
                    toks = [t for t in raw.split() if re.match(r"^[A-Z]+-[\w-]+$", t)]
                    cves = [t for t in toks if t.startswith("CVE-")] or toks[:1]
                    for cve in cves:
                        e = by_id.setdefault(cve, {"aliases": set(), "affected": {}})
                        e["aliases"].update(t for t in toks if not t.startswith("CVE-") and t != cve)
                        af = e["affected"].setdefault(name, {"ecosystem": "apk", "release": rel, "package": name})
                        if ver == "0":
                            af["status"] = "not_affected"
                        else:
                            af.setdefault("ranges", []).extend(fixed_range(ver))
        for cve, e in sorted(by_id.items()):
            out.append(advisory(cve, f"alpine-v3.19-{repo}", cve, aliases=e["aliases"], affected=e["affected"].values()))
    return out, [("apk", {"distro": "alpine", "version": "3.19"})]


DEBIAN = {"bookworm": "12", "bullseye": "11", "buster": "10", "stretch": "9", "jessie": "8", "wheezy": "7",
          "squeeze": "6", "lenny": "5", "etch": "4", "sarge": "3.1", "woody": "3.0"}


def debian(feeds):
    """Debian's DSA and DLA lists: per advisory, its CVEs and each release's
    fixed source version, or <not-affected>, <unfixed>, <end-of-life>."""
    out = []
    for name in ("DSA-list.txt", "DLA-list.txt"):
        cur = None
        for line in open(f"{feeds}/debian/{name}", encoding="utf-8"):
            m = re.match(r"^\[[^\]]+\] (D[SL]A-\S+) (\S+) ", line)
            if m:
                cur = advisory(m.group(1), "debian-" + name[:3].lower(), m.group(1))
                out.append(cur)
                continue
            if cur is None:
                continue
            m = re.match(r"^\s+\{(.*)\}", line)
            if m:
                cur["aliases"] = sorted(set(m.group(1).split()))
                continue
            m = re.match(r"^\s+\[(\w+)\] - (\S+) (\S+)", line)
            if m and m.group(1) in DEBIAN:
                rel = {"distro": "debian", "version": DEBIAN[m.group(1)]}
                af = {"ecosystem": "deb", "release": rel, "package": m.group(2)}
                v = m.group(3)
                if v == "<not-affected>":
                    af["status"] = "not_affected"
                elif v == "<end-of-life>":
                    af["status"] = "will_not_fix"
                elif v == "<unfixed>":
                    pass  # affected, no fix
                elif v.startswith("<"):
                    continue
                else:
                    af["ranges"] = fixed_range(v)
                cur["affected"].append(af)
    return [a for a in out if a["affected"]], []


def list_subset(data, feeds, wanted_names):
    """Copy the entries of Debian's lists that name a wanted package."""
    os.makedirs(f"{feeds}/debian", exist_ok=True)
    for name in ("DSA-list.txt", "DLA-list.txt"):
        entries, cur = [], None
        for line in open(f"{data}/feeds-full/debian-security-tracker/{name}", encoding="utf-8"):
            if line.startswith("["):
                cur = [line]
                entries.append(cur)
            elif cur is not None:
                cur.append(line)
        with open(f"{feeds}/debian/{name}", "w", encoding="utf-8") as f:
            for e in entries:
                if any(re.match(r"^\s+\[\w+\] - (\S+) ", l) and re.match(r"^\s+\[\w+\] - (\S+) ", l).group(1) in wanted_names for l in e):
                    f.writelines(e)


UBUNTU = {"trusty": "14.04", "xenial": "16.04", "bionic": "18.04", "focal": "20.04", "jammy": "22.04", "noble": "24.04"}
SOURCE = re.compile(r"pkg:deb/ubuntu/([^@]+)@([^?]+)\?arch=source&distro=(?:[\w-]+/)?(\w+)$")


def vex_subset(data, feeds, wanted_os):
    """Ubuntu's OpenVEX documents with only the statements' products for the
    inventories' source packages (their source and binary products)."""
    os.makedirs(f"{feeds}/ubuntu-vex", exist_ok=True)
    for path in sorted(glob.glob(f"{data}/advisories/ubuntu-openvex/*.json")):
        doc = json.load(open(path))
        kept = []
        for st in doc["statements"]:
            keep = set()
            for prod in st["products"]:
                m = SOURCE.match(prod["@id"])
                if m and m.group(3) in UBUNTU and \
                        ("deb", json.dumps({"distro": "ubuntu", "version": UBUNTU[m.group(3)]}), m.group(1)) in wanted_os:
                    keep.add((m.group(2), m.group(3)))
            prods = [p for p in st["products"]
                     if any(f"@{v}?" in p["@id"] and p["@id"].endswith(c) for v, c in keep)]
            if prods:
                kept.append(dict(st, products=prods))
        if kept:
            with open(f"{feeds}/ubuntu-vex/{os.path.basename(path)}", "w") as f:
                json.dump(dict(doc, statements=kept), f, indent=1)
                f.write("\n")


def ubuntu_vex(feeds):
    """Ubuntu's OpenVEX: each source package's status per release (an ESM
    pocket is its release); "affected" that the team decided not to fix, or
    in a release no longer supported, is will-not-fix."""
    out = []
    for path in sorted(glob.glob(f"{feeds}/ubuntu-vex/*.json")):
        doc = json.load(open(path))
        cve = os.path.basename(path).removesuffix(".json")
        afs = []
        for st in doc["statements"]:
            for prod in st["products"]:
                m = SOURCE.match(prod["@id"])
                if not m or m.group(3) not in UBUNTU:
                    continue
                name, ver = m.group(1), m.group(2).replace("%2B", "+").replace("%7E", "~").replace("%3A", ":")
                af = {"ecosystem": "deb", "release": {"distro": "ubuntu", "version": UBUNTU[m.group(3)]}, "package": name}
                action = st.get("action_statement", "")
                if st["status"] == "fixed":
                    af["ranges"] = fixed_range(ver)
                elif st["status"] == "affected" and ("decided to not fix" in action or "no longer supported" in action):
                    af["status"] = "will_not_fix"
                else:
                    af["status"] = st["status"]
                afs.append(af)
        if afs:
            out.append(advisory(cve, "ubuntu-vex", os.path.basename(path), affected=afs))
    return out, []


OSV_ECO = {"PyPI": "pypi", "Go": "golang", "crates.io": "cargo", "npm": "npm"}


def osv_eco(e):
    name, _, suffix = e.partition(":")
    if name in OSV_ECO:
        return OSV_ECO[name], None
    if name == "Ubuntu":
        s = suffix.removeprefix("Pro:").removesuffix(":LTS")
        return "deb", {"distro": "ubuntu", "version": s}
    return None, None


def osv_records(data, wanted):
    """The OSV records that name a wanted (ecosystem, name), with their ecosystem dir."""
    sources = [
        ("pypi", f"{data}/feeds-full/pypa-advisory-db/vulns.zip"),
        ("golang", f"{data}/feeds-full/go-vulndb/all.zip"),
        ("cargo", f"{data}/feeds-full/rustsec-osv/all.zip"),
    ]
    for eco, path in sources:
        with zipfile.ZipFile(path) as z:
            for n in sorted(z.namelist()):
                if not n.endswith((".json", ".yaml")):
                    continue
                raw = z.read(n)
                rec = json.loads(raw) if n.endswith(".json") else timestamps(yaml.safe_load(io.BytesIO(raw)))
                if any((osv_eco(a["package"]["ecosystem"])[0], norm(eco, a["package"]["name"])) in wanted
                       for a in rec.get("affected", [])):
                    yield eco, rec
    for eco, d in (("npm", "npm"), ("deb", "ubuntu")):
        for path in sorted(glob.glob(f"{data}/advisories/osv/{d}/*.json")):
            yield eco, json.load(open(path))
    for path in sorted(glob.glob(f"{HERE}/sources/ghsa/*.json")):
        yield "npm", json.load(open(path))


def timestamps(x):
    """YAML's timestamps as OSV's JSON writes them (RFC 3339, UTC)."""
    if isinstance(x, dict):
        return {k: timestamps(v) for k, v in x.items()}
    if isinstance(x, list):
        return [timestamps(v) for v in x]
    if isinstance(x, datetime.datetime):
        if x.tzinfo is not None:
            x = x.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return x.isoformat(timespec="seconds") + "Z"
    if isinstance(x, datetime.date):
        return x.isoformat() + "T00:00:00Z"
    return x


def osv_to_advisories(rec):
    """What the matcher reads of an OSV record, as this script reads it."""
    afs = []
    for a in rec.get("affected", []):
        eco, rel = osv_eco(a["package"]["ecosystem"])
        if eco is None:
            continue
        ranges = [r for r in a.get("ranges", []) if r["type"] != "GIT"]
        if not ranges and not a.get("versions"):
            continue
        af = {"ecosystem": eco, "package": a["package"]["name"], "ranges": ranges, "versions": a.get("versions", [])}
        if rel:
            af["release"] = rel
        afs.append(af)
    adv = advisory(rec["id"], "osv", rec["id"], aliases=rec.get("aliases") or [],
                   related=(rec.get("related") or []) + (rec.get("upstream") or []), affected=afs)
    if rec.get("withdrawn"):
        adv["withdrawn"] = rec["withdrawn"]
    return adv

# ---------------------------------------------------------------- matching rules

RANK = {"under_investigation": 1, "open": 2, "will_not_fix": 3, "not_affected": 4, "resolved": 5, "affected": 6}
CVE = re.compile(r"(?:^|-)(CVE-\d{4}-\d{4,})$")


def cve_of(i):
    m = CVE.search(i)
    return m.group(1) if m else None


def vulns(adv, distro):
    """The vulnerabilities an advisory speaks of, as [(ids to join, ids to show)]:
    its CVEs (a distro's record also names its upstream CVEs among related
    IDs); an advisory of several CVEs speaks of each apart."""
    ids = [adv["id"]] + adv.get("aliases", [])
    upstream = [i for i in adv.get("related", []) if cve_of(i)] if distro else []
    cves = []
    for i in ids + upstream:
        if cve_of(i) and cve_of(i) not in cves:
            cves.append(cve_of(i))
    others = [i for i in ids if i not in cves] + [i for i in upstream if i != cve_of(i)]
    if len(cves) > 1:
        return [([c], others) for c in cves]
    return [(cves + others, [])]


def expected(inv, advs, covered, oracle):
    rel = release_of(inv["distro"]) if inv.get("distro") else None
    index = {}
    for a in advs:
        if a.get("withdrawn"):
            continue
        for af in a["affected"]:
            k = (af["ecosystem"], json.dumps(af.get("release")), norm(af["ecosystem"], af.get("package", "")))
            index.setdefault(k, []).append((a, af))
    findings, gaps = [], {}
    for p in inv["packages"]:
        eco = p["type"]
        if eco in OS:
            if rel is None:
                gaps.setdefault((eco, None), 0)
                gaps[(eco, None)] += 1
                continue
            names = []
            o = p.get("origin")
            if o and o["name"] != p["name"]:
                names.append((o["name"], o.get("version") or p["version"]))
            names.append((p["name"], p["version"]))
            r = rel
        else:
            names, r = [(app_name(p), p["version"])], None
        if (eco, json.dumps(r)) not in covered:
            k = (eco, json.dumps(r))
            gaps[k] = gaps.get(k, 0) + 1
            continue
        cmp = functools.partial(oracle.compare, eco)
        found = []  # (rank, status, fixed, advisory, distro)
        for name, ver in names:
            for a, af in index.get((eco, json.dumps(r), norm(eco, name)), []):
                st = af.get("status", "affected")
                if st != "affected":
                    found.append((st, [], a, af))
                    continue
                if not af.get("ranges") and not af.get("versions"):
                    found.append(("open", [], a, af))
                    continue
                hit, _ = osv_affected(cmp, ver, af)
                above = sorted({f for f in fixes(af) if cmp(f, ver) > 0}, key=functools.cmp_to_key(cmp))
                if hit:
                    # a range no fix ends says no more than "affected, no fix"
                    found.append(("affected" if fixes(af) else "open", above, a, af))
                elif eco in OS and fixes(af):
                    found.append(("resolved", [], a, af))
        # join by vulnerability
        parent = {}

        def find(x):
            parent.setdefault(x, x)
            while parent[x] != x:
                x = parent[x]
            return x
        parts = []
        for st, fx, a, af in found:
            for keys, labels in vulns(a, "release" in af):
                for k in keys[1:]:
                    parent[find(k)] = find(keys[0])
                find(keys[0])
                parts.append((keys[0], st, fx, labels))
        groups = {}
        for k0, st, fx, labels in parts:
            groups.setdefault(find(k0), []).append((st, fx))
        members = {}
        for i in list(parent):
            members.setdefault(find(i), []).append(i)
        for root, ps in groups.items():
            best = max(ps, key=lambda x: RANK[x[0]])[0]
            if best == "resolved":
                continue
            ids = members[root]
            cves = sorted(i for i in ids if i.startswith("CVE-"))
            ghsa = sorted(i for i in ids if i.startswith("GHSA-"))
            vid = (cves or ghsa or sorted(ids))[0]
            fx = set()
            for st, f in ps:
                if st == "affected":
                    fx.update(f)
            findings.append({
                "purl": p.get("purl", ""), "package": p["name"] + "@" + p["version"], "ecosystem": eco,
                "location": (p.get("evidence") or [""])[0],
                "vulnerability": vid, "status": "affected" if best == "open" else best,
                "fixed": sorted(fx, key=functools.cmp_to_key(cmp)),
            })
    findings.sort(key=lambda f: (f["ecosystem"], f["purl"], f["location"], f["vulnerability"]))
    return {
        "findings": findings,
        "gaps": [{"ecosystem": e, "release": json.loads(r) if r else None, "packages": n} for (e, r), n in sorted(gaps.items(), key=str)],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--alpine-root", required=True)
    args = ap.parse_args()
    invs = {os.path.basename(p).removesuffix(".inventory.json"): json.load(open(p))
            for p in sorted(glob.glob(f"{HERE}/inventory/*.inventory.json"))}
    wanted_os, wanted = set(), set()
    for inv in invs.values():
        for p in inv["packages"]:
            if p["type"] in OS and inv.get("distro"):
                r = json.dumps(release_of(inv["distro"]))
                wanted_os.add((p["type"], r, p["name"]))
                if p.get("origin"):
                    wanted_os.add((p["type"], r, p["origin"]["name"]))
            else:
                wanted.add((p["type"], norm(p["type"], app_name(p))))

    feeds = f"{HERE}/feeds"
    os.makedirs(f"{feeds}/alpine-secdb/v3.19", exist_ok=True)
    for repo in ("main", "community"):
        shutil.copyfile(f"{args.data}/feeds-full/alpine-secdb/v3.19/{repo}.json", f"{feeds}/alpine-secdb/v3.19/{repo}.json")
    list_subset(args.data, feeds, {n for e, r, n in wanted_os if e == "deb"})
    distro = alpine(feeds)[0] + debian(feeds)[0]

    vex_subset(args.data, feeds, wanted_os)
    distro += ubuntu_vex(feeds)[0]
    covered = [("pypi", None), ("golang", None), ("cargo", None)]  # whole feeds were read

    osv = []
    for old in glob.glob(f"{HERE}/osv/*/*.json"):
        os.remove(old)
    for eco, rec in osv_records(args.data, wanted):
        os.makedirs(f"{HERE}/osv/{eco}", exist_ok=True)
        with open(f"{HERE}/osv/{eco}/{rec['id']}.json", "w") as f:
            json.dump(rec, f, indent=1, sort_keys=True)
            f.write("\n")
        osv.append(osv_to_advisories(rec))

    advs = distro + osv
    cov = {(e, json.dumps(r)) for e, r in covered}
    for a in advs:
        for af in a["affected"]:
            cov.add((af["ecosystem"], json.dumps(af.get("release"))))
    oracle = Oracle(args.alpine_root)
    os.makedirs(f"{HERE}/expected", exist_ok=True)
    for name, inv in invs.items():
        exp = expected(inv, advs, cov, oracle)
        with open(f"{HERE}/expected/{name}.json", "w") as f:
            json.dump(exp, f, indent=1, sort_keys=True)
            f.write("\n")
        print(name, len(inv["packages"]), "packages,", len(exp["findings"]), "findings,", len(exp["gaps"]), "gaps")
    print("oracle calls:", oracle.calls, file=sys.stderr)


if __name__ == "__main__":
    main()
