/// What every store holds, table by table, for copying one store into another
/// (`vneidd migrate-store`): the tables in an order that satisfies their references, each
/// with its columns, their kinds, and the key it is paged by. For the store adapters of
/// this package only; each store's own schema must hold these tables and columns.
package enum StoreCatalogue {
    /// The kind of a column's values, as both stores can read and write them.
    package enum ColumnKind: Sendable {
        case text, integer, smallInteger, boolean, bytes
    }

    /// One table of the catalogue.
    package struct Table: Sendable {
        package var name: String
        package var columns: [(name: String, kind: ColumnKind)]
        /// The primary key's columns, by which the table is paged in order.
        package var key: [String]
    }

    /// One value of a column.
    package enum Value: Sendable, Hashable {
        case null
        case integer(Int64)
        case text(String)
        case bytes([UInt8])
    }

    /// Rows of one table, in key order, as many as a page holds.
    package struct Page: Sendable {
        package var table: String
        package var rows: [[Value]]

        package init(table: String, rows: [[Value]]) {
            self.table = table
            self.rows = rows
        }
    }

    private static func table(_ name: String, key: [String], _ columns: [(String, ColumnKind)]) -> Table {
        Table(name: name, columns: columns.map { (name: $0.0, kind: $0.1) }, key: key)
    }

    /// Every table, parents before children.
    package static let tables: [Table] = [
        table("accounts", key: ["id"], [
            ("id", .text), ("kind", .text), ("display_name", .text), ("assurance_level", .smallInteger),
            ("managing_organization_id", .text), ("state", .text), ("lock_reason", .text), ("lock_since_ms", .integer),
            ("lock_order_id", .text), ("status_version", .integer), ("status_changed_at_ms", .integer),
            ("created_at_ms", .integer), ("updated_at_ms", .integer),
        ]),
        table("account_locks", key: ["account_id", "order_id"], [
            ("account_id", .text), ("order_id", .text), ("reason", .text), ("since_ms", .integer),
        ]),
        table("suspensions", key: ["account_id", "service", "station_id"], [
            ("account_id", .text), ("service", .text), ("station_id", .text), ("since_ms", .integer), ("order_id", .text),
        ]),
        table("principals", key: ["id"], [
            ("id", .text), ("name", .text), ("roles", .text), ("services", .text), ("created_at_ms", .integer),
            ("revoked_at_ms", .integer), ("requester_type", .text), ("station_id", .text), ("police_unit", .text),
        ]),
        table("api_keys", key: ["id"], [
            ("id", .text), ("principal_id", .text), ("secret_hash", .bytes), ("created_at_ms", .integer), ("revoked_at_ms", .integer),
        ]),
        table("services", key: ["name"], [
            ("name", .text), ("audience", .text), ("minimum_level", .smallInteger), ("replay_protection", .boolean),
            ("border_portal", .boolean), ("created_at_ms", .integer), ("updated_at_ms", .integer),
        ]),
        table("authentication_history", key: ["sequence"], [
            ("sequence", .integer), ("time_ms", .integer), ("account_id", .text), ("service", .text), ("caller_id", .text),
            ("decision", .text), ("reason", .text), ("token_id", .text), ("issuer", .text),
        ]),
        table("spent_tokens", key: ["issuer", "token_id"], [
            ("issuer", .text), ("token_id", .text), ("remember_until_ms", .integer),
        ]),
        table("orders", key: ["sequence"], [
            ("sequence", .integer), ("id", .text), ("kind", .text), ("account_id", .text), ("ground", .text),
            ("grounds_text", .text), ("document_reference", .text), ("document_date", .text), ("service", .text),
            ("station_id", .text), ("requested_by_id", .text), ("requested_by", .text), ("decided_by", .text),
            ("state", .text), ("received_at_ms", .integer), ("review_deadline_ms", .integer), ("decided_at_ms", .integer),
            ("refusal_reason", .text), ("police_unit", .text), ("lifted_order_id", .text), ("organization_id", .text),
        ]),
        table("order_events", key: ["order_id", "position"], [
            ("order_id", .text), ("position", .smallInteger), ("state", .text), ("at_ms", .integer), ("actor", .text), ("note", .text),
        ]),
        table("order_requests", key: ["principal_id", "request_id"], [
            ("principal_id", .text), ("request_id", .text), ("fingerprint", .bytes), ("order_id", .text),
        ]),
        table("notices", key: ["sequence"], [
            ("sequence", .integer), ("id", .text), ("order_id", .text), ("kind", .text), ("recipient_role", .text),
            ("recipient_id", .text), ("recipient_name", .text), ("account_id", .text), ("channel", .text), ("text", .text),
            ("created_at_ms", .integer), ("due_at_ms", .integer), ("delivered_at_ms", .integer), ("delivered_by", .text),
        ]),
        table("status_changes", key: ["sequence"], [
            ("sequence", .integer), ("account_id", .text), ("order_id", .text), ("order_kind", .text), ("at_ms", .integer), ("status", .text),
        ]),
        table("station_authorizations", key: ["id"], [
            ("id", .text), ("station_id", .text), ("deputy_id", .text), ("deputy", .text), ("granted_by", .text),
            ("granted_at_ms", .integer), ("valid_from_ms", .integer), ("valid_until_ms", .integer), ("note", .text),
            ("revoked_at_ms", .integer), ("revoked_by", .text),
        ]),
        table("audit_log", key: ["sequence"], [
            ("sequence", .integer), ("at_ms", .integer), ("kind", .text), ("actor_id", .text), ("actor_name", .text),
            ("account_id", .text), ("order_id", .text), ("target", .text), ("detail", .text),
            ("previous_hash", .bytes), ("hash", .bytes),
        ]),
        table("audit_records", key: ["sequence", "position"], [
            ("sequence", .integer), ("position", .smallInteger), ("kind", .text), ("record_id", .text), ("digest", .bytes),
        ]),
        table("duties", key: ["name"], [
            ("name", .text), ("round_started_at_ms", .integer), ("note", .text),
        ]),
    ]
}
