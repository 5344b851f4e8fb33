extension AuthenticationRules {
    /// The records as they must be written when the tokens `spentElsewhere` turned out, at
    /// the commit, to have been spent already through another daemon sharing the store:
    /// a record that allowed one of them allowed a replay, and is a REPLAYED denial.
    public static func denyingReplays(_ records: [AuthenticationRecord], spentElsewhere: Set<SpentToken.Identity>) -> [AuthenticationRecord] {
        guard !spentElsewhere.isEmpty else { return records }
        return records.map { record in
            guard record.outcome == .allowed, let issuer = record.issuer, let tokenID = record.tokenID,
                  spentElsewhere.contains(SpentToken.Identity(issuer: issuer, tokenID: tokenID))
            else { return record }
            var denied = record
            denied.outcome = .denied(.replayed)
            return denied
        }
    }
}
