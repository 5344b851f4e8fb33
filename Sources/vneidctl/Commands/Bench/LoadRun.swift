import Foundation
import Histogram

/// Drives a call from many concurrent workers for a fixed time and collects latencies in an
/// HdrHistogram (microseconds): in a closed loop (each worker calls again as soon as it
/// has an answer), or at a fixed total rate (each worker starts its calls on a schedule,
/// and a latency counts from the scheduled start, so a stall is not hidden).
struct LoadRun {
    /// What the run measured.
    struct Result: Encodable {
        var requests: UInt64
        var errors: UInt64
        var seconds: Double
        var requestsPerSecond: Double
        var p50Ms, p90Ms, p99Ms, p999Ms, maxMs: Double
        var cores: Int
        var firstError: String?
    }

    let concurrency: Int
    let warmup: Duration
    let duration: Duration
    /// Calls per second for all workers together; 0 for a closed loop.
    var rate: Double = 0

    /// Runs `call(i)` from `concurrency` workers; `i` counts each worker's calls.
    func run(_ call: @escaping @Sendable (_ worker: Int, _ iteration: Int) async throws -> Void) async -> Result {
        let start = ContinuousClock.now
        let measureFrom = start + warmup
        let end = measureFrom + duration
        // With a rate, worker w starts its i-th call at start + (i * concurrency + w) / rate.
        let interval: Duration? = rate > 0 ? .nanoseconds(Int64(1e9 * Double(concurrency) / rate)) : nil
        let stagger: Duration? = rate > 0 ? .nanoseconds(Int64(1e9 / rate)) : nil
        let partials = await withTaskGroup(of: (Histogram<UInt64>, UInt64, String?).self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
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
                        do { try await call(worker, iteration) } catch {
                            if before >= measureFrom { errors += 1 }
                            if firstError == nil { firstError = "\(error)" }
                        }
                        iteration += 1
                        if before >= measureFrom {
                            let elapsed = ContinuousClock.now - before
                            let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
                            _ = histogram.record(UInt64(max(micros, 1)))
                        }
                    }
                    return (histogram, errors, firstError)
                }
            }
            var all: [(Histogram<UInt64>, UInt64, String?)] = []
            for await partial in group { all.append(partial) }
            return all
        }
        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        var errors: UInt64 = 0
        for partial in partials {
            histogram.add(partial.0)
            errors += partial.1
        }
        let seconds = duration / .seconds(1)
        func ms(_ percentile: Double) -> Double { Double(histogram.valueAtPercentile(percentile)) / 1000 }
        return Result(
            requests: histogram.totalCount, errors: errors, seconds: seconds,
            requestsPerSecond: Double(histogram.totalCount) / seconds,
            p50Ms: ms(50), p90Ms: ms(90), p99Ms: ms(99), p999Ms: ms(99.9),
            maxMs: Double(histogram.max) / 1000,
            cores: ProcessInfo.processInfo.activeProcessorCount,
            firstError: partials.compactMap(\.2).first
        )
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
        if let firstError { text += "first error: \(firstError)\n" }
        return text
    }
}
