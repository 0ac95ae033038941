#!/usr/bin/env python3
"""Lists the Maven artifacts that the pom.properties files in each jar here
name, for the Go tests to compare with: an independent reading with
Python's zipfile and a hand-written properties reader, not loadline's.

Usage: python3 expected.py > expected.tsv

Each line: jar file, the archive holding the pom.properties (the jar, or a
nested archive as "jar!/entry"), the SHA-1 of that archive's bytes,
groupId, artifactId, version. An artifact
named twice in one archive is listed once. Nested archives (*.jar, *.war,
*.ear, *.jpi, *.hpi entries) are read recursively.
"""
import hashlib
import io
import sys
import zipfile
from pathlib import Path

ARCHIVES = ('.jar', '.war', '.ear', '.jpi', '.hpi')


def props(text):
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in '#!':
            continue
        for sep in '=:':
            if sep in line:
                k, v = line.split(sep, 1)
                out[k.strip()] = v.strip()
                break
    return out


def walk(data, name, rows):
    z = zipfile.ZipFile(io.BytesIO(data))
    sha1 = hashlib.sha1(data).hexdigest()
    seen = set()
    for n in z.namelist():
        if n.endswith('/'):
            continue
        base = n.rsplit('/', 1)[-1]
        if base == 'pom.properties':
            p = props(z.read(n).decode('utf-8'))
            gav = (p.get('groupId'), p.get('artifactId'), p.get('version'))
            if all(gav) and gav not in seen:
                seen.add(gav)
                rows.append((name, sha1) + gav)
        elif base.lower().endswith(ARCHIVES):
            walk(z.read(n), name + '!/' + n, rows)


for jar in sorted(Path(__file__).parent.glob('*.jar')):
    rows = []
    walk(jar.read_bytes(), jar.name, rows)
    for r in sorted(rows):
        print('\t'.join((jar.name,) + r))
