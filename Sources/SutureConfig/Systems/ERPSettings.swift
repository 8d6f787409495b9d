/// An ERP speaking the reference ERP REST profile (`kind: erp-http`).
public struct ERPSettings: Sendable, Equatable {
    /// Base URL of the ERP's API, without a trailing slash.
    public var url: String
    /// The bearer token Suture sends, if the ERP wants one.
    public var token: String?
    /// A PEM file of the certificate authorities trusted for the ERP's HTTPS certificate,
    /// instead of the system's trust store.
    public var caFile: String?

    public init(url: String, token: String? = nil, caFile: String? = nil) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.token = token
        self.caFile = caFile
    }

    static let variant = ConfigVariant(SystemKindSetting.erpHTTP, doc: "An ERP speaking the reference ERP REST profile.", keys: [
        ConfigKey("url", .httpURL, required: true, doc: "Base URL of the ERP's API."),
        ConfigKey("token", .secret, doc: "Bearer token Suture sends to the ERP."),
        ConfigKey.caFile,
    ] + DeliverySettings.keys)

    init(_ value: ConfigValue) throws(ConfigProblem) {
        self.init(url: try value.text("url"), token: value["token"]?.string, caFile: value["caFile"]?.string)
    }
}
