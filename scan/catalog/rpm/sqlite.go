package rpm

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"modernc.org/sqlite"
	"modernc.org/sqlite/vfs"
)

// sqliteMagic starts every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// sqliteName is the name the in-memory database has inside its VFS.
const sqliteName = "rpmdb.sqlite"

// readSQLite lists the records of an rpm SQLite database (rpm 4.16 and
// later: table Packages, columns hnum and blob) held whole in b.
//
// SQLite reads b through a read-only VFS (modernc.org/sqlite/vfs) over a
// one-file fs.FS of our own, so nothing is written to disk, and the
// database is opened immutable: no locks, no journal, no shared memory.
// rpm keeps its database in WAL mode (header bytes 18 and 19 are 2).
// Through this VFS, which has no shared memory, SQLite refuses such a
// database unless it is opened immutable ("unable to open database file");
// immutable, it reads the main file alone and ignores any -wal file.
// Transactions left in rpmdb.sqlite-wal and never checkpointed are so not
// read: rpm checkpoints when it closes the database, so a -wal file with
// content means rpm did not exit cleanly (Catalog reports one it can see).
func readSQLite(ctx context.Context, b []byte) (_ []blob, err error) {
	if len(b) < 100 || string(b[:len(sqliteMagic)]) != sqliteMagic {
		return nil, errors.New("sqlite: not a SQLite database")
	}
	name, fsys, err := vfs.New(memFS{name: sqliteName, data: b})
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	db := sql.OpenDB(connector{dsn: "file:" + sqliteName + "?vfs=" + name + "&mode=ro&immutable=1"})
	defer func() {
		// Close the database before the VFS it reads through.
		err = errors.Join(err, db.Close(), fsys.Close())
	}()
	db.SetMaxOpenConns(1)
	rows, err := db.QueryContext(ctx, "SELECT hnum, blob FROM Packages")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var out []blob
	for rows.Next() {
		var key int64
		var data []byte
		if err := rows.Scan(&key, &data); err != nil {
			return out, fmt.Errorf("sqlite: %w", err)
		}
		out = append(out, blob{key: uint32(key), data: data})
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("sqlite: %w", err)
	}
	return out, nil
}

// connector opens dsn with modernc's driver, without the global
// database/sql registry (modernc.org/sqlite registers itself there as
// "sqlite" in its init all the same).
type connector struct{ dsn string }

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.Driver().Open(c.dsn) }
func (connector) Driver() driver.Driver                          { return &sqlite.Driver{} }

// memFS is a read-only fs.FS of one file held in memory; its files seek,
// as the VFS needs.
type memFS struct {
	name string
	data []byte
}

func (m memFS) Open(name string) (fs.File, error) {
	if name != m.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{Reader: bytes.NewReader(m.data), fs: m}, nil
}

type memFile struct {
	*bytes.Reader
	fs memFS
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f, nil }
func (f *memFile) Close() error               { return nil }

// memFile is its own fs.FileInfo.
func (f *memFile) Name() string       { return f.fs.name }
func (f *memFile) Size() int64        { return int64(len(f.fs.data)) }
func (f *memFile) Mode() fs.FileMode  { return 0o444 }
func (f *memFile) ModTime() time.Time { return time.Time{} }
func (f *memFile) IsDir() bool        { return false }
func (f *memFile) Sys() any           { return nil }
