import Testing
@testable import SutureX12
import SutureDevTools

/// Random mutations of valid interchanges never crash the parser and keep its invariants.
struct X12FuzzTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func mutatedInterchangesKeepTheParserInvariants(_ seed: UInt64) {
        let report = X12Fuzzer.run(iterations: 1_000, seed: seed)
        #expect(report.failures == [])
        #expect(report.invalidInputs > 500)
    }

    @Test func theSameSeedGivesTheSameRun() {
        #expect(X12Fuzzer.run(iterations: 200, seed: 9).invalidInputs == X12Fuzzer.run(iterations: 200, seed: 9).invalidInputs)
    }
}
