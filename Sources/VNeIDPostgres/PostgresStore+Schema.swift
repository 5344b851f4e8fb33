import PostgresNIO
import VNeIDCore

extension PostgresStore {
    /// One version of the schema: its statements, run in order in one transaction.
    struct Migration {
        var version: Int
        var name: String
        var statements: [String]

        /// A migration of plain DDL, whose statements `sql` separates with semicolons.
        init(_ version: Int, _ name: String, sql: String) {
            self.init(version, name, statements: sql.split(separator: ";").map(String.init).filter { !$0.allSatisfy(\.isWhitespace) })
        }

        /// A migration of the statements given (a function body holds semicolons).
        init(_ version: Int, _ name: String, statements: [String]) {
            self.version = version
            self.name = name
            self.statements = statements
        }
    }

    /// The schema, as migrations that are never edited once released. Version 1 is the
    /// schema the SQLite store reached at its version 5, in PostgreSQL's types.
    static let migrations: [Migration] = [
        Migration(1, "accounts, principals, services, history, orders, notices, status changes, audit log", sql: """
            CREATE TABLE accounts (
                id TEXT NOT NULL PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('citizen', 'organization')),
                display_name TEXT NOT NULL,
                assurance_level INTEGER NOT NULL CHECK (assurance_level IN (1, 2)),
                managing_organization_id TEXT,
                state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'locked')),
                lock_reason TEXT,
                lock_since_ms BIGINT,
                lock_order_id TEXT,
                status_version BIGINT NOT NULL,
                status_changed_at_ms BIGINT,
                created_at_ms BIGINT NOT NULL,
                updated_at_ms BIGINT NOT NULL
            );
            CREATE TABLE account_locks (
                account_id TEXT NOT NULL REFERENCES accounts(id),
                order_id TEXT NOT NULL,
                reason TEXT NOT NULL,
                since_ms BIGINT NOT NULL,
                PRIMARY KEY (account_id, order_id)
            );
            CREATE TABLE suspensions (
                account_id TEXT NOT NULL REFERENCES accounts(id),
                service TEXT NOT NULL,
                station_id TEXT NOT NULL,
                since_ms BIGINT NOT NULL,
                order_id TEXT NOT NULL,
                PRIMARY KEY (account_id, service, station_id)
            );
            CREATE TABLE principals (
                id TEXT NOT NULL PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                roles TEXT NOT NULL,
                services TEXT NOT NULL,
                created_at_ms BIGINT NOT NULL,
                revoked_at_ms BIGINT,
                requester_type TEXT,
                station_id TEXT,
                police_unit TEXT
            );
            CREATE INDEX principals_by_police_unit ON principals(police_unit);
            CREATE TABLE api_keys (
                id TEXT NOT NULL PRIMARY KEY,
                principal_id TEXT NOT NULL REFERENCES principals(id),
                secret_hash BYTEA NOT NULL,
                created_at_ms BIGINT NOT NULL,
                revoked_at_ms BIGINT
            );
            CREATE INDEX api_keys_by_principal ON api_keys(principal_id);
            CREATE TABLE services (
                name TEXT NOT NULL PRIMARY KEY,
                audience TEXT NOT NULL,
                minimum_level INTEGER NOT NULL CHECK (minimum_level IN (1, 2)),
                replay_protection BOOLEAN NOT NULL,
                border_portal BOOLEAN NOT NULL DEFAULT FALSE,
                created_at_ms BIGINT NOT NULL,
                updated_at_ms BIGINT NOT NULL
            );
            CREATE TABLE authentication_history (
                sequence BIGINT NOT NULL PRIMARY KEY,
                time_ms BIGINT NOT NULL,
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
                remember_until_ms BIGINT NOT NULL,
                PRIMARY KEY (issuer, token_id)
            );
            CREATE INDEX spent_tokens_by_expiry ON spent_tokens(remember_until_ms);
            CREATE TABLE orders (
                sequence BIGINT NOT NULL PRIMARY KEY,
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
                received_at_ms BIGINT NOT NULL,
                review_deadline_ms BIGINT,
                decided_at_ms BIGINT,
                refusal_reason TEXT,
                police_unit TEXT,
                lifted_order_id TEXT,
                organization_id TEXT
            );
            CREATE INDEX orders_by_account ON orders(account_id, sequence);
            CREATE INDEX orders_pending ON orders(state, review_deadline_ms);
            CREATE INDEX orders_by_requester ON orders(requested_by_id, sequence);
            CREATE INDEX orders_by_station ON orders(station_id, sequence);
            CREATE TABLE order_events (
                order_id TEXT NOT NULL REFERENCES orders(id),
                position INTEGER NOT NULL,
                state TEXT NOT NULL,
                at_ms BIGINT NOT NULL,
                actor TEXT NOT NULL,
                note TEXT NOT NULL,
                PRIMARY KEY (order_id, position)
            );
            CREATE TABLE order_requests (
                principal_id TEXT NOT NULL,
                request_id TEXT NOT NULL,
                fingerprint BYTEA NOT NULL,
                order_id TEXT NOT NULL REFERENCES orders(id),
                PRIMARY KEY (principal_id, request_id)
            );
            CREATE TABLE notices (
                sequence BIGINT NOT NULL PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                order_id TEXT NOT NULL REFERENCES orders(id),
                kind TEXT NOT NULL,
                recipient_role TEXT NOT NULL,
                recipient_id TEXT NOT NULL,
                recipient_name TEXT NOT NULL,
                account_id TEXT NOT NULL,
                channel TEXT NOT NULL,
                text TEXT NOT NULL,
                created_at_ms BIGINT NOT NULL,
                due_at_ms BIGINT NOT NULL,
                delivered_at_ms BIGINT,
                delivered_by TEXT
            );
            CREATE INDEX notices_by_order ON notices(order_id);
            CREATE INDEX notices_by_channel ON notices(channel, sequence);
            CREATE INDEX notices_undelivered ON notices(delivered_at_ms, due_at_ms);
            CREATE TABLE status_changes (
                sequence BIGINT NOT NULL PRIMARY KEY,
                account_id TEXT NOT NULL,
                order_id TEXT NOT NULL,
                order_kind TEXT NOT NULL,
                at_ms BIGINT NOT NULL,
                status TEXT NOT NULL
            );
            CREATE TABLE station_authorizations (
                id TEXT NOT NULL PRIMARY KEY,
                station_id TEXT NOT NULL,
                deputy_id TEXT NOT NULL,
                deputy TEXT NOT NULL,
                granted_by TEXT NOT NULL,
                granted_at_ms BIGINT NOT NULL,
                valid_from_ms BIGINT NOT NULL,
                valid_until_ms BIGINT NOT NULL,
                note TEXT NOT NULL,
                revoked_at_ms BIGINT,
                revoked_by TEXT
            );
            CREATE INDEX station_authorizations_by_deputy ON station_authorizations(station_id, deputy_id);
            CREATE TABLE audit_log (
                sequence BIGINT NOT NULL PRIMARY KEY,
                at_ms BIGINT NOT NULL,
                kind TEXT NOT NULL,
                actor_id TEXT NOT NULL,
                actor_name TEXT NOT NULL,
                account_id TEXT,
                order_id TEXT,
                target TEXT,
                detail TEXT NOT NULL,
                previous_hash BYTEA NOT NULL,
                hash BYTEA NOT NULL
            );
            CREATE INDEX audit_log_by_account ON audit_log(account_id, sequence);
            CREATE INDEX audit_log_by_actor ON audit_log(actor_id, sequence);
            CREATE INDEX audit_log_by_target ON audit_log(target, sequence);
            CREATE TABLE audit_records (
                sequence BIGINT NOT NULL,
                position INTEGER NOT NULL,
                kind TEXT NOT NULL,
                record_id TEXT NOT NULL,
                digest BYTEA NOT NULL,
                PRIMARY KEY (sequence, position)
            );
            CREATE TABLE cache_invalidations (
                sequence BIGINT NOT NULL PRIMARY KEY,
                at_ms BIGINT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('account', 'service', 'all')),
                key TEXT NOT NULL
            );
            CREATE TABLE duties (
                name TEXT NOT NULL PRIMARY KEY,
                round_started_at_ms BIGINT NOT NULL,
                note TEXT
            );
            """),
        Migration(2, "authentication history appended by one call", statements: [appendAuthenticationsProcedure]),
    ]

    /// Applies the migrations this database lacks, in one transaction under the migrations
    /// lock: of several daemons starting at once, one migrates and the others then find
    /// nothing to do. A database migrated by a newer release is refused, not downgraded.
    func migrate() async throws {
        let migrations = Self.migrations
        let applied = try await write(lock: .migrations) { session in
            try session.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """)
            let current: Int = try session.one("SELECT COALESCE(MAX(version), 0)::BIGINT FROM schema_migrations").map { try Int($0(0, as: Int64.self)) } ?? 0
            guard current <= migrations.last?.version ?? 0 else {
                throw VNeIDError.failedPrecondition("the database's schema is version \(current), newer than this vneidd knows (\(migrations.last?.version ?? 0)); run the newer release")
            }
            var applied: [Int] = []
            for migration in migrations where migration.version > current {
                // The extended protocol runs one statement per query.
                for statement in migration.statements {
                    try session.execute(PostgresQuery(unsafeSQL: statement))
                }
                try session.execute("INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))")
                applied.append(migration.version)
            }
            return applied
        }
        if !applied.isEmpty {
            logger.info("database schema migrated", metadata: ["database": "\(location)", "versions": "\(applied)"])
        }
    }
}
