import GRDB

extension SQLiteStore {
    /// The schema, as a sequence of migrations that are never edited once released.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: accounts and principals") { db in
            try db.execute(sql: """
                CREATE TABLE accounts (
                    id TEXT NOT NULL PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('citizen', 'organization')),
                    display_name TEXT NOT NULL,
                    assurance_level INTEGER NOT NULL CHECK (assurance_level IN (1, 2)),
                    managing_organization_id TEXT,
                    state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'locked')),
                    lock_reason TEXT,
                    lock_since_ms INTEGER,
                    lock_order_id TEXT,
                    status_version INTEGER NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    updated_at_ms INTEGER NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE suspensions (
                    account_id TEXT NOT NULL REFERENCES accounts(id),
                    service TEXT NOT NULL,
                    station_id TEXT NOT NULL,
                    since_ms INTEGER NOT NULL,
                    order_id TEXT NOT NULL,
                    PRIMARY KEY (account_id, service, station_id)
                ) WITHOUT ROWID;

                CREATE TABLE principals (
                    id TEXT NOT NULL PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    roles TEXT NOT NULL,
                    services TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    revoked_at_ms INTEGER
                );

                CREATE TABLE api_keys (
                    id TEXT NOT NULL PRIMARY KEY,
                    principal_id TEXT NOT NULL REFERENCES principals(id),
                    secret_hash BLOB NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    revoked_at_ms INTEGER
                );
                CREATE INDEX api_keys_by_principal ON api_keys(principal_id);
                """)
        }
        return migrator
    }
}
