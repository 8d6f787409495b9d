/// The schema of the SQLite store, as numbered migrations applied in order at start.
///
/// A migration is never edited once released; a change is a new migration. The
/// `schema_migrations` table records what has run, so a newer database is refused
/// rather than misread.
enum SQLiteMigrations {
    static let all: [(version: Int, sql: String)] = [
        (1, """
        CREATE TABLE items (
            id TEXT PRIMARY KEY,
            description TEXT NOT NULL,
            gtin TEXT,
            manufacturer TEXT,
            manufacturer_part TEXT,
            unspsc TEXT,
            base_unit TEXT NOT NULL,
            lot_controlled INTEGER NOT NULL,
            serial_controlled INTEGER NOT NULL,
            expiry_controlled INTEGER NOT NULL,
            status TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE item_packaging (
            item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            unit TEXT NOT NULL,
            quantity TEXT NOT NULL,
            gtin TEXT,
            PRIMARY KEY (item_id, position)
        );
        -- Every GTIN (an item's own and each packaging level's) points at one item and unit.
        CREATE TABLE item_gtins (
            gtin TEXT PRIMARY KEY,
            item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            unit TEXT NOT NULL
        );
        CREATE TABLE locations (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            parent TEXT,
            gln TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE suppliers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            gln TEXT,
            interchange_id TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE crosswalks (
            system TEXT NOT NULL,
            kind TEXT NOT NULL,
            code TEXT NOT NULL,
            canonical TEXT NOT NULL,
            unit TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (system, kind, code)
        );
        CREATE TABLE clients (
            name TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            scopes TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """),
    ]

    static var latestVersion: Int { all.last?.version ?? 0 }
}
