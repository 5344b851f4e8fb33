import Foundation
import Logging
import NIOCore
import Synchronization
import SwiftProtobuf
import VNeIDCore
import VNeIDFramesCodec
import VNeIDProto
import VNeIDService

/// One frames connection: reads the preface, then frames, and runs each call it opens as a
/// task of its own until the connection closes (`proto/vneid/v1/frames.md`).
///
/// Where work runs, and why nothing blocks: the reading loop and every call are Swift
/// tasks that only await, on the cooperative pool, so the calls of one connection use
/// every core. The decoder and the calls' deadline timers run on the connection's event
/// loop. The map of calls in flight sits behind a mutex that is held only to add, take or
/// remove an entry, never across an await. Answers go through NIO's async writer, which
/// several call tasks may use at once and which suspends them while the client does not
/// read (so a slow reader holds its own watches back, not the daemon's memory).
final class FramesConnection: Sendable {
    private let layer: ServiceLayer
    private let limits: ServerConfiguration.Limits
    private let logger: Logger
    private let observer: CallObserver
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    /// The connection's event loop, which runs the calls' deadline timers.
    private let eventLoop: any EventLoop
    private let state = Mutex(State())

    /// A call in flight.
    private struct Call {
        /// The task that runs it.
        var task: Task<Void, Never>
        /// The timer that ends it at its deadline, if it has one.
        var deadline: Scheduled<Void>?
        /// Whether the deadline passed (and cancelled the task).
        var deadlinePassed = false
    }

    private struct State {
        /// Calls in flight, by id. A call leaves this map just before its status is
        /// written, so a client may reuse its id as soon as it has read that status.
        var calls: [UInt64: Call] = [:]
        /// Every task that writes a call's frames (a call's, or a refusal's), by serial
        /// number, until its last frame is written. Going away and closing wait for these,
        /// not for `calls`: a status still being written when the connection closes would
        /// be lost.
        var writers: [UInt64: Task<Void, Never>] = [:]
        var nextWriterSerial: UInt64 = 0
        /// The highest call id started.
        var lastCallID: UInt64 = 0
        /// Set once the daemon began shutting down: no call starts after it.
        var goingAway = false
        /// When the last frame arrived or the last call ended, for idleness and keepalive.
        var lastActivity = ContinuousClock.now
        /// Ping data sent and not yet answered.
        var pingOutstanding: UInt64?
        /// Whether the client's preface has arrived.
        var prefaceSeen = false
        /// When the connection was accepted.
        let openedAt = ContinuousClock.now
    }

    init(
        layer: ServiceLayer, limits: ServerConfiguration.Limits, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        eventLoop: any EventLoop, observer: CallObserver, logger: Logger
    ) {
        self.layer = layer
        self.observer = observer
        self.limits = limits
        self.outbound = outbound
        self.eventLoop = eventLoop
        self.logger = logger
    }

    /// Serves the connection until the client closes it, a protocol error, idleness or a
    /// missing preface closes it, or the daemon's shutdown has drained it; then cancels
    /// what is still running and returns once every call it started has ended. Whichever
    /// of reading, watching and shutting down finishes first ends the connection.
    func serve(inbound: NIOAsyncChannelInboundStream<FramesInbound>, shutdown: FramesShutdown) async {
        // Each task returns whether the connection is to close; one cancelled because another
        // closed it returns `false` at once.
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.readFrames(inbound)
                return true
            }
            group.addTask { await self.watchIdleness() }
            group.addTask {
                guard await shutdown.wait() else { return false }
                await self.goAway(code: 14, message: "the daemon is shutting down; calls in flight finish, open new ones elsewhere")
                return true
            }
            for await closes in group where closes { break }
            group.cancelAll()
        }
        // Every call's task is among the writers; a cancelled call still writes its status.
        let writers = state.withLock { Array($0.writers.values) }
        for writer in writers { writer.cancel() }
        for writer in writers { await writer.value }
    }

    // MARK: - Reading

    private func readFrames(_ inbound: NIOAsyncChannelInboundStream<FramesInbound>) async {
        do {
            var prefaceRead = false
            for try await element in inbound {
                switch element {
                case .preface(let major, let minor):
                    guard !prefaceRead else { continue }
                    prefaceRead = true
                    state.withLock { $0.prefaceSeen = true }
                    try await write(raw: FramesPreface.bytes)
                    guard major == FramesPreface.major else {
                        throw FramesProtocolError.invalid("this daemon speaks frames protocol version \(FramesPreface.major).x, not \(major).\(minor)")
                    }
                case .frame(let bytes):
                    state.withLock { $0.lastActivity = .now }
                    let frame: Vneid_V1_Frame
                    do {
                        frame = try Vneid_V1_Frame(serializedBytes: Array(buffer: bytes))
                    } catch {
                        throw FramesProtocolError.invalid("a frame is not a valid vneid.v1.Frame message: \(error)")
                    }
                    try await receive(frame)
                }
            }
        } catch let error as FramesProtocolError {
            logger.info("frames connection closed for a protocol error", metadata: ["problem": "\(error.message)"])
            if !state.withLock({ $0.prefaceSeen }) {
                // The client never spoke the protocol; it gets the daemon's preface so that a
                // frames client can read the goaway that says why.
                try? await write(raw: FramesPreface.bytes)
            }
            // The calls in flight are cancelled, not awaited: serve() does that as soon as
            // reading returns, and a watch would otherwise keep the connection open.
            await sendGoAway(code: error.code, message: error.message)
        } catch {
            // The client went away, or its TLS failed: nothing is left to answer.
            logger.debug("frames connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Acts on one frame.
    private func receive(_ frame: Vneid_V1_Frame) async throws {
        switch frame.body {
        case .call(let start):
            guard frame.callID != 0 else { throw FramesProtocolError.invalid("a call must have a non-zero call_id") }
            try open(frame.callID, start)
        case .cancel:
            let call = state.withLock { $0.calls[frame.callID]?.task }
            call?.cancel()
        case .ping(let ping):
            try await send(.with { $0.pong = ping })
        case .pong(let pong):
            state.withLock { state in if state.pingOutstanding == pong.data { state.pingOutstanding = nil } }
        case .message, .status, .goaway:
            throw FramesProtocolError.invalid("a client may not send \(frame.body.map(Self.name) ?? "this frame"); it sends call, cancel, ping and pong")
        case nil:
            throw FramesProtocolError.invalid("frame for call \(frame.callID) has no body")
        }
    }

    private static func name(_ body: Vneid_V1_Frame.OneOf_Body) -> String {
        switch body {
        case .call: "call"
        case .message: "message"
        case .status: "status"
        case .cancel: "cancel"
        case .ping: "ping"
        case .pong: "pong"
        case .goaway: "goaway"
        }
    }

    // MARK: - Calls

    private func open(_ id: UInt64, _ start: Vneid_V1_CallStart) throws {
        let admission: Result<Void, VNeIDError> = try state.withLock { state in
            guard state.calls[id] == nil else {
                throw FramesProtocolError.invalid("call id \(id) is already in flight on this connection; ids are unique among calls in flight")
            }
            if state.goingAway || layer.serving.isShuttingDown {
                return .failure(.unavailable("the daemon is shutting down; open the call on another daemon"))
            }
            if state.calls.count >= limits.maximumStreamsPerConnection {
                return .failure(.resourceExhausted("more than \(limits.maximumStreamsPerConnection) calls in flight on one connection; wait for some to end"))
            }
            state.lastCallID = max(state.lastCallID, id)
            // The call is registered before it can end (its task takes this lock to leave),
            // so its own removal always finds it. Its deadline is a timer on the event loop
            // (a task group racing a sleep cost more than the rest of a call), which cancels
            // the call's task.
            let task = startWriter(in: &state) { await self.run(id, start) }
            let deadline = start.timeoutMs == 0 ? nil : eventLoop.scheduleTask(in: .milliseconds(Int64(start.timeoutMs))) {
                self.deadlinePassed(id)
            }
            state.calls[id] = Call(task: task, deadline: deadline)
            return .success(())
        }
        if case .failure(let refusal) = admission {
            observer.end(observer.begin(method: Route(start.method).observedName(start.method)), code: Int(refusal.status.code), message: refusal.status.message)
            state.withLock { state in _ = startWriter(in: &state) { await self.end(id, refusal.status) } }
        }
    }

    /// Starts `write` in a task of its own, registered in `writers` until it has returned.
    /// The caller holds the state's lock; the task takes it to leave, so it cannot leave
    /// before it is registered.
    private func startWriter(in state: inout State, _ write: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        let serial = state.nextWriterSerial
        state.nextWriterSerial &+= 1
        let task = Task {
            await write()
            self.state.withLock { _ = $0.writers.removeValue(forKey: serial) }
        }
        state.writers[serial] = task
        return task
    }

    private func run(_ id: UInt64, _ start: Vneid_V1_CallStart) async {
        let route = Route(start.method)
        let observed = observer.begin(method: route.observedName(start.method))
        var status = await ObservedCall.$current.withValue(observed) { () async -> Vneid_V1_CallStatus in
            do {
                return try await handle(id, start, route)
            } catch let error as VNeIDError {
                return error.status
            } catch is CancellationError {
                return .with { $0.code = 1; $0.message = "the call was cancelled" }
            } catch {
                return layer.gate.internalError(error, in: start.method).status
            }
        }
        let call = state.withLock { state in
            state.lastActivity = .now
            return state.calls.removeValue(forKey: id)
        }
        call?.deadline?.cancel()
        if call?.deadlinePassed == true {
            status = .with { $0.code = 4; $0.message = "the call's deadline of \(start.timeoutMs) ms passed before it ended" }
        }
        observer.end(observed, code: Int(status.code), message: status.message)
        await end(id, status)
    }

    /// What a call's method names, looked up once per call.
    private enum Route {
        case unary(UnaryMethod)
        case streaming(StreamingMethod)
        case grpcOnly
        case unknown

        init(_ method: String) {
            if let unary = UnaryMethod.byName[method] {
                self = .unary(unary)
            } else if let streaming = StreamingMethod.byName[method] {
                self = .streaming(streaming)
            } else {
                self = StreamingMethod.grpcOnly.contains(method) ? .grpcOnly : .unknown
            }
        }

        /// The name the call is counted and logged under: its own when the daemon serves
        /// it, else `unknown` (a client's made-up names would make series without end).
        func observedName(_ method: String) -> String {
            if case .unknown = self { return "unknown" }
            return method
        }
    }

    /// Ends call `id` at its deadline: its task is cancelled, and it answers
    /// DEADLINE_EXCEEDED once its handler has returned.
    private func deadlinePassed(_ id: UInt64) {
        let task = state.withLock { state -> Task<Void, Never>? in
            state.calls[id]?.deadlinePassed = true
            return state.calls[id]?.task
        }
        task?.cancel()
    }

    /// Gate, decode, limits, handler: the same steps and the same handlers as gRPC.
    private func handle(_ id: UInt64, _ start: Vneid_V1_CallStart, _ route: Route) async throws -> Vneid_V1_CallStatus {
        let method = start.method
        switch route {
        case .grpcOnly:
            return .with { $0.code = 12; $0.message = "\(method) is served over gRPC only, not over the frames protocol" }
        case .unknown:
            return .with { $0.code = 12; $0.message = method.isEmpty ? "the call names no method" : "unknown method '\(method)'" }
        case .unary(let unary):
            let caller = try await layer.gate.authorize(apiKey: start.apiKey.isEmpty ? nil : Substring(start.apiKey), method: method)
            let request = try unary.decode(Array(start.request))
            try layer.inputLimits.check(request)
            let response = try await unary.handle(request, caller: caller, in: layer)
            return .with { $0.response = (try? response.serializedData()) ?? Data() }
        case .streaming(let streaming):
            let caller = try await layer.gate.authorize(apiKey: start.apiKey.isEmpty ? nil : Substring(start.apiKey), method: method)
            let request = try streaming.decode(Array(start.request))
            try layer.inputLimits.check(request)
            try await streaming.stream(request, caller: caller, in: layer) { message in
                try await self.send(.with {
                    $0.callID = id
                    $0.message = try message.serializedData()
                })
            }
            return Vneid_V1_CallStatus()
        }
    }

    /// Sends a call's last frame. A cancelled call's task can no longer write (NIO's
    /// writer refuses a cancelled task), so its status goes out from a task of its own.
    private func end(_ id: UInt64, _ status: Vneid_V1_CallStatus) async {
        let frame = Vneid_V1_Frame.with {
            $0.callID = id
            $0.status = status
        }
        if Task.isCancelled {
            await Task { try? await self.send(frame) }.value
        } else {
            try? await send(frame)
        }
    }

    // MARK: - Connection management

    /// Closes a connection that sends no preface in time or stays idle, and pings a
    /// silent one, closing it if no pong comes. Returns `true` when the connection is to
    /// close, `false` when cancelled.
    private func watchIdleness() async -> Bool {
        let keepalive = Duration.seconds(30)
        let pongTimeout = Duration.seconds(10)
        let tick = min(limits.handshakeTimeout, min(keepalive, limits.idleTimeout) / 2)
        while true {
            do { try await Task.sleep(for: tick) } catch { return false }
            let (preface, age, idleFor, calls, outstanding) = state.withLock {
                ($0.prefaceSeen, $0.openedAt.duration(to: .now), $0.lastActivity.duration(to: .now), $0.calls.count, $0.pingOutstanding)
            }
            if !preface {
                if age >= limits.handshakeTimeout {
                    logger.debug("frames connection closed: no preface in time")
                    return true
                }
                continue
            }
            if calls == 0, idleFor >= limits.idleTimeout {
                await goAway(code: 0, message: "the connection was idle for \(limits.idleTimeout)")
                return true
            }
            if outstanding != nil, idleFor >= keepalive + pongTimeout {
                logger.info("frames connection closed: no pong to the keepalive ping")
                return true
            }
            if outstanding == nil, idleFor >= keepalive {
                let data = UInt64.random(in: 1...UInt64.max)
                state.withLock { $0.pingOutstanding = data }
                try? await send(.with { $0.ping = .with { $0.data = data } })
            }
        }
    }

    /// Sends `goaway` and returns once the calls in flight have ended and their statuses
    /// are written (at shutdown the watches end by themselves; idle connections have none).
    private func goAway(code: Int, message: String) async {
        await sendGoAway(code: code, message: message)
        while true {
            let writers = state.withLock { Array($0.writers.values) }
            guard !writers.isEmpty else { break }
            for writer in writers { await writer.value }
        }
    }

    /// Sends `goaway` with the highest call id started; no call starts after it.
    private func sendGoAway(code: Int, message: String) async {
        let last = state.withLock { state in
            state.goingAway = true
            return state.lastCallID
        }
        try? await send(.with {
            $0.goaway = .with {
                $0.code = UInt32(code)
                $0.message = message
                $0.lastCallID = last
            }
        })
    }

    // MARK: - Writing

    private func send(_ frame: Vneid_V1_Frame) async throws {
        try await outbound.write(try frame.encodedBuffer())
    }

    private func write(raw bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }
}

extension VNeIDError {
    /// How a call that failed with this error ends on a frames connection: the same code,
    /// message and violations a gRPC caller gets.
    var status: Vneid_V1_CallStatus {
        let fitted = fittedForCallers
        return .with {
            $0.code = UInt32(fitted.code.statusCode)
            $0.message = fitted.message
            $0.violations = fitted.violations.map { violation in
                .with {
                    $0.field = violation.field
                    $0.description_p = violation.description
                }
            }
        }
    }
}
