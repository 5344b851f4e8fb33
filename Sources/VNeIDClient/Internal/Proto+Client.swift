import VNeIDCore
import VNeIDGRPCStubs
import VNeIDProto

extension Vneid_V1_ImportRecord {
    init(_ record: AccountImportRecord) {
        self.init()
        line = record.line
        account.id = record.id
        account.kind = record.kind?.proto ?? .unspecified
        account.displayName = record.displayName
        account.assuranceLevel = UInt32(clamping: max(0, record.assuranceLevel))
        account.managingOrganizationID = record.managingOrganizationID ?? ""
    }
}

extension AccountImportSummary {
    init(_ response: Vneid_V1_ImportAccountsResponse) {
        self.init(
            received: response.received,
            created: response.created,
            updated: response.updated,
            unchanged: response.unchanged,
            rejected: response.rejected,
            rejections: response.rejections.map { Rejection(line: $0.line, accountID: $0.accountID, reason: $0.reason) }
        )
    }
}
