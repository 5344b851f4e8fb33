import Foundation
import PostgresNIO
import VNeIDCore

extension PostgresStore: DutyStore {
    /// One upsert: of daemons racing for a round, the row lock lets one start it and the
    /// others find it started.
    public func claimDuty(_ name: String, interval: Duration, at now: Date) async throws -> DutyClaim? {
        let milliseconds = now.millisecondsSince1970
        let oldest = milliseconds - interval.wholeMilliseconds
        return try await withSession { session in
            try session.one("""
                INSERT INTO duties (name, round_started_at_ms) VALUES (\(name), \(milliseconds))
                ON CONFLICT (name) DO UPDATE SET round_started_at_ms = EXCLUDED.round_started_at_ms
                WHERE duties.round_started_at_ms <= \(oldest)
                RETURNING note
                """).map { DutyClaim(previousNote: try $0(0)) }
        }
    }

    public func noteDuty(_ name: String, _ note: String) async throws {
        _ = try await withSession { session in
            try session.execute("UPDATE duties SET note = \(note) WHERE name = \(name)")
        }
    }
}
