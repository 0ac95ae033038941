#!/usr/bin/env python3
"""ndb2sqlite.py NDB SQLITE: copies the header blobs of an rpm NDB database
(Packages.db) into a new SQLite database with rpm's Packages table, so that
an rpm built without the NDB backend (Debian's) can list them. It checks
only what it needs: magics, lengths and the blob's package index."""
import sqlite3
import struct
import sys

src, dst = sys.argv[1], sys.argv[2]
b = open(src, "rb").read()
magic, version, _gen, slotpages = struct.unpack_from("<4I", b, 0)
assert magic == int.from_bytes(b"RpmP", "little") and version == 0, "not NDB"
db = sqlite3.connect(dst)
db.execute("CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL)")
for off in range(32, slotpages * 4096, 16):
    smagic, idx, blkoff, blkcnt = struct.unpack_from("<4I", b, off)
    assert smagic == int.from_bytes(b"Slot", "little"), "bad slot"
    if blkoff == 0:
        continue
    start = blkoff * 16
    hmagic, hidx, _ts, n = struct.unpack_from("<4I", b, start)
    assert hmagic == int.from_bytes(b"BlbS", "little") and hidx == idx, "bad blob"
    db.execute("INSERT INTO Packages (hnum, blob) VALUES (?, ?)", (idx, b[start + 16:start + 16 + n]))
db.commit()
db.close()
