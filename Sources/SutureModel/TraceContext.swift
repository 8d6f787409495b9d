/// A W3C trace context (`traceparent`): the correlation id that ties a message to
/// everything it caused.
///
/// Suture's correlation id is the 32-hex-digit trace id. A request that carries a valid
/// `traceparent` keeps its trace id; one without gets a new one.
public struct TraceContext: Hashable, Sendable, CustomStringConvertible {
    /// 32 lower-case hex digits, not all zero.
    public let traceID: String
    /// 16 lower-case hex digits, not all zero: the span that this hop is.
    public let spanID: String
    public let flags: String

    /// Parses a `traceparent` header (version 00, or a later version's first four fields).
    public init?(traceparent: String) {
        let parts = traceparent.trimmingASCIIWhitespace().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, Self.isHex(parts[0]), parts[0] != "ff" else { return nil }
        if parts[0] == "00" && parts.count != 4 { return nil }
        guard parts[1].count == 32, Self.isHex(parts[1]), parts[1] != String(repeating: "0", count: 32),
              parts[2].count == 16, Self.isHex(parts[2]), parts[2] != String(repeating: "0", count: 16),
              parts[3].count == 2, Self.isHex(parts[3])
        else { return nil }
        traceID = String(parts[1])
        spanID = String(parts[2])
        flags = String(parts[3])
    }

    public init(traceID: String, spanID: String, flags: String = "01") {
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
    }

    /// A new trace with random ids.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> TraceContext {
        TraceContext(traceID: randomHex(bytes: 16, using: &generator), spanID: randomHex(bytes: 8, using: &generator))
    }

    public static func random() -> TraceContext {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// The same trace, with a new span id for the next hop.
    public func childSpan() -> TraceContext {
        var generator = SystemRandomNumberGenerator()
        return TraceContext(traceID: traceID, spanID: Self.randomHex(bytes: 8, using: &generator), flags: flags)
    }

    /// The correlation id Suture shows and stores: the trace id.
    public var correlationID: CorrelationID { CorrelationID(rawValue: traceID) }

    public var traceparent: String { "00-\(traceID)-\(spanID)-\(flags)" }

    public var description: String { traceparent }

    private static func isHex(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// `bytes` random bytes as hex, not all zero; drawn eight at a time, since each draw
    /// from the system generator is a system call.
    private static func randomHex<G: RandomNumberGenerator>(bytes: Int, using generator: inout G) -> String {
        while true {
            var random: [UInt8] = []
            random.reserveCapacity(bytes)
            while random.count < bytes {
                withUnsafeBytes(of: generator.next()) { random.append(contentsOf: $0.prefix(bytes - random.count)) }
            }
            if random.contains(where: { $0 != 0 }) { return Hex.encode(random) }
        }
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return self[start...end]
    }
}
