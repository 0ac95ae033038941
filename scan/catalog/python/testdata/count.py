"""Counts the packages of each lockfile in lock/ with Python's own tomllib
and json, independently of the Go code, for lockfile_test.go and README.md.

Prints {file: {"packages": ["name@version", ...], "dev": [...]}}, names
normalised as PEP 503 says, one entry per distinct name and version.
Run from this directory: python3 count.py
"""
import json
import re
import tomllib


def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def result(pairs):
    """pairs: (name, version, dev); a package is dev when all its entries are."""
    dev = {}
    for n, v, d in pairs:
        k = f"{norm(n)}@{v}"
        dev[k] = dev.get(k, True) and d
    return {"packages": sorted(dev), "dev": sorted(k for k, d in dev.items() if d)}


def poetry(path):
    d = tomllib.load(open(path, "rb"))
    out = []
    for p in d["package"]:
        groups = p.get("groups")
        dev = p.get("category") == "dev" or (groups is not None and "main" not in groups)
        out.append((p["name"], p["version"], dev))
    return result(out)


def pipfile(path):
    d = json.load(open(path))
    out = []
    for section, dev in (("default", False), ("develop", True)):
        for n, p in d.get(section, {}).items():
            v = p.get("version", "")
            if v.startswith("=="):
                out.append((n, v.lstrip("="), dev))
    return result(out)


def uv(path):
    d = tomllib.load(open(path, "rb"))
    pkgs = d["package"]
    roots = [p for p in pkgs if "editable" in p["source"] or "virtual" in p["source"]]

    def reach(deps):
        seen, todo = set(), list(deps)
        while todo:
            dep = todo.pop()
            for p in pkgs:
                if norm(p["name"]) != norm(dep["name"]) or dep.get("version", p["version"]) != p["version"]:
                    continue
                key = (p["name"], p["version"])
                extras = tuple(dep.get("extra", []))
                if (key, extras) in seen:
                    continue
                seen.add((key, extras))
                todo += p.get("dependencies", [])
                for x in extras:
                    todo += p.get("optional-dependencies", {}).get(x, [])
        return {k for k, _ in seen}

    prod = reach([x for r in roots for x in r.get("dependencies", []) + sum(r.get("optional-dependencies", {}).values(), [])])
    dev = reach([x for r in roots for x in sum(r.get("dev-dependencies", {}).values(), [])])
    return result((p["name"], p["version"], (p["name"], p["version"]) in dev - prod) for p in pkgs if p not in roots)


def pdm(path):
    d = tomllib.load(open(path, "rb"))
    return result((p["name"], p["version"], bool(p.get("groups")) and "default" not in p["groups"]) for p in d["package"])


def pylock(path):
    d = tomllib.load(open(path, "rb"))
    defaults = d.get("default-groups", [])
    out = []
    for p in d["packages"]:
        if "version" not in p:
            continue
        groups = re.findall(r"""['"]([^'"]+)['"]\s+(not\s+)?in\s+dependency_groups""", p.get("marker", ""))
        dev = bool(groups) and all(not neg and g not in defaults for g, neg in groups)
        out.append((p["name"], p["version"], dev))
    return result(out)


files = {
    "lock/poetry-v1/poetry.lock": poetry,
    "lock/poetry-v2/poetry.lock": poetry,
    "lock/pipenv/Pipfile.lock": pipfile,
    "lock/uv/uv.lock": uv,
    "lock/pdm/pdm.lock": pdm,
    "lock/pylock/pylock.toml": pylock,
    "lock/pylock-groups/pylock.dev.toml": pylock,
}
print(json.dumps({f: fn(f) for f, fn in files.items()}, indent=1))
