import GRDB
import VNeIDCore

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
        migrator.registerMigration("v3: orders, authorizations, notices, status changes and the audit log") { db in
            try db.execute(sql: """
                ALTER TABLE principals ADD COLUMN requester_type TEXT;
                ALTER TABLE principals ADD COLUMN station_id TEXT;
                ALTER TABLE accounts ADD COLUMN status_changed_at_ms INTEGER;

                CREATE TABLE orders (
                    sequence INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL CHECK (kind IN ('LOCK', 'UNLOCK', 'SUSPEND', 'RESTORE')),
                    account_id TEXT NOT NULL REFERENCES accounts(id),
                    ground TEXT NOT NULL,
                    grounds_text TEXT NOT NULL,
                    document_reference TEXT NOT NULL,
                    document_date TEXT,
                    service TEXT,
                    station_id TEXT,
                    requested_by_id TEXT NOT NULL,
                    requested_by TEXT NOT NULL,
                    decided_by TEXT,
                    state TEXT NOT NULL CHECK (state IN ('PENDING_REVIEW', 'EXECUTED', 'REFUSED')),
                    received_at_ms INTEGER NOT NULL,
                    review_deadline_ms INTEGER,
                    decided_at_ms INTEGER,
                    refusal_reason TEXT
                );
                CREATE INDEX orders_by_account ON orders(account_id, sequence);
                CREATE INDEX orders_pending ON orders(state, review_deadline_ms);
                CREATE INDEX orders_by_requester ON orders(requested_by_id, sequence);
                CREATE INDEX orders_by_station ON orders(station_id, sequence);

                CREATE TABLE order_events (
                    order_id TEXT NOT NULL REFERENCES orders(id),
                    position INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    at_ms INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    note TEXT NOT NULL,
                    PRIMARY KEY (order_id, position)
                ) WITHOUT ROWID;

                CREATE TABLE order_requests (
                    principal_id TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    fingerprint BLOB NOT NULL,
                    order_id TEXT NOT NULL REFERENCES orders(id),
                    PRIMARY KEY (principal_id, request_id)
                ) WITHOUT ROWID;

                CREATE TABLE notices (
                    sequence INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    order_id TEXT NOT NULL REFERENCES orders(id),
                    kind TEXT NOT NULL,
                    recipient_role TEXT NOT NULL,
                    recipient_id TEXT NOT NULL,
                    recipient_name TEXT NOT NULL,
                    account_id TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    text TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    due_at_ms INTEGER NOT NULL,
                    delivered_at_ms INTEGER,
                    delivered_by TEXT
                );
                CREATE INDEX notices_by_order ON notices(order_id);
                CREATE INDEX notices_by_channel ON notices(channel, sequence);
                CREATE INDEX notices_undelivered ON notices(delivered_at_ms, due_at_ms);

                CREATE TABLE status_changes (
                    sequence INTEGER PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    order_id TEXT NOT NULL,
                    order_kind TEXT NOT NULL,
                    at_ms INTEGER NOT NULL,
                    status TEXT NOT NULL
                );

                CREATE TABLE station_authorizations (
                    id TEXT NOT NULL PRIMARY KEY,
                    station_id TEXT NOT NULL,
                    deputy_id TEXT NOT NULL,
                    deputy TEXT NOT NULL,
                    granted_by TEXT NOT NULL,
                    granted_at_ms INTEGER NOT NULL,
                    valid_from_ms INTEGER NOT NULL,
                    valid_until_ms INTEGER NOT NULL,
                    note TEXT NOT NULL,
                    revoked_at_ms INTEGER,
                    revoked_by TEXT
                ) WITHOUT ROWID;
                CREATE INDEX station_authorizations_by_deputy ON station_authorizations(station_id, deputy_id);

                CREATE TABLE audit_log (
                    sequence INTEGER PRIMARY KEY,
                    at_ms INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    actor_id TEXT NOT NULL,
                    actor_name TEXT NOT NULL,
                    account_id TEXT,
                    order_id TEXT,
                    target TEXT,
                    detail TEXT NOT NULL,
                    previous_hash BLOB NOT NULL,
                    hash BLOB NOT NULL
                );
                CREATE INDEX audit_log_by_account ON audit_log(account_id, sequence);
                CREATE INDEX audit_log_by_actor ON audit_log(actor_id, sequence);
                CREATE INDEX audit_log_by_target ON audit_log(target, sequence);
                """)
        }
        migrator.registerMigration("v4: stacked lock grounds, border portals, Police units") { db in
            // Every lock ground in force; `accounts.state` and `lock_*` keep the primary
            // one for the hot path. The one lock each locked account had becomes its
            // only ground.
            try db.execute(sql: """
                CREATE TABLE account_locks (
                    account_id TEXT NOT NULL REFERENCES accounts(id),
                    order_id TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    since_ms INTEGER NOT NULL,
                    PRIMARY KEY (account_id, order_id)
                ) WITHOUT ROWID;
                INSERT INTO account_locks (account_id, order_id, reason, since_ms)
                    SELECT id, COALESCE(lock_order_id, ''), COALESCE(lock_reason, 'thirdPartyRequest'), COALESCE(lock_since_ms, 0)
                    FROM accounts WHERE state = 'locked';

                ALTER TABLE services ADD COLUMN border_portal INTEGER NOT NULL DEFAULT 0 CHECK (border_portal IN (0, 1));
                """)
            // A service stations have acted on was, in effect, treated as a border portal:
            // marking it keeps its suspensions restorable. So is one named border-portal.
            try db.execute(sql: """
                UPDATE services SET border_portal = 1
                WHERE name = 'border-portal'
                   OR name IN (SELECT service FROM suspensions)
                   OR name IN (SELECT service FROM orders WHERE service IS NOT NULL)
                """)
            // Police units: every approver and every lock request from before units
            // existed goes to one unit, so the pending requests stay decidable by the
            // people who could decide them before.
            try db.execute(sql: """
                ALTER TABLE principals ADD COLUMN police_unit TEXT;
                ALTER TABLE orders ADD COLUMN police_unit TEXT;
                ALTER TABLE orders ADD COLUMN lifted_order_id TEXT;
                ALTER TABLE orders ADD COLUMN organization_id TEXT;
                CREATE INDEX principals_by_police_unit ON principals(police_unit);
                """)
            try db.execute(
                sql: "UPDATE principals SET police_unit = ? WHERE (',' || roles || ',') LIKE '%,POLICE_APPROVER,%'",
                arguments: [PoliceUnitID.migrated.rawValue]
            )
            try db.execute(
                sql: "UPDATE orders SET police_unit = ? WHERE kind = 'LOCK' AND json_extract(requested_by, '$.role') = 'REQUESTER'",
                arguments: [PoliceUnitID.migrated.rawValue]
            )
        }
        migrator.registerMigration("v5: records bound to the audit chain") { db in
            // The records each audit entry binds. No foreign key to `audit_log`: a row here
            // that no entry's hash covers is what verification must be able to report.
            try db.execute(sql: """
                CREATE TABLE audit_records (
                    sequence INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    digest BLOB NOT NULL,
                    PRIMARY KEY (sequence, position)
                ) WITHOUT ROWID;

                CREATE TABLE audit_seal_pending (id INTEGER PRIMARY KEY CHECK (id = 1));
                """)
            // Records written before binding are bound once, as they stand, by one
            // RECORDS_SEALED entry that `sealRecordsIfPending` appends right after the
            // migrations (with the current code's loaders, which a later migration may need).
            try db.execute(sql: "INSERT INTO audit_seal_pending (id) VALUES (1)")
        }
        migrator.registerMigration("v6: duties done once for every daemon sharing the store") { db in
            try db.execute(sql: """
                CREATE TABLE duties (
                    name TEXT NOT NULL PRIMARY KEY,
                    round_started_at_ms INTEGER NOT NULL,
                    note TEXT
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
