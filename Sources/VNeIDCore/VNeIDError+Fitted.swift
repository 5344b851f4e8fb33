extension VNeIDError {
    /// The longest message sent to a caller, in characters.
    public static let maximumMessageLength = 512
    /// The most violations sent to a caller; the rest are counted in a last one.
    public static let maximumViolations = 50
    /// The longest description of one violation sent to a caller, in characters.
    public static let maximumViolationLength = 200

    /// This error cut down to what every client accepts: gRPC carries the message and the
    /// violations in HTTP/2 trailers, and clients refuse trailers over 16 KiB, reporting
    /// the daemon unavailable instead of the error. A message is shortened with an ellipsis;
    /// violations past the first `maximumViolations` are summarized in one more, which says
    /// how many were left out.
    public var fittedForCallers: VNeIDError {
        var fitted = self
        fitted.message = Self.shortened(message, to: Self.maximumMessageLength)
        if violations.count > Self.maximumViolations {
            let leftOut = violations.count - Self.maximumViolations
            fitted.violations = Array(violations.prefix(Self.maximumViolations))
            fitted.violations.append(Violation(
                field: "(more)",
                description: "\(leftOut) more problems are not listed; correct these and try again to see them"
            ))
        }
        fitted.violations = fitted.violations.map {
            Violation(field: Self.shortened($0.field, to: 64), description: Self.shortened($0.description, to: Self.maximumViolationLength))
        }
        return fitted
    }

    private static func shortened(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
