import Foundation
import GRDB
import VNeIDCore

extension SQLiteStore: DutyStore {
    /// One upsert: it starts a round only when the last one is `interval` old.
    public func claimDuty(_ name: String, interval: Duration, at now: Date) async throws -> DutyClaim? {
        let milliseconds = now.millisecondsSince1970
        let oldest = milliseconds - interval.wholeMilliseconds
        return try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: """
                INSERT INTO duties (name, round_started_at_ms) VALUES (?, ?)
                ON CONFLICT (name) DO UPDATE SET round_started_at_ms = excluded.round_started_at_ms
                WHERE duties.round_started_at_ms <= ?
                RETURNING note
                """, arguments: [name, milliseconds, oldest]) else { return nil }
            return DutyClaim(previousNote: row[0])
        }
    }

    public func noteDuty(_ name: String, _ note: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE duties SET note = ? WHERE name = ?", arguments: [note, name])
        }
    }
}
