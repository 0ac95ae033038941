#!/usr/bin/env python3
"""Lists the packages of an npm, yarn or pnpm lockfile, independently of
loadline's Go code: one line per package, sorted,
name<TAB>version<TAB>dev<TAB>dependencies (name@version, comma-separated).

Usage: expected.py LOCKFILE > expected-LOCKFILE.tsv (see PROVENANCE.md);
with several lockfiles, each one's lines follow a line "==> LOCKFILE".
Rules (as Lockfile's doc states them): packages are merged by name and
version; dev is "true" when every entry of the package is dev;
workspaces, links and local folders are not packages."""
import json, re, sys, yaml

pkgs = {}   # (name, version) -> {"dev": bool, "deps": set}

def add(name, version, dev):
    p = pkgs.setdefault((name, version), {"dev": True, "deps": set()})
    p["dev"] = p["dev"] and bool(dev)
    return (name, version)

def package_lock(doc):
    if "packages" in doc:
        locs = doc["packages"]
        at = {}
        for loc, v in locs.items():
            if v.get("link") or not re.search(r"(^|/)node_modules/", loc):
                continue
            name = v.get("name") or loc.rsplit("node_modules/", 1)[1]
            at[loc] = add(name, v["version"], v.get("dev"))
        def resolve(loc, name):
            parts = loc.split("/") if loc else []
            while True:
                if not parts or parts[-1] != "node_modules":
                    cand = "/".join(parts + ["node_modules", name])
                    if cand in locs:
                        v = locs[cand]
                        return at.get(v["resolved"]) if v.get("link") else at.get(cand)
                if not parts:
                    return None
                parts = parts[:-1]
        for loc, k in at.items():
            v = locs[loc]
            for f in ("dependencies", "optionalDependencies", "peerDependencies"):
                for d in v.get(f, {}):
                    t = resolve(loc, d)
                    if t and t != k:
                        pkgs[k]["deps"].add(t)
        return
    def walk(deps, scopes):
        level, todo = {}, []
        for name, v in deps.items():
            full, ver = name, v["version"]
            if ver.startswith("npm:"):
                full, ver = ver[4:].rsplit("@", 1)
            k = None if ver.startswith("file:") else add(full, ver, v.get("dev"))
            level[name] = k
            todo.append((v, k))
        scopes = scopes + [level]
        for v, k in todo:
            s = scopes
            if v.get("dependencies"):
                s = scopes + [walk(v["dependencies"], scopes)]
            if k is None:
                continue
            for r in v.get("requires", {}):
                for lvl in reversed(s):
                    if r in lvl:
                        if lvl[r] and lvl[r] != k:
                            pkgs[k]["deps"].add(lvl[r])
                        break
        return level
    walk(doc.get("dependencies", {}), [])

def spec_name(spec):
    i = spec.index("@", 1)
    return spec[:i], spec[i + 1:]

def yarn1(text):
    blocks = re.split(r"\n(?=[^\s#])", "\n" + text)
    byspec, entries = {}, []
    for b in blocks:
        lines = [l for l in b.split("\n") if l.strip() and not l.lstrip().startswith("#")]
        if not lines:
            continue
        specs = [s.strip().strip('"') for s in lines[0].rstrip(":").split(",")]
        name, rng = spec_name(specs[0])
        if rng.startswith("npm:"):
            name = rng[4:].rsplit("@", 1)[0]
        if rng.startswith(("file:", "link:")):
            continue
        fields, deps, block = {}, {}, None
        for l in lines[1:]:
            ind = len(l) - len(l.lstrip(" "))
            m = re.match(r'\s*("[^"]+"|[^\s:]+):?\s*(.*)$', l)
            k, v = m.group(1).strip('"'), m.group(2).strip('"')
            if ind == 2:
                fields[k] = v
                block = k if k in ("dependencies", "optionalDependencies") else None
            elif ind == 4 and block:
                deps[k] = v
        k = add(name, fields["version"], False)
        for s in specs:
            byspec[s] = k
        entries.append((k, deps))
    for k, deps in entries:
        for n, r in deps.items():
            t = byspec.get(n + "@" + r)
            if t and t != k:
                pkgs[k]["deps"].add(t)

def berry(doc):
    bydesc, entries = {}, []
    for key, v in doc.items():
        if key == "__metadata":
            continue
        name, ref = spec_name(v["resolution"])
        if ref.split(":", 1)[0] in ("workspace", "link", "portal", "file"):
            continue
        k = add(name, str(v["version"]), False)
        for d in key.split(","):
            bydesc[d.strip()] = k
        entries.append((k, v))
    for k, v in entries:
        for f in ("dependencies", "optionalDependencies", "peerDependencies"):
            for n, r in (v.get(f) or {}).items():
                t = bydesc.get(n + "@" + str(r)) or bydesc.get(n + "@npm:" + str(r))
                if t and t != k:
                    pkgs[k]["deps"].add(t)

def pnpm(doc):
    v5 = float(str(doc["lockfileVersion"]).split("-")[0]) < 6
    def pid(key):
        key = key.lstrip("/")
        if v5:
            parts = key.split("/")
            n = 2 if key.startswith("@") else 1
            return "/".join(parts[:n]) + "@" + "/".join(parts[n:]).split("_")[0].split("(")[0]
        return key.split("(")[0]
    ids, edges = {}, {}
    for key, v in (doc.get("packages") or {}).items():
        i = pid(key)
        name, ver = spec_name(i)
        name = v.get("name", name)
        if "version" in v:
            ver = str(v["version"])
        elif ":" in ver or "/" in ver:
            continue
        ids[i] = add(name, ver, v.get("dev") is True)
    src = doc.get("snapshots") or doc.get("packages") or {}
    def resolve(n, ver):
        ver = str(ver)
        if "/" in ver and pid(ver) in ids:
            return ids[pid(ver)]
        base = ver.split("(")[0]
        if v5:
            base = base.split("_")[0]
        return ids.get(n + "@" + base) or ids.get(ver.split("(")[0])
    for key, v in src.items():
        k = ids.get(pid(key))
        if not k:
            continue
        for f in ("dependencies", "optionalDependencies"):
            for n, ver in ((v or {}).get(f) or {}).items():
                t = resolve(n, ver)
                if t:
                    edges.setdefault(k, set()).add(t)
                    if t != k:
                        pkgs[k]["deps"].add(t)
    if "snapshots" in doc:
        def reach(roots):
            seen, todo = set(), [r for r in roots if r]
            while todo:
                x = todo.pop()
                if x not in seen:
                    seen.add(x)
                    todo.extend(edges.get(x, ()))
            return seen
        prod, dev = [], []
        for imp in (doc.get("importers") or {}).values():
            for f, dst in (("dependencies", prod), ("optionalDependencies", prod), ("devDependencies", dev)):
                for n, d in (imp.get(f) or {}).items():
                    dst.append(resolve(n, d["version"]))
        p, d = reach(prod), reach(dev)
        for k in pkgs:
            pkgs[k]["dev"] = k in d and k not in p

def main(path):
    pkgs.clear()
    text = open(path, encoding="utf-8").read()
    if path.endswith(".json"):
        package_lock(json.loads(text))
    elif path.endswith(".yaml"):
        pnpm(yaml.safe_load(text))
    elif re.search(r"^__metadata:", text, re.M):
        berry(yaml.safe_load(text))
    else:
        yarn1(text)
    for (n, v), p in sorted(pkgs.items()):
        deps = ",".join(sorted(a + "@" + b for a, b in p["deps"]))
        print(f"{n}\t{v}\t{'true' if p['dev'] else 'false'}\t{deps}")

for path in sys.argv[1:]:
    if len(sys.argv) > 2:
        print("==> " + path)
    main(path)
