#!/usr/bin/env python3
"""extract_crate_tests.py turns the semver crate's own VersionReq tests
(tests/test_version_req.rs, assert_match_all / assert_match_none after each
req("...") or the empty VersionReq, written "*") into crate-tests.tsv: req<TAB>version<TAB>true|false<TAB>source.

Run: python3 extract_crate_tests.py /usr/share/cargo/registry/semver-1.0.14/tests/test_version_req.rs
(Debian librust-semver-dev 1.0.14-1). Data only; no code is copied.
"""
import re
import sys

src = open(sys.argv[1]).read()
tok = re.compile(r'req\("([^"]*)"\)|assert_match_(all|none)\(r, &\[(.*?)\]\)|(let ref r = VersionReq)', re.S)
cur = None
rows = []
for m in tok.finditer(src):
    if m.group(1) is not None:
        cur = m.group(1)
    elif m.group(4) is not None:
        cur = "*"  # VersionReq::STAR, VersionReq::default(), VersionReq { comparators: [] }
    elif cur is not None:
        for v in re.findall(r'"([^"]*)"', m.group(3)):
            rows.append((cur, v, "true" if m.group(2) == "all" else "false"))
with open("crate-tests.tsv", "w") as f:
    f.write("# req\tversion\tmatches\tsource: semver crate 1.0.14 tests/test_version_req.rs (Debian librust-semver-dev 1.0.14-1)\n")
    for r in rows:
        f.write("%s\t%s\t%s\tsemver-1.0.14/tests/test_version_req.rs\n" % r)
print(len(rows))
