/// An ERP speaking the reference ERP REST profile (`kind: erp-http`).
public struct ERPSettings: Sendable, Equatable {
    /// Base URL of the ERP's API, without a trailing slash.
    public var url: String
    /// The bearer token Suture sends, if the ERP wants one.
    public var token: String?
    /// A PEM file of the certificate authorities trusted for the ERP's HTTPS certificate,
    /// instead of the system's trust store.
    public var caFile: String?
    /// How often the ERP's items are read (`GET /items`) and compared with the canonical
    /// master (docs/master-data.md, "Drift"); nil reads nothing.
    public var driftEvery: Duration?

    public init(url: String, token: String? = nil, caFile: String? = nil, driftEvery: Duration? = nil) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.token = token
        self.caFile = caFile
        self.driftEvery = driftEvery
    }

    static let variant = ConfigVariant(SystemKindSetting.erpHTTP, doc: "An ERP speaking the reference ERP REST profile.", keys: [
        ConfigKey("url", .httpURL, required: true, doc: "Base URL of the ERP's API."),
        ConfigKey("token", .secret, doc: "Bearer token Suture sends to the ERP."),
        ConfigKey.caFile,
        ConfigKey("drift", .record([
            ConfigKey("every", .duration, required: true, doc: "How often the ERP's items are read (`GET /items`) and compared with the canonical items."),
        ]), doc: "Reads the ERP's item master on a schedule for drift detection (docs/master-data.md); absent: never."),
    ] + DeliverySettings.keys)

    init(_ value: ConfigValue) throws(ConfigProblem) {
        self.init(url: try value.text("url"), token: value["token"]?.string, caFile: value["caFile"]?.string,
                  driftEvery: value["drift"] == nil ? nil : try value.member("drift").duration("every"))
    }
}
