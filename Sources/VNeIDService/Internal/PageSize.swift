import VNeIDCore

/// Page sizes: 1 to 1000, 0 meaning 100.
enum PageSize {
    static func validate(_ size: UInt32) throws -> Int {
        if size == 0 { return 100 }
        guard size <= 1000 else { throw VNeIDError.invalidArgument("page_size \(size) is too large; at most 1000") }
        return Int(size)
    }
}
