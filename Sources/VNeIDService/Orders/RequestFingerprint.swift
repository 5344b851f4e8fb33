import Crypto
import SwiftProtobuf

/// Tells a retried order request from a different one sent under the same request id:
/// SHA-256 of the method and the request with its request id cleared.
enum RequestFingerprint {
    static func of<Request: SwiftProtobuf.Message>(_ method: String, _ request: Request, clearing clear: (inout Request) -> Void) throws -> [UInt8] {
        var copy = request
        clear(&copy)
        var hasher = SHA256()
        hasher.update(data: Array(method.utf8))
        hasher.update(data: [0])
        hasher.update(data: try copy.serializedBytes() as [UInt8])
        return Array(hasher.finalize())
    }
}
