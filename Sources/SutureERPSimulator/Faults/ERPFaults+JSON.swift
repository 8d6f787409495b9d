public import SutureModel

/// The JSON form of the faults, as `GET /_sim/faults` shows them and `PUT /_sim/faults`
/// takes them.
///
/// ```json
/// {"rateLimit":{"perSecond":5,"burst":5},"unavailable":{"probability":0.2,"retryAfter":1},
///  "latency":{"milliseconds":50,"jitterMilliseconds":10},"unknownItems":["X-1"],
///  "mismatchedUnits":["CS"],"closedPurchaseOrders":["PO-9"],"down":false,
///  "downMode":"close","downFor":null,"seed":42}
/// ```
extension ERPFaults {
    /// These faults as JSON, every member present.
    public var json: JSONValue {
        .object([
            ("rateLimit", rateLimit.map { .object([("perSecond", .number(Self.format($0.perSecond))), ("burst", .integer($0.burst))]) } ?? .null),
            ("unavailable", unavailability.map {
                .object([("probability", .number(Self.format($0.probability))),
                         ("retryAfter", $0.retryAfterSeconds.map(JSONValue.integer) ?? .null)])
            } ?? .null),
            ("latency", latency.map {
                .object([("milliseconds", .integer($0.milliseconds)), ("jitterMilliseconds", .integer($0.jitterMilliseconds))])
            } ?? .null),
            ("unknownItems", .array(unknownItems.sorted().map(JSONValue.string))),
            ("mismatchedUnits", .array(mismatchedUnits.sorted().map(JSONValue.string))),
            ("closedPurchaseOrders", .array(closedPurchaseOrders.sorted().map(JSONValue.string))),
            ("down", .bool(down)),
            ("downMode", .string(downMode.rawValue)),
            ("downFor", downFor.map { .number(Self.format($0.seconds)) } ?? .null),
            ("seed", .number(String(seed))),
        ])
    }

    /// These faults with the members of `change` applied: a member that is present replaces
    /// that setting (null switches it off), a member that is absent leaves it as it is.
    /// Unknown members are refused by name, since a misspelt fault would otherwise be
    /// silently not injected.
    public func applying(_ change: JSONValue) throws(ERPFaultsError) -> ERPFaults {
        guard case .object(let members) = change else { throw ERPFaultsError("the faults must be a JSON object") }
        var faults = self
        for (key, value) in members {
            switch key {
            case "rateLimit":
                faults.rateLimit = try Self.optionalObject(value, key) { reader throws(ERPFaultsError) in
                    let perSecond = try reader.double("perSecond")
                    return RateLimit(perSecond: perSecond, burst: try reader.optionalInteger("burst"))
                }
            case "unavailable":
                faults.unavailability = try Self.optionalObject(value, key) { reader throws(ERPFaultsError) in
                    Unavailability(probability: try reader.double("probability"),
                                   retryAfterSeconds: try reader.optionalInteger("retryAfter"))
                }
            case "latency":
                faults.latency = try Self.optionalObject(value, key) { reader throws(ERPFaultsError) in
                    Latency(milliseconds: try reader.integer("milliseconds"),
                            jitterMilliseconds: try reader.optionalInteger("jitterMilliseconds") ?? 0)
                }
            case "unknownItems": faults.unknownItems = try Self.codes(value, key)
            case "mismatchedUnits": faults.mismatchedUnits = try Self.codes(value, key)
            case "closedPurchaseOrders": faults.closedPurchaseOrders = try Self.codes(value, key)
            case "down":
                guard case .bool(let flag) = value else { throw ERPFaultsError("down must be true or false") }
                faults.down = flag
            case "downMode":
                guard let text = value.stringValue, let mode = DownMode(rawValue: text) else {
                    throw ERPFaultsError("downMode must be \"close\" or \"503\"")
                }
                faults.downMode = mode
            case "downFor":
                faults.downFor = value.isNull ? nil : .seconds(try Self.double(value, key))
            case "seed":
                guard case .number(let text) = value, let seed = UInt64(text) else {
                    throw ERPFaultsError("seed must be a whole number from 0 to \(UInt64.max)")
                }
                faults.seed = seed
            default:
                throw ERPFaultsError("unknown fault \(key); known are rateLimit, unavailable, latency, unknownItems, "
                    + "mismatchedUnits, closedPurchaseOrders, down, downMode, downFor, seed")
            }
        }
        try faults.validate()
        return faults
    }

    /// Faults from JSON, starting from none (the body `PUT /_sim/faults` takes, applied to a healthy ERP).
    public init(json: JSONValue) throws(ERPFaultsError) {
        self = try ERPFaults.none.applying(json)
    }

    private static func optionalObject<T>(
        _ value: JSONValue, _ key: String, _ make: (FieldReader) throws(ERPFaultsError) -> T
    ) throws(ERPFaultsError) -> T? {
        if value.isNull { return nil }
        guard case .object(let members) = value else { throw ERPFaultsError("\(key) must be an object or null") }
        let reader = FieldReader(members: members, path: key)
        let result = try make(reader)
        try reader.rejectUnknown()
        return result
    }

    private static func codes(_ value: JSONValue, _ key: String) throws(ERPFaultsError) -> Set<String> {
        guard let values = value.arrayValue else { throw ERPFaultsError("\(key) must be an array of strings") }
        var codes: Set<String> = []
        for value in values {
            guard let code = value.stringValue else { throw ERPFaultsError("\(key) must be an array of strings") }
            codes.insert(code)
        }
        return codes
    }

    fileprivate static func double(_ value: JSONValue, _ path: String) throws(ERPFaultsError) -> Double {
        guard case .number(let text) = value, let number = Double(text), number.isFinite else {
            throw ERPFaultsError("\(path) must be a number")
        }
        return number
    }

    /// Whole numbers without a fraction, others in Swift's shortest round-trip form.
    private static func format(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    /// Reads the members of one nested fault object.
    private struct FieldReader {
        let members: [(String, JSONValue)]
        let path: String

        func value(_ key: String) -> JSONValue? {
            guard let value = members.first(where: { $0.0 == key })?.1, !value.isNull else { return nil }
            return value
        }

        func double(_ key: String) throws(ERPFaultsError) -> Double {
            guard let value = value(key) else { throw ERPFaultsError("\(path).\(key) is required") }
            return try ERPFaults.double(value, "\(path).\(key)")
        }

        func integer(_ key: String) throws(ERPFaultsError) -> Int {
            guard let value = try optionalInteger(key) else { throw ERPFaultsError("\(path).\(key) is required") }
            return value
        }

        func optionalInteger(_ key: String) throws(ERPFaultsError) -> Int? {
            guard let value = value(key) else { return nil }
            guard case .number(let text) = value, let number = Int(text) else {
                throw ERPFaultsError("\(path).\(key) must be a whole number")
            }
            return number
        }

        /// Each nested object reads a fixed few members; anything else is a typo.
        func rejectUnknown() throws(ERPFaultsError) {
            let expected: Set<String> = switch path {
            case "rateLimit": ["perSecond", "burst"]
            case "unavailable": ["probability", "retryAfter"]
            default: ["milliseconds", "jitterMilliseconds"]
            }
            if let unknown = members.map(\.0).first(where: { !expected.contains($0) }) {
                throw ERPFaultsError("unknown member \(path).\(unknown); known are \(expected.sorted().joined(separator: ", "))")
            }
        }
    }
}
