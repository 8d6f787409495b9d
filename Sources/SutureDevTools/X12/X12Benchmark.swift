import SutureX12
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Measures X12 parse-and-validate throughput, for `suture bench x12`.
///
/// Time is the calling thread's CPU time, so a busy machine slows the figure less than wall time
/// would; the best of several runs is the figure to report.
public enum X12Benchmark {
    /// One measurement: the input size, the CPU seconds `X12Parser.parse` took, and what it read.
    public struct Measurement: Sendable, Hashable {
        public var bytes: Int
        public var seconds: Double
        public var documents: Int
        public var valid: Bool

        /// Megabytes (10^6 bytes) per CPU second.
        public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }
    }

    /// Parses `bytes` once and times it.
    public static func measure(bytes: [UInt8]) -> Measurement {
        let start = threadCPUSeconds()
        let result = X12Parser.parse(bytes)
        let seconds = threadCPUSeconds() - start
        let documents = result.groups.reduce(0) { $0 + $1.transactionSets.count }
        return Measurement(bytes: bytes.count, seconds: seconds, documents: documents, valid: result.valid)
    }

    /// Parses `bytes` `runs` times and keeps the fastest run.
    public static func best(of runs: Int, bytes: [UInt8]) -> Measurement {
        var best = measure(bytes: bytes)
        for _ in 1..<max(1, runs) {
            let next = measure(bytes: bytes)
            if next.seconds < best.seconds { best = next }
        }
        return best
    }

    /// The CPU time of the calling thread, in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }
}
