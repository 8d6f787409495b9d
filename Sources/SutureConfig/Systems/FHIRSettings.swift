/// An outside FHIR R5 server that hears of Suture's requisitions as SupplyRequests
/// (`kind: fhir`, docs/fhir.md).
public struct FHIRSettings: Sendable, Equatable {
    /// The server's base URL (`https://fhir.example.org/r5`), without a trailing slash.
    public var url: String
    /// The bearer token Suture sends, if the server wants one.
    public var token: String?
    /// A PEM file of the certificate authorities trusted for the server's HTTPS certificate.
    public var caFile: String?

    public init(url: String, token: String? = nil, caFile: String? = nil) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.token = token
        self.caFile = caFile
    }

    static let variant = ConfigVariant(SystemKindSetting.fhir, doc: "A FHIR R5 server that receives requisitions as SupplyRequests.", keys: [
        ConfigKey("url", .httpURL, required: true, doc: "The FHIR server's base URL; Suture sends `PUT <url>/SupplyRequest/<id>`."),
        ConfigKey("token", .secret, doc: "Bearer token Suture sends to the FHIR server."),
        ConfigKey.caFile,
    ] + DeliverySettings.keys)

    init(_ value: ConfigValue) throws(ConfigProblem) {
        self.init(url: try value.text("url"), token: value["token"]?.string, caFile: value["caFile"]?.string)
    }
}
