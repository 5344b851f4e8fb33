import Foundation
import GRDB
import VNeIDCore

/// The SQLite side of `OrderTransaction`: the reads and writes of one order, on the
/// writer connection inside the write transaction that carries it out. SQLite's single
/// writer is what keeps two orders from deciding on the same old state.
///
/// It also notes which accounts' statuses it wrote, so that the store drops them from its
/// cache once the transaction has committed.
final class SQLiteOrderTransaction: OrderTransaction {
    private let db: Database
    /// The accounts whose status this transaction wrote.
    private(set) var changedAccounts: Set<AccountID> = []

    init(_ db: Database) {
        self.db = db
    }

    func previousRequest(principalID: String, requestID: String) throws -> (fingerprint: [UInt8], orderID: String)? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT fingerprint, order_id FROM order_requests WHERE principal_id = ? AND request_id = ?"),
            arguments: [principalID, requestID]
        ).map { row in ([UInt8](row[0] as Data), row[1]) }
    }

    func order(id: String, includingNotices: Bool) throws -> Order? {
        try SQLiteStore.fetchOrder(db, id: id, includingNotices: includingNotices)
    }

    func accountSnapshot(id: AccountID) throws -> AccountSnapshot? {
        try SQLiteStore.fetchSnapshot(db, id: id)
    }

    func services() throws -> [ServiceName: RegisteredService] {
        try SQLiteStore.fetchServices(db)
    }

    func policeUnitsWithApprovers() throws -> [PoliceUnitID] {
        try String.fetchAll(db, sql: """
            SELECT DISTINCT police_unit FROM principals
            WHERE police_unit IS NOT NULL AND revoked_at_ms IS NULL AND (',' || roles || ',') LIKE '%,POLICE_APPROVER,%'
            ORDER BY police_unit
            """).map(PoliceUnitID.init(trusted:))
    }

    func authorizations(station: StationID, deputyID: String) throws -> [StationAuthorization] {
        try SQLiteStore.fetchAuthorizations(db, where: "station_id = ? AND deputy_id = ?", arguments: [station.rawValue, deputyID])
    }

    func saveOrder(_ order: Order, isNew: Bool) throws {
        try SQLiteStore.save(db, order, isNew: isNew)
    }

    func writeStatus(_ status: AccountStatus, by order: Order, at now: Date) throws {
        try SQLiteStore.writeStatus(db, status, order: order, at: now)
        changedAccounts.insert(status.accountID)
    }

    func insertNotice(_ notice: OrderDecision.NoticeToCreate, of order: Order, at now: Date) throws -> String {
        try SQLiteStore.insertNotice(db, notice, order: order, at: now)
    }

    func appendAudit(_ event: AuditEvent, binding records: [AuditRecordKey]) throws {
        try SQLiteStore.appendAudit(db, event, binding: records)
    }

    func recordRequest(principalID: String, requestID: String, fingerprint: [UInt8], orderID: String) throws {
        try db.cachedStatement(sql: "INSERT INTO order_requests (principal_id, request_id, fingerprint, order_id) VALUES (?, ?, ?, ?)")
            .execute(arguments: [principalID, requestID, Data(fingerprint), orderID])
    }
}
