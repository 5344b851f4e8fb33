/// How every store's authentication history holds a decision: a `decision` column
/// (`allow` or `deny`) and a `reason` column (the deny reason's code, NULL when allowed).
/// For the store adapters of this package only.
package enum StoredOutcome {
    /// The two columns of `outcome`.
    package static func columns(of outcome: AuthenticationRecord.Outcome) -> (decision: String, reason: String?) {
        switch outcome {
        case .allowed: ("allow", nil)
        case .denied(let reason): ("deny", reason.code)
        }
    }

    /// The outcome two columns hold; a reason this release does not know reads as a
    /// malformed token (a denial either way).
    package static func outcome(decision: String, reason: String?) -> AuthenticationRecord.Outcome {
        decision == "allow" ? .allowed : .denied(reason.flatMap(DenyReason.init(code:)) ?? .malformedToken)
    }
}
