import Foundation
import SwiftProtobuf
import VNeIDCore

extension Google_Protobuf_Timestamp {
    /// The protobuf range of a timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
    static let validSeconds: ClosedRange<Int64> = -62_135_596_800 ... 253_402_300_799

    /// The instant a request's timestamp names, or `invalidArgument` naming `field` when it
    /// lies outside the range protobuf defines (years 1 to 9999) or its nanos are not 0 to 999,999,999.
    public func validatedDate(field: String) throws(VNeIDError) -> Date {
        guard Self.validSeconds.contains(seconds), (0..<1_000_000_000).contains(nanos) else {
            throw .invalidArgument("\(field) is not a valid timestamp (seconds \(seconds), nanos \(nanos)); give a time between the years 1 and 9999")
        }
        return date
    }
}
