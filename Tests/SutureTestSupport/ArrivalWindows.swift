/// How a rate limit is judged from arrivals counted per wall-clock second at the receiving end,
/// without depending on the machine's load: calls started in one second can arrive in a later
/// one on a loaded machine (runs saw 5 then 15), so no single second is held to the rate. Every
/// window of consecutive seconds is held to the rate over the window plus some seconds of
/// transit, plus the burst; a limiter that is missing, or kept per node instead of per cluster,
/// still breaks that over the run.
public enum ArrivalWindows {
    /// Arrivals per second from the first to the last second counted, seconds without any as 0.
    public static func perSecond(_ counts: [(second: Int64, requests: Int)]) -> [Int] {
        guard let first = counts.map(\.second).min(), let last = counts.map(\.second).max() else { return [] }
        let bySecond = Dictionary(counts.map { ($0.second, $0.requests) }, uniquingKeysWith: +)
        return (first...last).map { bySecond[$0] ?? 0 }
    }

    /// Every window of `perSecond` whose arrivals exceed `rate × (length + transitSeconds) + burst`,
    /// described for a failure message; empty when the limit held.
    public static func violations(_ perSecond: [Int], rate: Int, burst: Int, transitSeconds: Int = 2) -> [String] {
        var found: [String] = []
        for length in 1...max(1, perSecond.count) where length <= perSecond.count {
            let bound = rate * (length + transitSeconds) + burst
            let worst = (0...(perSecond.count - length)).map { perSecond[$0..<($0 + length)].reduce(0, +) }.max() ?? 0
            if worst > bound { found.append("\(worst) in \(length) s (at most \(bound))") }
        }
        return found
    }
}
