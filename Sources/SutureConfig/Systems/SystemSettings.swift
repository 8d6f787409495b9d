/// One connected system (`systems.<name>`): how to reach it and how to call it.
public struct SystemSettings: Sendable, Equatable {
    public var name: String
    public var connection: SystemConnection
    /// Pace, retries and time-out of calls to the system (unused for inventory systems,
    /// which only send).
    public var delivery: DeliverySettings

    public init(name: String, connection: SystemConnection, delivery: DeliverySettings = .defaults) {
        self.name = name
        self.connection = connection
        self.delivery = delivery
    }

    public var kind: SystemKindSetting { connection.kind }

    /// The settings of each kind, as `suture config check` and the reference know them.
    static let variants: [ConfigVariant] = [
        ConfigVariant(.inventory, doc: "A storeroom or point-of-use system that sends inventory events.", keys: []),
        ERPSettings.variant,
        WebhookSettings.variant,
        SupplierX12Settings.variant,
        FHIRSettings.variant,
    ]

    init(name: String, _ value: ConfigValue) throws(ConfigProblem) {
        guard let kind = SystemKindSetting(rawValue: try value.text("kind")) else {
            throw ConfigProblem(path: "kind", line: value["kind"]?.line, message: "is not a kind of system Suture knows")
        }
        let connection: SystemConnection
        switch kind {
        case .inventory: connection = .inventory
        case .erpHTTP: connection = .erpHTTP(try ERPSettings(value))
        case .webhook: connection = .webhook(try WebhookSettings(value))
        case .supplierX12: connection = .supplierX12(try SupplierX12Settings(value))
        case .fhir: connection = .fhir(try FHIRSettings(value))
        }
        self.init(name: name, connection: connection, delivery: kind == .inventory ? .defaults : try DeliverySettings(value))
    }
}

/// The kinds of system Suture connects to: the `kind` key of a system.
public enum SystemKindSetting: String, Sendable, Equatable, CaseIterable {
    case inventory
    case erpHTTP = "erp-http"
    case webhook
    case supplierX12 = "supplier-x12"
    case fhir
}

/// What kind of system it is, with the settings that kind needs to be reached.
public enum SystemConnection: Sendable, Equatable {
    case inventory
    case erpHTTP(ERPSettings)
    case webhook(WebhookSettings)
    case supplierX12(SupplierX12Settings)
    case fhir(FHIRSettings)

    public var kind: SystemKindSetting {
        switch self {
        case .inventory: return .inventory
        case .erpHTTP: return .erpHTTP
        case .webhook: return .webhook
        case .supplierX12: return .supplierX12
        case .fhir: return .fhir
        }
    }
}

extension ConfigVariant {
    /// The settings of one kind of system; the `kind` key itself is added here.
    init(_ kind: SystemKindSetting, doc: String, keys: [ConfigKey]) {
        self.init(kind.rawValue, doc: doc, keys: [ConfigKey("kind", .oneOf([kind.rawValue]), required: true, doc: "The kind of system.")] + keys)
    }
}

extension ConfigKey {
    /// The trust anchors of an HTTPS connector (erp-http, webhook).
    static let caFile = ConfigKey("caFile", .string, doc: "A PEM file of the certificate authorities trusted for this system's HTTPS certificate, instead of the machine's trust store (a private CA). The server's certificate is verified either way, host name included.")
}
