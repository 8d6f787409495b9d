/// Durations as the configuration writes them: `200ms`, `10s`, `1.5s`, `5m`, `1h`, `90d`.
public enum ConfigDuration {
    /// Longer than any duration means something (about 31,700 years), in milliseconds; a
    /// longer text is refused rather than overflowing.
    static let longest: Double = 1e15

    public static func parse(_ text: String) -> Duration? {
        let units: [(suffix: String, milliseconds: Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for unit in units where text.hasSuffix(unit.suffix) {
            let number = text.dropLast(unit.suffix.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  let value = Double(number), value >= 0, value.isFinite,
                  value * unit.milliseconds < longest else { return nil }
            return .milliseconds(Int64((value * unit.milliseconds).rounded()))
        }
        return nil
    }

    /// A duration as the configuration would write it, in the largest whole unit: `90d`,
    /// `1h`, `5m`, `30s`, `200ms`.
    public static func describe(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        for (suffix, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000)] where milliseconds > 0 && milliseconds % size == 0 {
            return "\(milliseconds / size)\(suffix)"
        }
        return "\(milliseconds)ms"
    }
}
