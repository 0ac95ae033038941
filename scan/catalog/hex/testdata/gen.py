# Generates expected-bamboo.tsv from bamboo/mix.lock with regular
# expressions, independently of the Go parser: one line per {:hex, ...}
# entry: name, version, outer SHA-256, and the sorted names of its deps
# that the lock file itself holds. Run: python3 gen.py
import re

src = open("bamboo/mix.lock").read()
entries = re.findall(r'^  "([^"]+)": \{:hex, :(\w+), "([^"]+)", "[0-9a-f]{64}", \[[^\]]*\], \[(.*)\], "hexpm", "([0-9a-f]{64})"\},$', src, re.M)
keys = {e[0] for e in entries}
with open("expected-bamboo.tsv", "w") as out:
    for key, name, version, deps, outer in sorted(entries, key=lambda e: e[1]):
        names = sorted({d for d in re.findall(r'\{:(\w+), ', deps) if d in keys})
        out.write("\t".join([name, version, outer, ",".join(names)]) + "\n")
print(len(entries), "entries")
