/// A failure of the test harness itself (a program that would not start or end, a server
/// that would not set up), with a message that says what happened.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
