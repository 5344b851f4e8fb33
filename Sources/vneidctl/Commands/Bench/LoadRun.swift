import Foundation
import Histogram
import Synchronization
import VNeIDCore

/// Drives a call from many concurrent workers for a fixed time and collects latencies in an
/// HdrHistogram (microseconds): in a closed loop (each worker calls again as soon as it
/// has an answer), or at a fixed total rate (each worker starts its calls on a schedule,
/// and a latency counts from the scheduled start, so a stall is not hidden).
struct LoadRun {
    /// What the run measured, over the whole run or one interval of it.
    struct Result: Encodable {
        var requests: UInt64
        var errors: UInt64
        var seconds: Double
        var requestsPerSecond: Double
        var p50Ms, p90Ms, p99Ms, p999Ms, maxMs: Double
        var cores: Int
        var firstError: String?
        /// With `interval`, the same figures for each interval in turn; a call counts in the
        /// interval it was started (or scheduled to start) in.
        var intervals: [Result]?
    }

    let concurrency: Int
    let warmup: Duration
    let duration: Duration
    /// Calls per second for all workers together; 0 for a closed loop.
    var rate: Double = 0
    /// When the run starts (the warmup first), so that generators in several processes
    /// start together; `nil` for at once.
    var startAt: Date?
    /// The length of the intervals reported apart; `nil` for the whole run only.
    var interval: Duration?

    /// Runs `call(i)` from `concurrency` workers; `i` counts each worker's calls.
    func run(_ call: @escaping @Sendable (_ worker: Int, _ iteration: Int) async throws -> Void) async -> Result {
        let delay = startAt.map { max(0, $0.timeIntervalSinceNow) } ?? 0
        let start = ContinuousClock.now + .milliseconds(Int64(delay * 1000))
        let measureFrom = start + warmup
        let end = measureFrom + duration
        // With a rate, worker w starts its i-th call at start + (i * concurrency + w) / rate.
        let interval: Duration? = rate > 0 ? .nanoseconds(Int64(1e9 * Double(concurrency) / rate)) : nil
        let stagger: Duration? = rate > 0 ? .nanoseconds(Int64(1e9 / rate)) : nil
        let intervals = IntervalHistograms(length: self.interval, duration: duration)
        if delay > 0 { try? await Task.sleep(until: start, clock: .continuous) }
        let partials = await withTaskGroup(of: (Histogram<UInt64>, UInt64, String?).self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var histogram = Self.histogram()
                    var errors: UInt64 = 0
                    var firstError: String?
                    var iteration = 0
                    while true {
                        var before = ContinuousClock.now
                        if let interval, let stagger {
                            let scheduled = start + interval * iteration + stagger * worker
                            if scheduled > before { try? await Task.sleep(until: scheduled, clock: .continuous) }
                            before = scheduled
                        }
                        guard before < end else { break }
                        var failed = false
                        do { try await call(worker, iteration) } catch {
                            failed = true
                            if firstError == nil { firstError = "\(error)" }
                        }
                        iteration += 1
                        if before >= measureFrom {
                            let elapsed = ContinuousClock.now - before
                            let micros = UInt64(max(elapsed.wholeMicroseconds, 1))
                            _ = histogram.record(micros)
                            if failed { errors += 1 }
                            intervals.record(micros, failed: failed, startedAfter: before - measureFrom)
                        }
                    }
                    return (histogram, errors, firstError)
                }
            }
            var all: [(Histogram<UInt64>, UInt64, String?)] = []
            for await partial in group { all.append(partial) }
            return all
        }
        var histogram = Self.histogram()
        var errors: UInt64 = 0
        for partial in partials {
            histogram.add(partial.0)
            errors += partial.1
        }
        var result = Result(
            histogram, errors: errors, seconds: duration / .seconds(1), firstError: partials.compactMap(\.2).first
        )
        result.intervals = intervals.results()
        return result
    }

    fileprivate static func histogram() -> Histogram<UInt64> {
        Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    }
}

extension LoadRun.Result {
    /// The figures of `histogram` (microseconds) over `seconds`.
    fileprivate init(_ histogram: Histogram<UInt64>, errors: UInt64, seconds: Double, firstError: String?) {
        func ms(_ percentile: Double) -> Double { Double(histogram.valueAtPercentile(percentile)) / 1000 }
        self.init(
            requests: histogram.totalCount, errors: errors, seconds: seconds,
            requestsPerSecond: Double(histogram.totalCount) / seconds,
            p50Ms: ms(50), p90Ms: ms(90), p99Ms: ms(99), p999Ms: ms(99.9),
            maxMs: Double(histogram.max) / 1000,
            cores: ProcessInfo.processInfo.activeProcessorCount,
            firstError: firstError
        )
    }
}

/// One histogram per interval of a run, shared by the workers. Recording takes a lock for
/// a few hundred nanoseconds, a few thousand times a second at most: no contention worth
/// a histogram per worker and interval (each is about 250 KB).
private final class IntervalHistograms: Sendable {
    private let length: Duration?
    private let duration: Duration
    private let slots: Mutex<[(histogram: Histogram<UInt64>, errors: UInt64)]>

    init(length: Duration?, duration: Duration) {
        self.length = length
        self.duration = duration
        let count = length.map { Int((duration / $0).rounded(.up)) } ?? 0
        slots = Mutex(Array(repeating: (LoadRun.histogram(), 0), count: count))
    }

    func record(_ micros: UInt64, failed: Bool, startedAfter offset: Duration) {
        guard let length else { return }
        let index = Int(offset / length)
        slots.withLock { slots in
            guard slots.indices.contains(index) else { return }
            _ = slots[index].histogram.record(micros)
            if failed { slots[index].errors += 1 }
        }
    }

    func results() -> [LoadRun.Result]? {
        guard let length else { return nil }
        return slots.withLock { slots in
            slots.enumerated().map { index, slot in
                // The last interval is shorter when the duration is not a whole number of them.
                let seconds = min(length, duration - length * index) / .seconds(1)
                return LoadRun.Result(slot.histogram, errors: slot.errors, seconds: seconds, firstError: nil)
            }
        }
    }
}

extension LoadRun.Result {
    /// The lines a person reads.
    var text: String {
        func f(_ value: Double) -> String { String(format: "%.2f", value) }
        var text = """
            requests    \(requests) in \(f(seconds)) s (\(errors) errors)
            throughput  \(String(format: "%.0f", requestsPerSecond)) requests/s
            latency ms  p50 \(f(p50Ms))  p90 \(f(p90Ms))  p99 \(f(p99Ms))  p99.9 \(f(p999Ms))  max \(f(maxMs))
            machine     \(cores) cores (daemon and load generator share them when run on one machine)

            """
        for (index, interval) in (intervals ?? []).enumerated() {
            text += String(
                format: "interval %3d  %8.0f requests/s  %6llu errors  p50 %8.2f  p99 %9.2f  max %9.2f ms\n",
                index + 1, interval.requestsPerSecond, interval.errors, interval.p50Ms, interval.p99Ms, interval.maxMs
            )
        }
        if let firstError { text += "first error: \(firstError)\n" }
        return text
    }
}
