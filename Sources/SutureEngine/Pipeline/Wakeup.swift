import Dispatch
import Synchronization

/// Wakes one waiting worker when there is new work, instead of tight polling.
///
/// A signal given while nobody waits is remembered, so work announced just before a
/// worker starts waiting is not missed.
///
/// The timeout is a dispatch timer cancelled as soon as the wait ends, not a sleeping
/// child task: a cancelled `Task.sleep` keeps its timer (and its task) until the deadline
/// passes, so a worker woken a thousand times a second with a five-minute timeout (the
/// replenishment service, `replenishment.every`) held five minutes of dead timers: a node
/// grew by about 17 MB over a 5-minute load (docs/performance.md, "Memory").
public final class Wakeup: Sendable {
    private struct State {
        var signaled = false
        var waiter: CheckedContinuation<Void, Never>?
        /// Which wait is the current one: a timer or a cancellation of an earlier wait
        /// finds another number and does nothing.
        var generation: UInt64 = 0
        /// The current wait's timer fired, or its task was cancelled, before the wait had
        /// stored its continuation: it returns at once when it does.
        var released = false
    }

    private let state = Mutex(State())
    private static let timers = DispatchQueue(label: "suture.wakeup.timers")

    public init() {}

    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.signaled = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns when signalled, after `timeout`, or when the task is cancelled.
    public func wait(upTo timeout: Duration) async {
        guard timeout > .zero, !Task.isCancelled else { return }
        let generation = state.withLock { state in
            state.generation &+= 1
            state.released = false
            return state.generation
        }
        let timer = DispatchSource.makeTimerSource(queue: Self.timers)
        timer.setEventHandler { [weak self] in self?.release(generation) }
        timer.schedule(deadline: .now() + Self.interval(timeout))
        timer.activate()
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.signaled || state.released || Task.isCancelled {
                        state.signaled = false
                        return true
                    }
                    // Only one worker waits on a wakeup; a stale waiter is released.
                    state.waiter?.resume()
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            release(generation)
        }
    }

    /// Ends wait number `generation` if it is still the current one: resumes it, or marks
    /// it so that it returns as soon as it stores its continuation.
    private func release(_ generation: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.generation == generation else { return nil }
            guard let waiter = state.waiter else {
                state.released = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// `duration` as dispatch counts time, in nanoseconds (a timeout of centuries is cut to one).
    static func interval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanoseconds.overflow else { return .nanoseconds(Int.max) }
        return .nanoseconds(Int(clamping: nanoseconds.partialValue.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue))
    }
}
