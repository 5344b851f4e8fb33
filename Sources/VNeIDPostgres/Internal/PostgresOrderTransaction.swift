import Foundation
import PostgresNIO
import VNeIDCore

/// The PostgreSQL side of `OrderTransaction`: the reads and writes of one order, on one
/// session inside the write transaction that carries it out. The writer lock that
/// transaction holds is what keeps two orders, on any daemons, from deciding on the same
/// old state.
final class PostgresOrderTransaction: OrderTransaction {
    private let session: PostgresSession
    /// The accounts whose status this transaction wrote.
    private(set) var changedAccounts: Set<AccountID> = []

    init(_ session: PostgresSession) {
        self.session = session
    }

    func previousRequest(principalID: String, requestID: String) throws -> (fingerprint: [UInt8], orderID: String)? {
        try session.one("""
            SELECT fingerprint, order_id FROM order_requests WHERE principal_id = \(principalID) AND request_id = \(requestID)
            """).map { row in ([UInt8](try row(0, as: Data.self)), try row(1)) }
    }

    func order(id: String, includingNotices: Bool) throws -> Order? {
        try PostgresStore.fetchOrder(session, id: id, includingNotices: includingNotices)
    }

    func accountSnapshot(id: AccountID) throws -> AccountSnapshot? {
        try PostgresStore.fetchSnapshot(session, id: id)
    }

    func services() throws -> [ServiceName: RegisteredService] {
        try PostgresStore.fetchServices(session)
    }

    func policeUnitsWithApprovers() throws -> [PoliceUnitID] {
        try session.rows("""
            SELECT DISTINCT police_unit FROM principals
            WHERE police_unit IS NOT NULL AND revoked_at_ms IS NULL AND (',' || roles || ',') LIKE '%,POLICE_APPROVER,%'
            ORDER BY police_unit
            """).map { PoliceUnitID(trusted: try $0(0)) }
    }

    func authorizations(station: StationID, deputyID: String) throws -> [StationAuthorization] {
        try PostgresStore.fetchAuthorizations(session, where: "station_id = $1 AND deputy_id = $2", .init(binding: station.rawValue, deputyID))
    }

    func saveOrder(_ order: Order, isNew: Bool) throws {
        try PostgresStore.save(session, order, isNew: isNew)
    }

    func writeStatus(_ status: AccountStatus, by order: Order, at now: Date) throws {
        try PostgresStore.writeStatus(session, status, order: order, at: now)
        changedAccounts.insert(status.accountID)
    }

    func insertNotice(_ notice: OrderDecision.NoticeToCreate, of order: Order, at now: Date) throws -> String {
        try PostgresStore.insertNotice(session, notice, order: order, at: now)
    }

    func appendAudit(_ event: AuditEvent, binding records: [AuditRecordKey]) throws {
        try PostgresStore.appendAudit(session, event, binding: records)
    }

    func recordRequest(principalID: String, requestID: String, fingerprint: [UInt8], orderID: String) throws {
        try session.execute("""
            INSERT INTO order_requests (principal_id, request_id, fingerprint, order_id)
            VALUES (\(principalID), \(requestID), \(Data(fingerprint)), \(orderID))
            """)
    }
}
