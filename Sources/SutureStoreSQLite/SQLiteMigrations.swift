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
        (2, """
        CREATE INDEX crosswalks_by_canonical ON crosswalks (system, kind, canonical);
        CREATE TABLE events (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            client TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            correlation_id TEXT NOT NULL,
            traceparent TEXT NOT NULL,
            type TEXT NOT NULL,
            source TEXT NOT NULL,
            status TEXT NOT NULL,
            payload TEXT NOT NULL,
            normalized TEXT,
            received_at INTEGER NOT NULL,
            UNIQUE (client, idempotency_key)
        );
        CREATE INDEX events_accepted ON events (sequence) WHERE status = 'accepted';
        CREATE TABLE timeline (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            correlation_id TEXT NOT NULL,
            at INTEGER NOT NULL,
            stage TEXT NOT NULL,
            system TEXT,
            outcome TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        CREATE INDEX timeline_by_correlation ON timeline (correlation_id, sequence);
        CREATE TABLE deliveries (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            event_id TEXT NOT NULL,
            correlation_id TEXT NOT NULL,
            traceparent TEXT NOT NULL,
            destination TEXT NOT NULL,
            method TEXT NOT NULL,
            path TEXT NOT NULL,
            body TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            last_status_code INTEGER,
            last_error TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX deliveries_due ON deliveries (destination, next_attempt_at) WHERE status IN ('pending', 'in-flight');
        CREATE INDEX deliveries_by_event ON deliveries (event_id);
        CREATE TABLE exceptions (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            correlation_id TEXT NOT NULL,
            system TEXT,
            event_id TEXT,
            delivery_id TEXT,
            summary TEXT NOT NULL,
            context TEXT NOT NULL,
            history TEXT NOT NULL
        );
        CREATE INDEX exceptions_by_status ON exceptions (status, sequence);
        CREATE INDEX exceptions_by_correlation ON exceptions (correlation_id);
        """),
        (3, """
        CREATE TABLE x12_control_numbers (
            partner TEXT PRIMARY KEY,
            interchange INTEGER NOT NULL,
            grp INTEGER NOT NULL,
            transaction_set INTEGER NOT NULL
        );
        """),
        (4, """
        CREATE TABLE documents (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            version INTEGER NOT NULL,
            correlation_id TEXT NOT NULL,
            traceparent TEXT NOT NULL,
            status TEXT NOT NULL,
            reference TEXT,
            body TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (kind, key)
        );
        CREATE INDEX documents_by_reference ON documents (kind, reference);
        ALTER TABLE exceptions ADD COLUMN document TEXT;
        ALTER TABLE exceptions ADD COLUMN owner TEXT;
        ALTER TABLE exceptions ADD COLUMN updated_at INTEGER;
        CREATE INDEX exceptions_by_document ON exceptions (document);
        """),
        (5, """
        CREATE TABLE rate_limits (
            destination TEXT PRIMARY KEY,
            tat INTEGER NOT NULL
        );
        """),
        (6, """
        ALTER TABLE deliveries ADD COLUMN state_key TEXT;
        CREATE INDEX deliveries_by_state ON deliveries (destination, state_key) WHERE state_key IS NOT NULL;
        -- PO statuses queued before this version follow the state rule too.
        UPDATE deliveries SET state_key = 'purchase-order-status:' || substr(event_id, length('purchase-order:') + 1) WHERE method = 'PUT' AND path LIKE '/purchase-orders/%/status' AND event_id LIKE 'purchase-order:%';
        """),
        (7, """
        -- The console, the dashboard and the alerts (docs/console.md).
        CREATE TABLE console_sessions (
            id_hash TEXT PRIMARY KEY,
            client TEXT NOT NULL,
            scopes TEXT NOT NULL,
            csrf_token TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        );
        CREATE TABLE activity (
            system TEXT NOT NULL,
            minute INTEGER NOT NULL,
            node TEXT NOT NULL,
            accepted INTEGER NOT NULL,
            delivered INTEGER NOT NULL,
            failed INTEGER NOT NULL,
            latency TEXT NOT NULL,
            PRIMARY KEY (minute, system, node)
        );
        CREATE TABLE circuit_states (
            destination TEXT NOT NULL,
            node TEXT NOT NULL,
            state TEXT NOT NULL,
            since INTEGER NOT NULL,
            PRIMARY KEY (destination, node)
        );
        CREATE TABLE alert_states (
            name TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            since INTEGER NOT NULL,
            value TEXT NOT NULL,
            threshold TEXT NOT NULL,
            last_notified_at INTEGER,
            version INTEGER NOT NULL
        );
        -- Unfinished receipts, failed deliveries and open documents are few; these keep
        -- the dashboard's counts off the history.
        CREATE INDEX deliveries_failed ON deliveries (destination, created_at) WHERE status IN ('rejected', 'dead');
        CREATE INDEX events_unfinished ON events (type, received_at) WHERE status IN ('accepted', 'exception');
        CREATE INDEX documents_by_status ON documents (kind, status);
        CREATE INDEX exceptions_by_owner ON exceptions (owner, sequence) WHERE owner IS NOT NULL;
        """),
        (8, """
        -- Governance (docs/governance.md): the audit chain, its head and checkpoint, and the
        -- clients' life (revocation, rotation with a grace period, quotas, last use).
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            details TEXT NOT NULL,
            prev TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX audit_by_target ON audit_log (target, seq);
        CREATE INDEX audit_by_actor ON audit_log (actor, seq);
        CREATE TABLE audit_anchors (
            name TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL
        );
        -- The head always exists (sequence 0 and the genesis hash while the log is empty).
        INSERT INTO audit_anchors (name, seq, hash) VALUES ('head', 0, '0000000000000000000000000000000000000000000000000000000000000000');
        ALTER TABLE clients ADD COLUMN revoked_at INTEGER;
        ALTER TABLE clients ADD COLUMN previous_token_hash TEXT;
        ALTER TABLE clients ADD COLUMN previous_valid_until INTEGER;
        ALTER TABLE clients ADD COLUMN last_used_at INTEGER;
        ALTER TABLE clients ADD COLUMN rate_per_second INTEGER;
        ALTER TABLE clients ADD COLUMN rate_burst INTEGER;
        CREATE UNIQUE INDEX clients_by_previous_token ON clients (previous_token_hash) WHERE previous_token_hash IS NOT NULL;
        CREATE INDEX console_sessions_by_client ON console_sessions (client);
        -- Retention (docs/governance.md): what keeps finished work from being pruned is found by index.
        CREATE INDEX exceptions_by_event ON exceptions (event_id) WHERE event_id IS NOT NULL;
        CREATE INDEX exceptions_by_delivery ON exceptions (delivery_id) WHERE delivery_id IS NOT NULL;
        CREATE INDEX deliveries_unfinished_by_correlation ON deliveries (correlation_id) WHERE status IN ('pending', 'in-flight');
        CREATE INDEX documents_by_correlation ON documents (correlation_id);
        CREATE TABLE retention_runs (
            name TEXT PRIMARY KEY,
            body TEXT NOT NULL
        );
        CREATE TABLE deprecated_calls (
            operation TEXT NOT NULL,
            client TEXT NOT NULL,
            calls INTEGER NOT NULL,
            last_at INTEGER NOT NULL,
            PRIMARY KEY (operation, client)
        );
        """),
        (9, """
        -- Master-data history (docs/master-data.md): one row per version of an item, location
        -- or supplier, with the field changes and who made them.
        CREATE TABLE record_versions (
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            changes TEXT NOT NULL,
            PRIMARY KEY (kind, record_id, version)
        );
        CREATE INDEX items_by_status ON items (status, id);
        """),
        (10, """
        -- Drift detection (docs/master-data.md): the newest comparison of each system.
        CREATE TABLE drift_reports (
            system TEXT PRIMARY KEY,
            compared_at INTEGER NOT NULL,
            body TEXT NOT NULL
        );
        -- Writing an item replaces its GTINs: found by item, not by scanning every GTIN
        -- (an import of 100,000 items took minutes without it).
        CREATE INDEX item_gtins_by_item ON item_gtins (item_id);
        """),
        (11, """
        -- Locations and suppliers are retired, not deleted (docs/master-data.md).
        ALTER TABLE locations ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
        ALTER TABLE suppliers ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
        """),
        (12, """
        -- The stock ledger (docs/stock.md): on hand per location, item and lot, exact decimals
        -- as text; and every movement once, by what caused it.
        CREATE TABLE stock_levels (
            location TEXT NOT NULL,
            item TEXT NOT NULL,
            lot TEXT NOT NULL,
            expiry TEXT,
            on_hand TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (location, item, lot)
        );
        CREATE INDEX stock_levels_by_item ON stock_levels (item, location);
        CREATE TABLE stock_movements (
            source TEXT NOT NULL,
            leg INTEGER NOT NULL,
            at INTEGER NOT NULL,
            location TEXT NOT NULL,
            item TEXT NOT NULL,
            lot TEXT NOT NULL,
            kind TEXT NOT NULL,
            quantity TEXT NOT NULL,
            PRIMARY KEY (source, leg)
        );
        CREATE INDEX stock_movements_by_item ON stock_movements (item, location, at);
        """),
    ]

    static var latestVersion: Int { all.last?.version ?? 0 }
}
