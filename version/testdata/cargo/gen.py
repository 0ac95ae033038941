#!/usr/bin/env python3
"""gen.py writes Rust semver crate oracle vectors for the cargo scheme.

Run (offline; Debian packages the crate source):
    apt-get install -y librust-semver-dev     # semver 1.0.14 in /usr/share/cargo/registry
    (cd oracle && cargo build --offline --release)
    python3 gen.py oracle/target/release/semver-oracle
from this directory. Produced with semver 1.0.14 (Debian librust-semver-dev
1.0.14-1) and cargo 1.95.0.

Files:
  compare.tsv    a<TAB>b<TAB>-1|0|1<TAB>oracle   Version::parse(a).cmp(&Version::parse(b))
  valid.tsv      input<TAB>valid|invalid<TAB>oracle   Version::parse(input).is_ok()
  satisfies.tsv  req<TAB>version<TAB>true|false|invalid-constraint|invalid-version<TAB>oracle
                 VersionReq::parse(req)?.matches(&Version::parse(version)?)
  satisfies-random.tsv  the same for 3000 random requirements (random.Random(7))
"""
import random
import subprocess
import sys

ORACLE = "oracle:semver-crate@1.0.14"

VERSIONS = [
    "0.0.0", "0.0.0-0", "0.0.1", "0.0.1-alpha", "0.0.2", "0.1.0", "0.1.0-beta", "0.1.1", "0.2.0", "0.2.3",
    "0.3.0", "1.0.0", "1.0.0-0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
    "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0-rc.1+build.1", "1.0.0+build", "1.0.0+build.2",
    "1.0.0+build.10", "1.0.0+build.010", "1.0.0+0", "1.0.0+00", "1.0.0+1", "1.0.0+a", "1.0.0+A", "1.0.0+a.b",
    "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85", "1.0.0-x.7.z.92", "1.0.0-x-y-z.--", "1.0.1",
    "1.0.10", "1.0.2", "1.1.0", "1.2.0", "1.2.2", "1.2.3", "1.2.3-0", "1.2.3-1", "1.2.3-01a", "1.2.3-a",
    "1.2.3-a.b", "1.2.3-a.1", "1.2.3-a.10", "1.2.3-a.2", "1.2.3-A", "1.2.3--", "1.2.3-9", "1.2.3-10",
    "1.2.3-rc1", "1.2.3-pre.2", "1.2.4", "1.2.4-0", "1.3.0", "1.9.9", "1.10.0", "2.0.0", "2.0.0-0",
    "2.0.0-alpha", "2.1.0", "3.0.0", "10.0.0", "18446744073709551615.0.0", "0.18446744073709551615.1",
    "1.2.3-18446744073709551616", "1.2.3-99999999999999999999999.a", "1.2.3-99999999999999999999998.b",
]

INVALID = [
    "", " ", "v1.2.3", "V1.2.3", "=1.2.3", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2.3-01",
    "1.2.3-00", "1.2.3-", "1.2.3+", "1.2.3-a..b", "1.2.3+a..b", "1.2.3-a.", "1.2.3-a_b", "1.2.3+a_b",
    "1.2.3beta", " 1.2.3", "1.2.3 ", "1.2.x", "1.2.*", "18446744073709551616.0.0", "0.0.18446744073709551616",
    "1.2.3-é", "-1.2.3", "1.2.3+b+c", "1.2.3-a+b-c+d", "1.2.3\t", "^1.2.3", ">1.2.3",
]

REQS = [
    "*", "x", "X", " * ", "*, 1.0", "* 1.0", "", " ", "1", "1.2", "1.2.3", "=1", "=1.2", "=1.2.3", "= 1.2.3",
    "==1.2.3", "^1", "^1.2", "^1.2.3", "^0", "^0.0", "^0.2", "^0.2.3", "^0.0.3", "^0.0.0", "^ 1.2.3",
    "~1", "~1.2", "~1.2.3", "~0", "~0.2.3", "~1.2.3-beta", "~>1.2.3", ">1", ">1.2", ">1.2.3", ">=1",
    ">=1.2", ">=1.2.3", "<1", "<1.2", "<1.2.3", "<=1", "<=1.2", "<=1.2.3", ">= 1.2.3", "> 1.2.3 ",
    ">=1.2.3, <2.0.0", ">=1.2.3,<2.0.0", ">=1.2.3 , <2", ">=1.2.3 <2.0.0", ">=1.2.3,", ",>=1.2.3",
    "1.*", "1.x", "1.X", "1.*.*", "1.2.*", "1.2.x", "=1.*", "^1.*", "~1.*", ">=1.*", "<1.*", ">1.2.*",
    "1.*.3", "1.x.3", "*.1", "x.1.2", ">=*", "1.2.3-alpha", ">=1.2.3-alpha", "<1.2.3-alpha", "=1.2.3-alpha",
    "^1.2.3-alpha", ">=1.2.3-0, <1.2.4", ">=1.0.0-alpha, <2.0.0", ">1.2.3-alpha.1", "1.2.3+build",
    ">=1.2.3+build", "1.2.3-alpha+build", "1.2-alpha", "1-alpha", "1.2.3-", "1.2.3-01", "1.2.3+",
    "01.2.3", "1.02", ">=18446744073709551615", ">=18446744073709551616", "v1.2.3", "^v1", "1.2.3.4",
    ">=1.2.3 || <1", "!=1.2.3", "=<1.2.3", "=>1.2.3", "~=1.2", "1.2.3\t", "\t1.2.3", "a", "latest",
    ">=0.0.0", ">=0.0.0-0", "<0.0.0", "<0.0.0-0", "=0.0.0", "^0.0", "~0.0", "0.0", "0",
    ",".join([">=1"] * 32), ",".join([">=1"] * 33),
]

SAT_VERSIONS = [
    "0.0.0", "0.0.0-0", "0.0.1", "0.0.2", "0.0.3", "0.0.4", "0.1.0", "0.2.0", "0.2.3", "0.2.4", "0.3.0",
    "1.0.0-0", "1.0.0-alpha", "1.0.0", "1.1.0", "1.2.0", "1.2.2", "1.2.3-0", "1.2.3-alpha", "1.2.3-alpha.1",
    "1.2.3-alpha.2", "1.2.3-beta", "1.2.3", "1.2.3+build", "1.2.4-0", "1.2.4", "1.3.0", "1.9.9", "2.0.0-0",
    "2.0.0", "2.0.1", "3.0.0", "18446744073709551615.0.0", "v1.2.3", "1.2", "",
]


def run(oracle, lines):
    p = subprocess.run([oracle], input="".join(l + "\n" for l in lines), capture_output=True, text=True, check=True)
    out = p.stdout.split("\n")
    return out[: len(lines)]


def tab(s):
    return s.replace("\t", "\\t")


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def write_satisfies(oracle, path, how, cases):
    """Asks the oracle about (req, version) cases and writes them to path."""
    res = run(oracle, ["req\t%s\t%s" % (tab(q), tab(v)) for q, v in cases])
    with open(path, "w") as f:
        f.write("# req\tversion\tVersionReq::matches or invalid-constraint/invalid-version\toracle (%s; \\t, \\n, \\\\ are escapes)\n" % how)
        for (q, v), r in zip(cases, res):
            if r.startswith("err\treq"):
                r = "invalid-constraint"
            elif r.startswith("err\tv"):
                r = "invalid-version"
            f.write("%s\t%s\t%s\t%s\n" % (esc(q), esc(v), r, ORACLE))


def main():
    oracle = sys.argv[1]
    allv = VERSIONS + INVALID
    valid = run(oracle, ["cmp\t%s\t%s" % (tab(v), tab(v)) for v in allv])
    with open("valid.tsv", "w") as f:
        f.write("# input\tvalid|invalid (Version::parse)\toracle (generated by gen.py; \\t, \\n, \\\\ are escapes)\n")
        for v, r in zip(allv, valid):
            f.write("%s\t%s\t%s\n" % (esc(v), "invalid" if r.startswith("err") else "valid", ORACLE))
    good = [v for v, r in zip(allv, valid) if not r.startswith("err")]
    pairs = [(a, b) for i, a in enumerate(good) for b in good[i + 1:]]
    res = run(oracle, ["cmp\t%s\t%s" % p for p in pairs])
    with open("compare.tsv", "w") as f:
        f.write("# a\tb\tVersion::cmp\toracle (generated by gen.py)\n")
        for (a, b), r in zip(pairs, res):
            f.write("%s\t%s\t%s\t%s\n" % (a, b, r, ORACLE))
    cases = [(q, v) for q in REQS for v in SAT_VERSIONS]
    write_satisfies(oracle, "satisfies.tsv", "generated by gen.py", cases)

    rng = random.Random(7)
    nums = ["0", "0", "1", "1", "2", "3", "10", "0", "1", "2", "*", "x", "01"]

    def partial():
        n = rng.randrange(4)
        v = rng.choice(nums)
        if n >= 1:
            v += "." + rng.choice(nums)
        if n >= 2:
            v += "." + rng.choice(nums) + rng.choice(["", "", "", "-0", "-alpha", "-alpha.1", "-beta.2", "-01"])
            v += rng.choice(["", "", "", "+build", "+001"])
        return v

    def comp():
        return rng.choice(["", "", "=", "<", "<=", ">", ">=", "~", "^", "~>"]) + rng.choice(["", "", " ", "  "]) + partial()

    rversions = SAT_VERSIONS + ["0.0.0-alpha", "1.0.0-rc.1", "1.1.0-0", "2.0.0-rc.1", "3.0.0-0", "10.0.0", "1.10.0", "0.10.0-beta.2"]
    cases = []
    for _ in range(3000):
        parts = [comp() for _ in range(1 + rng.randrange(3))]
        q = rng.choice(["", "", " "]) + rng.choice([",", ", ", " ,", ",  ", " "]).join(parts) + rng.choice(["", "", " "])
        cases.append((q, rng.choice(rversions)))
    write_satisfies(oracle, "satisfies-random.tsv", "generated by gen.py with random.Random(7)", cases)

if __name__ == "__main__":
    main()
