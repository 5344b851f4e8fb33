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
        migrator.registerMigration("v2: services and authentication history") { db in
            try db.execute(sql: """
                CREATE TABLE services (
                    name TEXT NOT NULL PRIMARY KEY,
                    audience TEXT NOT NULL,
                    minimum_level INTEGER NOT NULL CHECK (minimum_level IN (1, 2)),
                    replay_protection INTEGER NOT NULL CHECK (replay_protection IN (0, 1)),
                    created_at_ms INTEGER NOT NULL,
                    updated_at_ms INTEGER NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE authentication_history (
                    sequence INTEGER PRIMARY KEY,
                    time_ms INTEGER NOT NULL,
                    account_id TEXT,
                    service TEXT NOT NULL,
                    caller_id TEXT NOT NULL,
                    decision TEXT NOT NULL CHECK (decision IN ('allow', 'deny')),
                    reason TEXT,
                    token_id TEXT,
                    issuer TEXT
                );
                CREATE INDEX authentication_history_by_account ON authentication_history(account_id, sequence);

                CREATE TABLE spent_tokens (
                    issuer TEXT NOT NULL,
                    token_id TEXT NOT NULL,
                    remember_until_ms INTEGER NOT NULL,
                    PRIMARY KEY (issuer, token_id)
                ) WITHOUT ROWID;
                CREATE INDEX spent_tokens_by_expiry ON spent_tokens(remember_until_ms);
                """)
        }
        return migrator
    }
}
