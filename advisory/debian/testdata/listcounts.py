#!/usr/bin/env python3
"""Counts what advisory/debian should make of DSA/DLA lists, computed apart
from the Go code. For each file: entries (header lines), advisories
(entries with at least one "[release] - package" line), package lines,
of which fixed, <not-affected>, <end-of-life> and <unfixed>, and aliases
(distinct IDs in braces per advisory, summed). Usage: listcounts.py FILE..."""
import os, re, sys

for path in sys.argv[1:]:
    entries = advs = lines = fixed = na = eol = unfixed = aliases = 0
    cur_lines, cur_ids = 0, set()
    def close():
        global advs, aliases
        if cur_lines:
            advs += 1
            aliases += len(cur_ids)
    for line in open(path, encoding='utf-8'):
        if line.startswith('['):
            close()
            entries += 1
            cur_lines, cur_ids = 0, set()
            continue
        t = line.strip()
        if t.startswith('{'):
            cur_ids.update(t.strip('{}').split())
        elif re.match(r'^\[[a-z0-9-]+\] - ', t):
            cur_lines += 1
            lines += 1
            v = t.split()[3]
            if v == '<not-affected>': na += 1
            elif v == '<end-of-life>': eol += 1
            elif v == '<unfixed>': unfixed += 1
            else: fixed += 1
    close()
    print('\t'.join(map(str, [os.path.basename(path), entries, advs, lines, fixed, na, eol, unfixed, aliases])))
