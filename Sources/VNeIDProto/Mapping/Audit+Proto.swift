import Foundation
import SwiftProtobuf
import VNeIDCore

extension Vneid_V1_SignedAuditHead {
    /// The wire form of a signed head.
    public init(_ head: SignedAuditHead) {
        self.init()
        sequence = head.sequence
        hash = Data(head.hash)
        signedAt = Google_Protobuf_Timestamp(date: head.signedAt)
        publicKey = Data(head.publicKey)
        keyID = head.keyID
        signature = Data(head.signature)
    }
}

extension SignedAuditHead {
    /// A head received on the wire, its sizes checked; `problem(key:storedHash:chainLength:)`
    /// checks its signature.
    public init(validating proto: Vneid_V1_SignedAuditHead) throws(VNeIDError) {
        guard proto.hash.count == 32 else { throw .invalidArgument("against.hash has \(proto.hash.count) bytes; a head's hash has 32") }
        guard proto.publicKey.count == 32 else { throw .invalidArgument("against.public_key has \(proto.publicKey.count) bytes; an Ed25519 key has 32") }
        guard proto.signature.count == 64 else { throw .invalidArgument("against.signature has \(proto.signature.count) bytes; an Ed25519 signature has 64") }
        self.init(
            sequence: proto.sequence, hash: [UInt8](proto.hash), signedAt: try proto.signedAt.validatedDate(field: "against.signed_at"),
            publicKey: [UInt8](proto.publicKey), signature: [UInt8](proto.signature)
        )
    }
}
