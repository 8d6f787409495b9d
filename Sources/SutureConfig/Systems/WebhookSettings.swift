/// A subscriber that receives signed events (`kind: webhook`, Standard Webhooks).
public struct WebhookSettings: Sendable, Equatable {
    /// Where events are POSTed.
    public var url: String
    /// The signing secret, `whsec_<base64>` or raw text.
    public var secret: String

    public init(url: String, secret: String) {
        self.url = url
        self.secret = secret
    }

    static let variant = ConfigVariant(SystemKindSetting.webhook, doc: "A subscriber (analytics) that receives signed events.", keys: [
        ConfigKey("url", .httpURL, required: true, doc: "Where events are POSTed."),
        ConfigKey("secret", .secret, required: true, doc: "Signing secret, `whsec_<base64>` or raw text (Standard Webhooks)."),
    ] + DeliverySettings.keys)

    init(_ value: ConfigValue) throws(ConfigProblem) {
        self.init(url: try value.text("url"), secret: try value.text("secret"))
    }
}
