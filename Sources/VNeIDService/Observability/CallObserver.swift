import CoreMetrics
import Logging
import VNeIDCore

/// Counts, times and logs every call of one transport, the same way for gRPC and frames:
/// `vneid_rpc_calls_total` by service, method and status; `vneid_rpc_duration_seconds` by
/// service and method; `vneid_rpc_in_flight`; and one log line per call (debug when it
/// succeeds, notice when it fails) with the method, the principal, the account or order
/// noted, the status code and the duration.
///
/// The series are made once per label set and kept (`SeriesCache`), so a call costs two
/// lookups and two atomic adds.
public final class CallObserver: Sendable {
    /// The transport's name, the `transport` label: `grpc` or `frames`.
    public let transport: String
    private let logger: Logger
    private let inFlight: Meter
    private let counters = SeriesCache<CounterKey, Counter>()
    private let timers = SeriesCache<String, CoreMetrics.Timer>()

    private struct CounterKey: Hashable {
        var method: String
        var code: Int
    }

    /// An observer of the calls of `transport`, logging to `logger`.
    public init(transport: String, logger: Logger) {
        self.transport = transport
        self.logger = logger
        inFlight = Meter(label: MetricName.rpcInFlight, dimensions: [("transport", transport)])
    }

    /// Starts observing a call of `method` (`package.Service/Method`); bind the result to
    /// `ObservedCall.current` while the call runs, and pass it to `end` once.
    public func begin(method: String) -> ObservedCall {
        inFlight.increment()
        return ObservedCall(method: method)
    }

    /// Records the end of `call` with gRPC status `code` (0 for OK) and, for a failure,
    /// the message its caller was given.
    public func end(_ call: ObservedCall, code: Int, message: String? = nil, peer: String? = nil) {
        let elapsed = ContinuousClock.now - call.started
        inFlight.decrement()
        counter(call.method, code).increment()
        timer(call.method).recordNanoseconds(elapsed.wholeNanoseconds)
        let level: Logger.Level = code == 0 ? .debug : .notice
        guard logger.logLevel <= level else { return }
        var metadata = call.noted
        metadata["transport"] = .string(transport)
        metadata["method"] = .string(call.method)
        metadata["code"] = .string(StatusCodeName.of(code))
        let micros = elapsed.wholeMicroseconds
        metadata["duration_ms"] = .string("\(micros / 1000).\(String(1000 + micros % 1000).dropFirst())")
        if let peer { metadata["peer"] = .string(peer) }
        if let message, code != 0 { metadata["detail"] = .string(message) }
        logger.log(level: level, code == 0 ? "rpc ok" : "rpc failed", metadata: metadata)
    }

    private func counter(_ method: String, _ code: Int) -> Counter {
        counters.series(CounterKey(method: method, code: code)) {
            let (service, name) = Self.split(method)
            return Counter(label: MetricName.rpcCalls, dimensions: [
                ("transport", transport), ("service", service), ("method", name), ("code", StatusCodeName.of(code)),
            ])
        }
    }

    private func timer(_ method: String) -> CoreMetrics.Timer {
        timers.series(method) {
            let (service, name) = Self.split(method)
            return CoreMetrics.Timer(label: MetricName.rpcDuration, dimensions: [
                ("transport", transport), ("service", service), ("method", name),
            ])
        }
    }

    /// `vneid.v1.AccountService/GetAccount` as (`vneid.v1.AccountService`, `GetAccount`).
    private static func split(_ method: String) -> (service: String, method: String) {
        guard let slash = method.lastIndex(of: "/") else { return ("", method) }
        return (String(method[..<slash]), String(method[method.index(after: slash)...]))
    }
}
