import SutureDelivery
import Testing

/// The delivery state machine, transition by transition: every state against every event,
/// at an instant (`now` = 1,000) before and after the times the states carry.
@Suite struct DeliveryLifecycleTests {
    typealias State = DeliveryLifecycle.State
    static let now: Int64 = 1_000

    /// Every state, with its times before (`500`) and after (`2,000`) `now`.
    static let states: [State] = [
        .pending(dueAt: 500), .pending(dueAt: 2_000), .inFlight(leaseUntil: 500), .inFlight(leaseUntil: 2_000),
        .delivered, .rejected, .dead, .superseded,
    ]

    struct ClaimCase: Sendable, CustomTestStringConvertible {
        let given: State
        let expected: Result<State, DeliveryLifecycle.Refusal>
        var testDescription: String { "claim \(given)" }
    }

    static let claims: [ClaimCase] = [
        ClaimCase(given: .pending(dueAt: 500), expected: .success(.inFlight(leaseUntil: 9_000))),
        ClaimCase(given: .pending(dueAt: 1_000), expected: .success(.inFlight(leaseUntil: 9_000))),
        ClaimCase(given: .pending(dueAt: 2_000), expected: .failure(.notDue)),
        ClaimCase(given: .inFlight(leaseUntil: 500), expected: .success(.inFlight(leaseUntil: 9_000))),
        ClaimCase(given: .inFlight(leaseUntil: 2_000), expected: .failure(.leaseLive)),
        ClaimCase(given: .delivered, expected: .failure(.finished(.delivered))),
        ClaimCase(given: .superseded, expected: .failure(.finished(.superseded))),
        ClaimCase(given: .rejected, expected: .failure(.notApplicable(.rejected))),
        ClaimCase(given: .dead, expected: .failure(.notApplicable(.dead))),
    ]

    /// The refusal a transition throws, or nil when it went through.
    static func refusal(_ transition: () throws(DeliveryLifecycle.Refusal) -> Void) -> DeliveryLifecycle.Refusal? {
        do {
            try transition()
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: claims)
    func aClaimTakesWhatIsDueOrWhoseLeaseRanOut(_ row: ClaimCase) {
        var lifecycle = DeliveryLifecycle(row.given)
        let result: Result<State, DeliveryLifecycle.Refusal>
        do {
            try lifecycle.claim(now: Self.now, leaseUntil: 9_000)
            result = .success(lifecycle.state)
        } catch {
            result = .failure(error)
            #expect(lifecycle.state == row.given, "a refused claim changes nothing")
        }
        #expect(result == row.expected)
        #expect(DeliveryLifecycle(row.given).isDue(at: Self.now) == (try? row.expected.get()).map { _ in true } ?? false)
    }

    @Test func anAttemptIsKeptOnlyUnderTheLeaseItWasMadeUnder() {
        let outcomes: [(DeliveryLifecycle.AttemptOutcome, State)] = [
            (.delivered, .delivered), (.retry(at: 4_000), .pending(dueAt: 4_000)), (.rejected, .rejected), (.dead, .dead),
        ]
        for (outcome, expected) in outcomes {
            var held = DeliveryLifecycle(.inFlight(leaseUntil: 2_000))
            let keptHeld = held.record(outcome, claimedUntil: 2_000)
            #expect(keptHeld)
            #expect(held.state == expected)

            // Another worker took it over after this lease ran out: the newer lease stands.
            var takenOver = DeliveryLifecycle(.inFlight(leaseUntil: 7_000))
            let keptTakenOver = takenOver.record(outcome, claimedUntil: 2_000)
            #expect(!keptTakenOver)
            #expect(takenOver.state == .inFlight(leaseUntil: 7_000))

            // It is no longer in flight at all (requeued, superseded, delivered).
            for state in [State.pending(dueAt: 500), .delivered, .superseded, .rejected, .dead] {
                var moved = DeliveryLifecycle(state)
                let keptMoved = moved.record(outcome, claimedUntil: 2_000)
                #expect(!keptMoved)
                #expect(moved.state == state)
            }
            // Without a lease it is recorded whatever the state.
            var unconditional = DeliveryLifecycle(.pending(dueAt: 500))
            let keptUnconditional = unconditional.record(outcome, claimedUntil: nil)
            #expect(keptUnconditional)
            #expect(unconditional.state == expected)
        }
    }

    @Test(arguments: states)
    func aRequeueTakesEverythingButWhatIsFinishedOrHeld(_ given: State) throws {
        var lifecycle = DeliveryLifecycle(given)
        switch given {
        case .delivered, .superseded:
            let refusal = Self.refusal { () throws(DeliveryLifecycle.Refusal) in try lifecycle.requeue(now: Self.now) }
            #expect(refusal == .finished(lifecycle.status))
            #expect(lifecycle.state == given)
        case .inFlight(leaseUntil: 2_000):
            let refusal = Self.refusal { () throws(DeliveryLifecycle.Refusal) in try lifecycle.requeue(now: Self.now) }
            #expect(refusal == .leaseLive)
            #expect(lifecycle.state == given)
        default:
            #expect(DeliveryLifecycle(given).isRequeueable(at: Self.now))
            try lifecycle.requeue(now: Self.now)
            #expect(lifecycle.state == .pending(dueAt: Self.now))
        }
    }

    @Test(arguments: states)
    func aNewerStateSupersedesWhatNoLiveWorkerHoldsAndTheDestinationHasNotTaken(_ given: State) throws {
        var lifecycle = DeliveryLifecycle(given)
        switch given {
        case .delivered, .superseded:
            #expect(!lifecycle.isSupersedable(at: Self.now))
            let refusal = Self.refusal { () throws(DeliveryLifecycle.Refusal) in try lifecycle.supersede(now: Self.now) }
            #expect(refusal == .finished(lifecycle.status))
        case .inFlight(leaseUntil: 2_000):
            #expect(!lifecycle.isSupersedable(at: Self.now))
            let refusal = Self.refusal { () throws(DeliveryLifecycle.Refusal) in try lifecycle.supersede(now: Self.now) }
            #expect(refusal == .leaseLive)
        default:
            #expect(lifecycle.isSupersedable(at: Self.now))
            try lifecycle.supersede(now: Self.now)
            #expect(lifecycle.state == .superseded)
        }
    }

    @Test(arguments: states)
    func aRestartReleasesWhatTheDeadProcessHeld(_ given: State) {
        var lifecycle = DeliveryLifecycle(given)
        lifecycle.releaseOrphanedClaim(now: Self.now)
        if case .inFlight = given {
            #expect(lifecycle.state == .pending(dueAt: Self.now))
        } else {
            #expect(lifecycle.state == given)
        }
    }

    @Test(arguments: DeliveryStatus.allCases)
    func aStoredRowReadsBackAsTheSameStatus(_ status: DeliveryStatus) {
        #expect(DeliveryLifecycle(status: status, nextAttemptAt: 42).status == status)
    }

    @Test func anEventFollowsItsDeliveries() {
        #expect(EventStatus.following([]) == .delivered)
        #expect(EventStatus.following([.delivered, .superseded]) == .delivered)
        #expect(EventStatus.following([.delivered, .pending]) == .routed)
        #expect(EventStatus.following([.delivered, .inFlight]) == .routed)
        #expect(EventStatus.following([.delivered, .rejected]) == .exception)
        #expect(EventStatus.following([.pending, .dead]) == .exception)
    }
}

/// The state-key rule over one key's deliveries (sequence numbers 1, 2, 3 = oldest to newest).
@Suite struct DeliveryStateKeyRuleTests {
    typealias Member = DeliveryStateKeyRule.Member
    static let now: Int64 = 1_000

    static func member(_ sequence: Int64, _ state: DeliveryLifecycle.State) -> Member {
        Member(sequence: sequence, lifecycle: DeliveryLifecycle(state))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let members: [Member]
        let superseded: [Int64]
        let claimable: Int64?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "only one: claimed when due", members: [member(1, .pending(dueAt: 500))], superseded: [], claimable: 1),
        Case(name: "only one, not due", members: [member(1, .pending(dueAt: 2_000))], superseded: [], claimable: nil),
        Case(name: "older waiting states are superseded, the newest is claimed",
             members: [member(1, .pending(dueAt: 500)), member(2, .dead), member(3, .pending(dueAt: 500))], superseded: [1, 2], claimable: 3),
        Case(name: "an older one held by a live worker blocks the newest and stays",
             members: [member(1, .inFlight(leaseUntil: 2_000)), member(2, .pending(dueAt: 500))], superseded: [], claimable: nil),
        Case(name: "an older one whose lease ran out is superseded",
             members: [member(1, .inFlight(leaseUntil: 500)), member(2, .pending(dueAt: 500))], superseded: [1], claimable: 2),
        Case(name: "delivered and superseded ones are left alone",
             members: [member(1, .delivered), member(2, .superseded), member(3, .rejected), member(4, .pending(dueAt: 500))],
             superseded: [3], claimable: 4),
        Case(name: "the newest not yet due: older ones are superseded all the same",
             members: [member(1, .rejected), member(2, .pending(dueAt: 2_000))], superseded: [1], claimable: nil),
        Case(name: "the newest failed: it is not claimed, older ones are superseded",
             members: [member(1, .pending(dueAt: 500)), member(2, .dead)], superseded: [1], claimable: nil),
        Case(name: "the newest in flight under a live lease",
             members: [member(1, .pending(dueAt: 500)), member(2, .inFlight(leaseUntil: 2_000))], superseded: [1], claimable: nil),
        Case(name: "the newest in flight whose lease ran out is claimed again",
             members: [member(2, .inFlight(leaseUntil: 500)), member(1, .delivered)], superseded: [], claimable: 2),
        Case(name: "no members", members: [], superseded: [], claimable: nil),
    ]

    @Test(arguments: cases)
    func decides(_ row: Case) {
        let decision = DeliveryStateKeyRule.decide(row.members, now: Self.now)
        #expect(decision.superseded == row.superseded)
        #expect(decision.claimable == row.claimable)
    }
}
