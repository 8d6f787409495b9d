import SutureBarcode
import Testing
import SutureDevTools
import SutureModel

/// No input, however mangled, makes the parser crash; a crash fails the test run.
@Suite struct BarcodeFuzzerTests {
    @Test func everyCorpusSampleIsValid() {
        for sample in BarcodeBenchmarkCorpus.samples {
            let result = parser.parse(sample)
            #expect(result.errors == [], "\(sample)")
        }
    }

    @Test func mixedCorpusCyclesThroughTheSamples() {
        let corpus = BarcodeBenchmarkCorpus.mixed(count: 100)
        #expect(corpus.count == 100)
        #expect(Set(corpus).count == BarcodeBenchmarkCorpus.samples.count)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func thousandsOfMutantsAreParsedWithoutCrashing(_ seed: UInt64) {
        let (inputs, valid) = BarcodeFuzzer().run(iterations: 3_000, seed: seed)
        #expect(inputs == 3_000)
        // Some mutations leave the data valid; most do not.
        #expect(valid > 0)
        #expect(valid < inputs)
    }

    @Test func sameSeedGivesTheSameRun() {
        let fuzzer = BarcodeFuzzer()
        #expect(fuzzer.run(iterations: 500, seed: 42) == fuzzer.run(iterations: 500, seed: 42))
    }

    @Test func mutantsMatchAcrossRunsWithTheSameSeed() {
        var first = SeededRandomGenerator(seed: 9)
        var second = SeededRandomGenerator(seed: 9)
        let fuzzer = BarcodeFuzzer()
        for _ in 0..<50 {
            #expect(fuzzer.mutant(using: &first) == fuzzer.mutant(using: &second))
        }
    }
}
