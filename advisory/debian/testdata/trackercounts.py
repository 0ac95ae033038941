#!/usr/bin/env python3
"""Counts what advisory/debian should make of tracker JSON exports,
computed apart from the Go code. For each file: advisories (issues with
at least one release of a known codename in some package), affected
entries (package x release),
and of those: fixed, not affected, affected without fix, will not fix,
under investigation; and the errors (an issue whose releases are not an
object, a release with an unknown status or resolved with no version). Usage: trackercounts.py FILE..."""
import json, os, sys

KNOWN = set('buzz rex bo hamm slink potato woody sarge etch lenny squeeze wheezy jessie stretch '
            'buster bullseye bookworm trixie forky duke sid'.split())
for path in sys.argv[1:]:
    doc = json.load(open(path))
    aff = fixed = na = open_ = wnf = inv = errs = 0
    ids = set()
    for pkg, issues in doc.items():
        for cve, issue in issues.items():
            rels = issue.get('releases') or {}
            if not isinstance(rels, dict):
                errs += 1
                continue
            n = 0
            for code, r in rels.items():
                if code not in KNOWN:
                    continue
                st = r.get('status')
                if st not in ('resolved', 'open', 'undetermined') or (st == 'resolved' and not r.get('fixed_version')):
                    errs += 1
                    continue
                n += 1
                if st == 'resolved':
                    if r.get('fixed_version') == '0': na += 1
                    else: fixed += 1
                elif st == 'open':
                    if r.get('nodsa_reason') == 'ignored' or r.get('urgency') == 'end-of-life': wnf += 1
                    else: open_ += 1
                elif st == 'undetermined':
                    inv += 1
            if n:
                ids.add(cve)
            aff += n
    print('\t'.join(map(str, [os.path.basename(path), len(ids), aff, fixed, na, open_, wnf, inv, errs])))
