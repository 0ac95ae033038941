#!/usr/bin/env python3
"""Writes expected-<file>.tsv for each deps.json and packages.lock.json in
this directory: the packages each lists, counted with python's json module
alone (independently of the Go code), one "name<TAB>version" line each,
sorted. Rules, as the Go doc comments state them:
deps.json: libraries of type package or runtimepack ("runtimepack." cut from
the name), left out when the runtime target (or every target when
runtimeTarget names none) lists them with no runtime/native/runtimeTargets/
resources asset or as compileOnly; keys without "/" are not packages.
packages.lock.json: every entry not of type Project, deduplicated by
lowercased name and resolved version across frameworks (first spelling in
sorted framework and name order)."""
import glob, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1] if len(sys.argv) > 1 else here

def deps(d):
    rt = d.get("runtimeTarget", {}).get("name")
    ts = [d["targets"][rt]] if rt in d.get("targets", {}) else [d["targets"][k] for k in sorted(d.get("targets", {}))]
    rows = []
    for lib, v in d["libraries"].items():
        t = v.get("type", "").lower()
        if t not in ("package", "runtimepack") or lib.count("/") != 1:
            continue
        name, ver = lib.split("/")
        if not name or not ver:
            continue
        entries = [x[lib] for x in ts if lib in x]
        if entries and not any(not e.get("compileOnly") and any(e.get(a) for a in ("runtime", "native", "runtimeTargets", "resources")) for e in entries):
            continue
        if t == "runtimepack" and name.startswith("runtimepack."):
            name = name[len("runtimepack."):]
        rows.append((name, ver))
    return rows

def lock(d):
    seen, rows = set(), []
    for fw in sorted(d["dependencies"]):
        for name in sorted(d["dependencies"][fw]):
            e = d["dependencies"][fw][name]
            if e.get("type", "").lower() == "project" or not e.get("resolved"):
                continue
            k = (name.lower(), e["resolved"])
            if k not in seen:
                seen.add(k)
                rows.append((name, e["resolved"]))
    return rows

for f in sorted(glob.glob(os.path.join(here, "*.json"))):
    b = os.path.basename(f)
    d = json.load(open(f, encoding="utf-8"))
    rows = lock(d) if b.endswith("packages.lock.json") else deps(d)
    with open(os.path.join(out, "expected-" + b[:-len(".json")] + ".tsv"), "w") as w:
        for r in sorted(rows):
            w.write("\t".join(r) + "\n")
