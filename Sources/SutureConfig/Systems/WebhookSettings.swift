/// A subscriber that receives signed events (`kind: webhook`, Standard Webhooks).
public struct WebhookSettings: Sendable, Equatable {
    /// Where events are POSTed.
    public var url: String
    /// The signing secret, `whsec_<base64>` or raw text.
    public var secret: String
    /// A PEM file of the certificate authorities trusted for the subscriber's HTTPS
    /// certificate, instead of the system's trust store.
    public var caFile: String?
    /// The supplier (canonical id) whose portal this is: it hears of receipts against that
    /// supplier's orders (`receipt.advice`).
    public var supplier: String?

    public init(url: String, secret: String, caFile: String? = nil, supplier: String? = nil) {
        self.url = url
        self.secret = secret
        self.caFile = caFile
        self.supplier = supplier
    }

    static let variant = ConfigVariant(SystemKindSetting.webhook, doc: "A subscriber (analytics) that receives signed events.", keys: [
        ConfigKey("url", .httpURL, required: true, doc: "Where events are POSTed."),
        ConfigKey("secret", .secret, required: true, doc: "Signing secret, `whsec_<base64>` or raw text (Standard Webhooks)."),
        ConfigKey.caFile,
        ConfigKey("supplier", .string,
                  doc: "A supplier's portal: the canonical supplier id whose receipts it hears of, as signed `receipt.advice` events (docs/stock.md)."),
    ] + DeliverySettings.keys)

    init(_ value: ConfigValue) throws(ConfigProblem) {
        self.init(url: try value.text("url"), secret: try value.text("secret"), caFile: value["caFile"]?.string, supplier: value["supplier"]?.string)
    }
}
