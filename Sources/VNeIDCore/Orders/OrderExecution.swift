/// What the store found when it carried out a command.
public struct OrderExecution: Sendable {
    /// The order, with its history and notices.
    public var order: Order
    /// True when the request id had been seen with the same request: nothing was done
    /// again and `order` is the one the first call produced (as it stands now).
    public var replayed: Bool

    /// Creates an execution result.
    public init(order: Order, replayed: Bool) {
        self.order = order
        self.replayed = replayed
    }
}
