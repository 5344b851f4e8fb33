import Synchronization

/// swift-metrics handles kept by label set, so a hot path makes each series once and then
/// only looks it up: making one goes through the metrics factory and its registry's lock,
/// a lookup here is one short `Mutex` hold, never across I/O.
final class SeriesCache<Key: Hashable & Sendable, Series: Sendable>: Sendable {
    private let series = Mutex<[Key: Series]>([:])

    /// The series of `key`, made by `make` the first time.
    func series(_ key: Key, make: () -> Series) -> Series {
        if let existing = series.withLock({ $0[key] }) { return existing }
        let made = make()
        return series.withLock { series in
            if let existing = series[key] { return existing }
            series[key] = made
            return made
        }
    }
}
