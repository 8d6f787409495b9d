import Foundation
public import SutureModel
public import SutureX12

/// A supplier exchanging ASC X12 files through a folder (`kind: supplier-x12`).
public struct SupplierX12Settings: Sendable, Equatable {
    /// The supplier's ISA sender/receiver id.
    public var interchangeID: String
    /// The folder with `in/`, `out/`, `archive/` and `error/` below it.
    public var exchange: String
    /// Suture's own ISA id in what it writes to this supplier.
    public var senderID: String
    /// The X12 version of the 850s written.
    public var version: X12Version
    /// How often `in/` is looked at.
    public var pollInterval: Duration
    /// The currency of the prices in the 850s (CUR02); Suture's orders carry no currency
    /// of their own.
    public var currency: CurrencyCode
    /// How old a claim on a file in `in/.claimed/` must be before another node takes it over
    /// (its node died while reading it). A hub alone on an SQLite store takes every claim
    /// over when it starts, whatever its age: no other process can hold one.
    public var claimTimeout: Duration

    public init(interchangeID: String, exchange: String, senderID: String? = nil, version: X12Version? = nil, pollInterval: Duration? = nil,
                currency: CurrencyCode? = nil, claimTimeout: Duration? = nil) {
        self.interchangeID = interchangeID.trimmingCharacters(in: .whitespaces)
        self.exchange = exchange
        self.senderID = senderID ?? Self.defaults.senderID
        self.version = version ?? Self.defaults.version
        self.pollInterval = pollInterval ?? Self.defaults.pollInterval
        self.currency = currency ?? Self.defaults.currency
        self.claimTimeout = claimTimeout ?? Self.defaults.claimTimeout
    }

    private init(interchangeID: String, exchange: String, defaults value: ConfigValue) throws(ConfigProblem) {
        guard let version = X12Version(rawValue: try value.text("version")) else {
            throw ConfigProblem(path: "version", line: value["version"]?.line, message: "is not an X12 version Suture writes")
        }
        self.interchangeID = interchangeID.trimmingCharacters(in: .whitespaces)
        self.exchange = exchange
        self.senderID = try value.text("senderId")
        self.version = version
        self.pollInterval = try value.duration("pollInterval")
        self.claimTimeout = try value.duration("claimTimeout")
        let currency = try value.text("currency")
        do {
            self.currency = try CurrencyCode(currency)
        } catch {
            throw ConfigProblem(path: "currency", line: value["currency"]?.line, message: "\(error)")
        }
    }

    /// The keys with defaults (everything but the partner's id and folder).
    static let optionalKeys = [
        ConfigKey("senderId", .string, default: "SUTUREHUB", doc: "Suture's own ISA id in what it writes to this supplier."),
        ConfigKey("version", .oneOf(X12Version.allCases.map(\.rawValue)), default: X12Version.v004010.rawValue, doc: "The X12 version of the 850s written."),
        ConfigKey("pollInterval", .duration, default: "2s", doc: "How often `in/` is looked at for new files."),
        ConfigKey("currency", .currency, default: "USD", doc: "The currency of the prices in the 850s Suture writes (CUR02)."),
        ConfigKey("claimTimeout", .duration, default: "5m",
                  doc: "How old a node's claim on a file in `in/` must be before another node takes it over (the node died reading it); longer than the largest file takes to read. A hub alone on SQLite takes its own claims back at start."),
    ]

    /// Settings at their declared defaults, partner and folder aside.
    private static let defaults = ConfigDefaults.build(optionalKeys) { value throws(ConfigProblem) in
        try SupplierX12Settings(interchangeID: "", exchange: "", defaults: value)
    }

    static let variant = ConfigVariant(SystemKindSetting.supplierX12, doc: "A supplier exchanging ASC X12 files through a folder.", keys: [
        ConfigKey("interchangeId", .string, required: true, doc: "The supplier's ISA sender/receiver id."),
        ConfigKey("exchange", .string, required: true,
                  doc: "Folder with `in/`, `out/`, `archive/` and `error/` below it; a relative path is relative to the working directory."),
    ] + optionalKeys + DeliverySettings.keys)

    init(_ value: ConfigValue) throws(ConfigProblem) {
        try self.init(interchangeID: try value.text("interchangeId"), exchange: try value.text("exchange"), defaults: value)
    }
}
