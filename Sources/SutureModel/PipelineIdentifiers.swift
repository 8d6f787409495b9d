/// An identifier the hub itself issues for something that moves through the pipeline.
/// Unlike canonical ids (which people choose), these are made by Suture and only read
/// back, so they are not validated; the types keep one kind of id from standing in for
/// another (a delivery id where an event id belongs).
public protocol PipelineIdentifier: RawRepresentable<String>, Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByStringInterpolation where StringLiteralType == String, StringInterpolation == DefaultStringInterpolation {
    init(rawValue: String)
}

extension PipelineIdentifier {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public init(_ text: some StringProtocol) { self.init(rawValue: String(text)) }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The correlation id of a transaction: the W3C trace id (32 hex digits) that ties an
/// event to everything it caused, shown by `GET /v1/transactions/{correlationId}`.
public struct CorrelationID: PipelineIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// An inventory event accepted into the inbox (`evt_…`).
public struct EventID: PipelineIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// One call to one destination (`dlv_…`, or a name built from a document: `po.PO-1.850`).
public struct DeliveryID: PipelineIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The delivery that reverses this one (a voided receipt's reversal).
    public var reversal: DeliveryID { DeliveryID(rawValue: rawValue + Self.reversalSuffix) }
    /// Whether this delivery is the reversal of another.
    public var isReversal: Bool { rawValue.hasSuffix(Self.reversalSuffix) }

    static let reversalSuffix = ".void"
}

/// What a delivery carries: an inventory event, or a business document it was made from.
/// Stored as one text (`evt_…`, `invoice:INV-9`, `purchase-order:PO-1`), which exceptions
/// also use to name their document.
public enum DeliverySource: Hashable, Sendable, CustomStringConvertible {
    case event(EventID)
    case invoice(String)
    case purchaseOrder(String)
    /// A notification of an alert rule's change (`alert:erp-backlog`).
    case alert(String)
    /// A master record's change, distributed (`master-data:item:GLOVE-M`).
    case masterRecord(String)
    /// A requisition's state, sent as a FHIR SupplyRequest (`requisition:RQ-3F9A2B1C0D-1`).
    case requisition(String)

    private static let masterRecordPrefix = "master-data:"
    private static let requisitionPrefix = "requisition:"
    private static let invoicePrefix = "invoice:"
    private static let purchaseOrderPrefix = "purchase-order:"
    private static let alertPrefix = "alert:"

    public init(rawValue: String) {
        if rawValue.hasPrefix(Self.invoicePrefix) {
            self = .invoice(String(rawValue.dropFirst(Self.invoicePrefix.count)))
        } else if rawValue.hasPrefix(Self.purchaseOrderPrefix) {
            self = .purchaseOrder(String(rawValue.dropFirst(Self.purchaseOrderPrefix.count)))
        } else if rawValue.hasPrefix(Self.alertPrefix) {
            self = .alert(String(rawValue.dropFirst(Self.alertPrefix.count)))
        } else if rawValue.hasPrefix(Self.masterRecordPrefix) {
            self = .masterRecord(String(rawValue.dropFirst(Self.masterRecordPrefix.count)))
        } else if rawValue.hasPrefix(Self.requisitionPrefix) {
            self = .requisition(String(rawValue.dropFirst(Self.requisitionPrefix.count)))
        } else {
            self = .event(EventID(rawValue: rawValue))
        }
    }

    public var rawValue: String {
        switch self {
        case .event(let id): return id.rawValue
        case .invoice(let number): return Self.invoicePrefix + number
        case .purchaseOrder(let number): return Self.purchaseOrderPrefix + number
        case .alert(let name): return Self.alertPrefix + name
        case .masterRecord(let record): return Self.masterRecordPrefix + record
        case .requisition(let id): return Self.requisitionPrefix + id
        }
    }

    public var description: String { rawValue }

    /// The event, when the source is one.
    public var eventID: EventID? {
        if case .event(let id) = self { return id }
        return nil
    }
}
