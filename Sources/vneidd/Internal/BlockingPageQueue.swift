import Foundation
import VNeIDCore

/// A few pages in flight between the thread that exports a store and the thread that
/// imports it. Both are threads the stores hand out (GRDB's reader queue, the PostgreSQL
/// store's session thread pool), never threads of the Swift pool, so blocking them
/// here is safe: each wait ends when the other side takes, puts, finishes or stops.
final class BlockingPageQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var pages: [StoreCatalogue.Page] = []
    private var finished = false
    private var stopped = false
    private var failure: (any Error)?
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds a page, waiting while the queue is full; `false` once the importer stopped.
    func put(_ page: StoreCatalogue.Page) -> Bool {
        BlockingWait.assertOffTheSwiftPool("putting a page of the copy")
        condition.lock()
        defer { condition.unlock() }
        while pages.count >= capacity, !stopped { condition.wait() }
        guard !stopped else { return false }
        pages.append(page)
        condition.broadcast()
        return true
    }

    /// The next page, waiting for one; `nil` after the last. Throws the exporter's error.
    func take() throws -> StoreCatalogue.Page? {
        BlockingWait.assertOffTheSwiftPool("taking a page of the copy")
        condition.lock()
        defer { condition.unlock() }
        while pages.isEmpty, !finished { condition.wait() }
        if let failure { throw failure }
        guard !pages.isEmpty else { return nil }
        let page = pages.removeFirst()
        condition.broadcast()
        return page
    }

    /// The exporter is done, with `failure` if it failed.
    func finish(failure: (any Error)? = nil) {
        condition.lock()
        self.failure = failure
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The importer stopped: a waiting or later `put` returns `false`.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
