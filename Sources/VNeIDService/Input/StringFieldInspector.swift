import Foundation
import SwiftProtobuf
import Synchronization
import VNeIDCore

/// Walks a message's fields and checks each string against `InputLimits`; other fields
/// are passed over. Nested messages are walked with their path (`grounds.text`).
struct StringFieldInspector: Visitor {
    let limits: InputLimits
    let path: String
    /// The type of the message being walked, to name its fields.
    let messageType: any SwiftProtobuf.Message.Type

    init(limits: InputLimits, path: String, messageType: any SwiftProtobuf.Message.Type) {
        self.limits = limits
        self.path = path
        self.messageType = messageType
    }

    private func field(_ number: Int) -> (name: String, path: String) {
        let name = FieldNames.name(of: messageType, number: number)
        return (name, path.isEmpty ? name : "\(path).\(name)")
    }

    mutating func visitSingularStringField(value: String, fieldNumber: Int) throws {
        let (name, path) = field(fieldNumber)
        try limits.check(value, field: name, path: path)
    }

    mutating func visitSingularMessageField<M: Message>(value: M, fieldNumber: Int) throws {
        var nested = StringFieldInspector(limits: limits, path: field(fieldNumber).path, messageType: M.self)
        try value.traverse(visitor: &nested)
    }

    mutating func visitMapField<KeyType, ValueType: MapValueType>(
        fieldType: _ProtobufMap<KeyType, ValueType>.Type, value: _ProtobufMap<KeyType, ValueType>.BaseType, fieldNumber: Int
    ) throws {
        let (name, path) = field(fieldNumber)
        for (key, element) in value {
            if let key = key as? String { try limits.check(key, field: name, path: path) }
            if let element = element as? String { try limits.check(element, field: name, path: path) }
        }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type, value: _ProtobufEnumMap<KeyType, ValueType>.BaseType, fieldNumber: Int
    ) throws where ValueType.RawValue == Int {
        let (name, path) = field(fieldNumber)
        for key in value.keys { if let key = key as? String { try limits.check(key, field: name, path: path) } }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type, value: _ProtobufMessageMap<KeyType, ValueType>.BaseType, fieldNumber: Int
    ) throws {
        let path = field(fieldNumber).path
        for element in value.values {
            var nested = StringFieldInspector(limits: limits, path: path, messageType: ValueType.self)
            try element.traverse(visitor: &nested)
        }
    }

    mutating func visitSingularDoubleField(value: Double, fieldNumber: Int) throws {}
    mutating func visitSingularInt64Field(value: Int64, fieldNumber: Int) throws {}
    mutating func visitSingularUInt64Field(value: UInt64, fieldNumber: Int) throws {}
    mutating func visitSingularBoolField(value: Bool, fieldNumber: Int) throws {}
    mutating func visitSingularBytesField(value: Data, fieldNumber: Int) throws {}
    mutating func visitSingularEnumField<E: Enum>(value: E, fieldNumber: Int) throws {}
    mutating func visitUnknown(bytes: Data) throws {}
}

/// The proto names of message fields, learnt once per field.
///
/// SwiftProtobuf keeps its field-name table internal; the text format prints it. So the
/// first time a field is seen, a message holding only that field (a one-byte string, or
/// an empty message) is decoded and printed, and the name read off the print.
enum FieldNames {
    private struct Key: Hashable {
        var type: ObjectIdentifier
        var number: Int
    }

    private static let names = Mutex<[Key: String]>([:])

    static func name(of type: any SwiftProtobuf.Message.Type, number: Int) -> String {
        let key = Key(type: ObjectIdentifier(type), number: number)
        if let known = names.withLock({ $0[key] }) { return known }
        let learnt = learn(type, number: number) ?? "field \(number)"
        names.withLock { $0[key] = learnt }
        return learnt
    }

    private static func learn(_ type: any SwiftProtobuf.Message.Type, number: Int) -> String? {
        // Wire type 2 (length-delimited) with one byte: a string "x" or an empty message.
        var bytes: [UInt8] = []
        var tag = UInt64(number) << 3 | 2
        while tag >= 0x80 {
            bytes.append(UInt8(tag & 0x7F) | 0x80)
            tag >>= 7
        }
        bytes.append(UInt8(tag))
        for payload: [UInt8] in [[1, 0x78], [0]] {
            guard let probe = try? type.init(serializedBytes: bytes + payload) else { continue }
            let text = probe.textFormatString()
            if let end = text.firstIndex(where: { $0 == ":" || $0 == " " || $0 == "{" }), end > text.startIndex {
                return String(text[..<end])
            }
        }
        return nil
    }
}
