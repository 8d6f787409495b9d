import Testing
@testable import SutureDelivery

@Suite(.timeLimit(.minutes(1))) struct CircuitBreakerTests {
    /// Three failures open it for 10 s, doubling to at most 40 s; probes are given up after 20 s.
    let configuration: CircuitBreakerConfiguration

    init() throws {
        configuration = try CircuitBreakerConfiguration(
            failureThreshold: 3, coolDown: .seconds(10), maxCoolDown: .seconds(40), coolDownGrowth: 2,
            probeTimeout: .seconds(20))
    }

    /// A breaker that has just opened at `origin`, so open until 10 s.
    func openedBreaker() -> CircuitBreaker {
        var breaker = CircuitBreaker(configuration)
        for _ in 0..<3 { _ = breaker.recordFailure(now: origin) }
        return breaker
    }

    /// A breaker whose probe started at 10 s.
    func halfOpenBreaker() -> CircuitBreaker {
        var breaker = openedBreaker()
        _ = breaker.shouldAllowRequest(now: at(seconds: 10))
        return breaker
    }

    // MARK: Closed

    @Test func aProbeGivenBackUntriedLeavesItWaryAndTheNextRequestProbes() {
        var breaker = halfOpenBreaker()
        breaker.releaseProbe(now: at(seconds: 11))
        #expect(breaker.state == .open(until: at(seconds: 11), coolDown: .seconds(10)), "not closed: nothing was tried")
        #expect(breaker.shouldAllowRequest(now: at(seconds: 11)) == .probe)
        // A failing probe then reopens it as any probe would.
        #expect(breaker.recordFailure(now: at(seconds: 12)) == .reopened(until: at(seconds: 32)))
        // Given back on a closed breaker, nothing changes.
        var closed = CircuitBreaker(configuration)
        closed.releaseProbe(now: origin)
        #expect(closed.state == .closed(consecutiveFailures: 0))
    }

    @Test func newBreakerIsClosedAndAllowsRequests() {
        var breaker = CircuitBreaker(configuration)
        #expect(breaker.state == .closed(consecutiveFailures: 0))
        #expect(breaker.shouldAllowRequest(now: origin) == .allowed)
    }

    @Test func failuresBelowTheThresholdKeepItClosed() {
        var breaker = CircuitBreaker(configuration)
        #expect(breaker.recordFailure(now: origin) == nil)
        #expect(breaker.recordFailure(now: origin) == nil)
        #expect(breaker.state == .closed(consecutiveFailures: 2))
        #expect(breaker.shouldAllowRequest(now: origin) == .allowed)
    }

    @Test func thresholdOfConsecutiveFailuresOpensIt() {
        // Given two failures, when the third comes at 1 s
        var breaker = CircuitBreaker(configuration)
        _ = breaker.recordFailure(now: origin)
        _ = breaker.recordFailure(now: origin)
        let transition = breaker.recordFailure(now: at(seconds: 1))
        // Then it opens for the cool-down, and says so
        #expect(transition == .opened(until: at(seconds: 11)))
        #expect(breaker.state == .open(until: at(seconds: 11), coolDown: .seconds(10)))
        #expect(breaker.state.name == "open")
    }

    @Test func successInClosedResetsTheFailureCount() {
        // Given two failures, when a success comes in between
        var breaker = CircuitBreaker(configuration)
        _ = breaker.recordFailure(now: origin)
        _ = breaker.recordFailure(now: origin)
        #expect(breaker.recordSuccess(now: origin) == nil)
        // Then two more failures do not open it: they are not consecutive with the first two
        _ = breaker.recordFailure(now: origin)
        _ = breaker.recordFailure(now: origin)
        #expect(breaker.state == .closed(consecutiveFailures: 2))
    }

    @Test func thresholdOfOneOpensOnTheFirstFailure() throws {
        var breaker = CircuitBreaker(try CircuitBreakerConfiguration(failureThreshold: 1))
        #expect(breaker.recordFailure(now: origin) == .opened(until: at(seconds: 30)))
    }

    // MARK: Open

    @Test func requestInOpenStateIsRefusedUntilTheCoolDownEnds() {
        var breaker = openedBreaker()
        #expect(breaker.shouldAllowRequest(now: at(seconds: 5)) == .refused(retryAt: at(seconds: 10)))
        #expect(breaker.shouldAllowRequest(now: at(milliseconds: 9_999)) == .refused(retryAt: at(seconds: 10)))
        #expect(breaker.state == .open(until: at(seconds: 10), coolDown: .seconds(10)))
    }

    @Test func lateResultsWhileOpenAreIgnored() {
        // Results of calls that started before the circuit opened change nothing
        var breaker = openedBreaker()
        #expect(breaker.recordFailure(now: at(seconds: 2)) == nil)
        #expect(breaker.recordSuccess(now: at(seconds: 3)) == nil)
        #expect(breaker.state == .open(until: at(seconds: 10), coolDown: .seconds(10)))
    }

    @Test func firstRequestAfterTheCoolDownIsTheProbe() {
        var breaker = openedBreaker()
        #expect(breaker.shouldAllowRequest(now: at(seconds: 12)) == .probe)
        #expect(breaker.state == .halfOpen(probeStartedAt: at(seconds: 12), coolDown: .seconds(10)))
        #expect(breaker.state.name == "half-open")
    }

    // MARK: Half-open

    @Test func halfOpenAllowsOnlyOneProbe() {
        // Given a probe in flight since 10 s
        var breaker = halfOpenBreaker()
        // When a second request comes
        let second = breaker.shouldAllowRequest(now: at(seconds: 11))
        // Then it is refused until the probe would be given up
        #expect(second == .refused(retryAt: at(seconds: 30)))
        #expect(breaker.state == .halfOpen(probeStartedAt: at(seconds: 10), coolDown: .seconds(10)))
    }

    @Test func probeSuccessClosesIt() {
        var breaker = halfOpenBreaker()
        #expect(breaker.recordSuccess(now: at(seconds: 11)) == .closed)
        #expect(breaker.state == .closed(consecutiveFailures: 0))
        #expect(breaker.shouldAllowRequest(now: at(seconds: 11)) == .allowed)
    }

    @Test func probeFailureReopensWithAGrownCoolDown() {
        var breaker = halfOpenBreaker()
        #expect(breaker.recordFailure(now: at(seconds: 11)) == .reopened(until: at(seconds: 31)))
        #expect(breaker.state == .open(until: at(seconds: 31), coolDown: .seconds(20)))
        #expect(breaker.shouldAllowRequest(now: at(seconds: 30)) == .refused(retryAt: at(seconds: 31)))
    }

    @Test func coolDownGrowthIsCappedAtTheMaximum() {
        // Given probes that keep failing at once: 10 s grows to 20, 40, and stays at 40
        var breaker = openedBreaker()
        var now = at(seconds: 10)
        var coolDowns: [Duration] = []
        for _ in 0..<4 {
            #expect(breaker.shouldAllowRequest(now: now) == .probe)
            _ = breaker.recordFailure(now: now)
            guard case .open(let until, let coolDown) = breaker.state else {
                Issue.record("expected open, got \(breaker.state)")
                return
            }
            coolDowns.append(coolDown)
            now = until
        }
        #expect(coolDowns == [.seconds(20), .seconds(40), .seconds(40), .seconds(40)])
    }

    @Test func constantCoolDownWhenGrowthIsOne() throws {
        var breaker = CircuitBreaker(try CircuitBreakerConfiguration(failureThreshold: 1, coolDown: .seconds(5), coolDownGrowth: 1))
        _ = breaker.recordFailure(now: origin)
        _ = breaker.shouldAllowRequest(now: at(seconds: 5))
        #expect(breaker.recordFailure(now: at(seconds: 6)) == .reopened(until: at(seconds: 11)))
    }

    @Test func closingResetsTheCoolDownForTheNextOpening() {
        // Given a probe failed once (cool-down 20 s) and the next probe succeeded
        var breaker = halfOpenBreaker()
        _ = breaker.recordFailure(now: at(seconds: 10))
        _ = breaker.shouldAllowRequest(now: at(seconds: 30))
        _ = breaker.recordSuccess(now: at(seconds: 30))
        // When it opens again, then the cool-down is back to 10 s
        for _ in 0..<3 { _ = breaker.recordFailure(now: at(seconds: 40)) }
        #expect(breaker.state == .open(until: at(seconds: 50), coolDown: .seconds(10)))
    }

    @Test func lostProbeIsReplacedAfterTheProbeTimeout() {
        // Given a probe started at 10 s whose result never came
        var breaker = halfOpenBreaker()
        // When a request comes 20 s later, then it becomes the new probe
        #expect(breaker.shouldAllowRequest(now: at(seconds: 30)) == .probe)
        #expect(breaker.state == .halfOpen(probeStartedAt: at(seconds: 30), coolDown: .seconds(10)))
        #expect(breaker.shouldAllowRequest(now: at(seconds: 31)) == .refused(retryAt: at(seconds: 50)))
    }

    // MARK: What counts

    @Test func permanentRejectionsDoNotOpenTheCircuit() {
        // Given a healthy ERP refusing many bad documents with 422
        var breaker = CircuitBreaker(configuration)
        for _ in 0..<10 { _ = breaker.record(.httpStatus(422, retryAfter: nil), now: origin) }
        // Then the circuit stays closed for the good documents behind them
        #expect(breaker.state == .closed(consecutiveFailures: 0))
    }

    @Test func rateLimitAnswersDoNotOpenTheCircuit() {
        var breaker = CircuitBreaker(configuration)
        for _ in 0..<10 { _ = breaker.record(.httpStatus(429, retryAfter: .seconds(1)), now: origin) }
        #expect(breaker.state == .closed(consecutiveFailures: 0))
    }

    @Test(arguments: [
        DeliveryOutcome.httpStatus(500, retryAfter: nil), .httpStatus(503, retryAfter: .seconds(3)),
        .httpStatus(408, retryAfter: nil), .timeout, .connectionFailed,
    ])
    func destinationFailuresOpenTheCircuit(outcome: DeliveryOutcome) {
        var breaker = CircuitBreaker(configuration)
        _ = breaker.record(outcome, now: origin)
        _ = breaker.record(outcome, now: origin)
        #expect(breaker.record(outcome, now: origin) == .opened(until: at(seconds: 10)))
    }

    @Test func probeAnsweredWithARejectionClosesTheCircuit() {
        // A 400 to the probe proves the destination is up again
        var breaker = halfOpenBreaker()
        #expect(breaker.record(.httpStatus(400, retryAfter: nil), now: at(seconds: 11)) == .closed)
    }

    // MARK: Configuration

    @Test func standardConfiguration() {
        let standard = CircuitBreakerConfiguration.standard
        #expect(standard.failureThreshold == 5)
        #expect(standard.coolDown == .seconds(30))
        #expect(standard.maxCoolDown == .seconds(300))
        #expect(standard.coolDownGrowth == 2)
        #expect(standard.probeTimeout == .seconds(60))
    }

    @Test(arguments: [
        (0, Duration.seconds(30), Duration.seconds(300), 2, Duration.seconds(60), "failureThreshold"),
        (5, .zero, .seconds(300), 2, .seconds(60), "coolDown"),
        (5, .seconds(30), .seconds(10), 2, .seconds(60), "maxCoolDown"),
        (5, .seconds(30), .seconds(200_000), 2, .seconds(60), "maxCoolDown"),
        (5, .seconds(30), .seconds(300), 0, .seconds(60), "coolDownGrowth"),
        (5, .seconds(30), .seconds(300), 2, .zero, "probeTimeout"),
    ])
    func configurationRefusesImpossibleSettings(
        threshold: Int, coolDown: Duration, maxCoolDown: Duration, growth: Int, probeTimeout: Duration, field: String
    ) {
        let error = #expect(throws: DeliveryConfigurationError.self) {
            try CircuitBreakerConfiguration(
                failureThreshold: threshold, coolDown: coolDown, maxCoolDown: maxCoolDown, coolDownGrowth: growth,
                probeTimeout: probeTimeout)
        }
        #expect(error?.field == field)
    }
}
