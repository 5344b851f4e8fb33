/// The canonical names of gRPC's status codes, which the frames protocol shares: what the
/// metrics' `code` label and the logs' `code` field say.
public enum StatusCodeName {
    private static let names = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED",
    ]

    /// The name of status code `code`; `UNKNOWN` for a number outside 0...16.
    public static func of(_ code: Int) -> String {
        names.indices.contains(code) ? names[code] : "UNKNOWN"
    }
}
