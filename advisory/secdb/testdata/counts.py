#!/usr/bin/env python3
"""Counts what advisory/secdb should make of secdb files, computed apart
from the Go code: for each file, the advisories (distinct IDs), their
Affected entries (ID x package), the not-affected ones (only under "0"),
the ranges (ID x package x fixed version) and the strings holding a
malformed ID. Usage: counts.py ROOT FILE... (paths printed relative to
ROOT), one tab-separated line per file."""
import json, re, sys

CVE = re.compile(r'^CVE[-_]([0-9]{4})-([0-9]{4,})')
OTHER = re.compile(r'^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$')

def ids_of(s):
    plain = re.sub(r'\([^)]*\)?', ' ', s)  # drop notes in parentheses
    cves, others, bad = [], [], 0
    for tok in plain.split():
        if not re.search(r'[0-9]', tok) or '?' in tok:
            continue
        if tok.upper().startswith('CVE'):
            m = CVE.match(tok.upper())
            if m:
                cves.append('CVE-%s-%s' % m.groups())
            else:
                bad += 1
        elif OTHER.match(tok):
            others.append(tok)
        else:
            bad += 1
    heads = list(dict.fromkeys(cves)) or list(dict.fromkeys(others))[:1]
    return heads, bad > 0 or not heads

def count(path):
    doc = json.load(open(path))
    pkgs = doc.get('packages') or []
    fixes = {}  # (id, pkg) -> set of versions
    bad = 0
    for p in (pkgs if isinstance(pkgs, list) else []):
        name = p['pkg']['name']
        for ver, strs in (p['pkg'].get('secfixes') or {}).items():
            for s in strs or []:
                heads, malformed = ids_of(s)
                bad += malformed
                for h in heads:
                    fixes.setdefault((h, name), set()).add(ver)
    advs = {k[0] for k in fixes}
    notaff = sum(1 for v in fixes.values() if v == {'0'})
    ranges = sum(len(v - {'0'}) for v in fixes.values())
    return len(advs), len(fixes), notaff, ranges, bad

root = sys.argv[1].rstrip('/') + '/'
for path in sys.argv[2:]:
    print('\t'.join([path[len(root):]] + [str(n) for n in count(path)]))
