import SutureEngine
import Testing

/// `Wakeup`: a wait ends on a signal (given before or during it), on its timeout, or on
/// cancellation, whichever comes first; a signal given while nobody waits is kept for the next wait.
@Suite struct WakeupTests {
    /// Whether `body` returned before `limit`: a guard so that a wait that never ends fails
    /// the test instead of hanging the suite (not a judgement of speed: the limit is a minute).
    func returns(within limit: Duration = .seconds(60), _ body: @escaping @Sendable () async -> Void) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await body(); return true }
            group.addTask { try? await Task.sleep(for: limit); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test func aSignalGivenBeforeTheWaitEndsItAtOnce() async {
        let wakeup = Wakeup()
        wakeup.signal()
        #expect(await returns { await wakeup.wait(upTo: .seconds(3600)) })
    }

    @Test func aSignalDuringTheWaitEndsIt() async {
        let wakeup = Wakeup()
        let waiting = Task { await wakeup.wait(upTo: .seconds(3600)) }
        // Signal until the wait has returned: a signal that came before the wait started is
        // kept, so one of them ends it either way.
        let ended = await returns {
            while !Task.isCancelled {
                wakeup.signal()
                if await returnsQuickly(waiting) { return }
            }
        }
        #expect(ended)
    }

    @Test func theTimeoutEndsAWaitNobodySignals() async {
        let wakeup = Wakeup()
        #expect(await returns { await wakeup.wait(upTo: .milliseconds(50)) })
        // Many short waits in a row, each ended by its own timer, none by an earlier one.
        #expect(await returns { for _ in 0..<20 { await wakeup.wait(upTo: .milliseconds(5)) } })
    }

    @Test func cancellingTheTaskEndsItsWait() async {
        let wakeup = Wakeup()
        let waiting = Task { await wakeup.wait(upTo: .seconds(3600)) }
        waiting.cancel()
        #expect(await returns { await waiting.value })
    }

    /// Thousands of waits ended by signals, each with a long timeout: every one returns, and
    /// a signal is never lost between them (the next wait returns at once after a signal
    /// that found nobody waiting).
    @Test func manyWaitsEndedBySignalsAllReturn() async {
        let wakeup = Wakeup()
        #expect(await returns {
            for _ in 0..<5_000 {
                wakeup.signal()
                await wakeup.wait(upTo: .seconds(3600))
            }
        })
    }

    /// Whether `task` finished within a short while (to be asked again if not).
    private func returnsQuickly(_ task: Task<Void, Never>) async -> Bool {
        await returns(within: .milliseconds(20)) { await task.value }
    }
}
