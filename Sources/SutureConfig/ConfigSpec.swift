/// Every key of Suture's configuration file, in one place.
///
/// `suture config check`, the loader and docs/configuration.md all come from this
/// declaration, so they cannot disagree.
public enum ConfigSpec {
    public static let scopes = [
        "events:write", "events:read", "masterdata:write", "masterdata:read", "orders:write", "orders:read",
        "exceptions:read", "exceptions:write", "edi:write", "metrics:read", "admin",
    ]

    static let rateLimit = ConfigKey("rateLimit", .record([
        ConfigKey("perSecond", .integer(1...1_000_000), required: true, doc: "Sustained requests per second."),
        ConfigKey("burst", .integer(1...1_000_000), doc: "Requests allowed at once above the sustained rate; defaults to `perSecond`."),
    ]), doc: "A token-bucket limit on requests.")

    /// Settings every system with outbound deliveries takes.
    static let deliveryKeys: [ConfigKey] = [
        ConfigKey("rateLimit", rateLimit.type, default: "perSecond 50, burst 50",
                  doc: "How fast Suture may call this system (the system's own limit); it never exceeds it, even after an outage, and keeps one request of a burst above 1 in reserve so the system's own limiter has room for network jitter."),
        ConfigKey("retry", .record([
            ConfigKey("maxAttempts", .integer(1...1000), default: "12", doc: "Attempts before a delivery is dead and opens `delivery-exhausted`."),
            ConfigKey("initialBackoff", .duration, default: "200ms", doc: "Wait before the first retry; doubles each time, with jitter."),
            ConfigKey("maxBackoff", .duration, default: "60s", doc: "Longest wait between attempts."),
        ]), doc: "Retries of transient failures (5xx, time-outs, refused connections, 429)."),
        ConfigKey("timeout", .duration, default: "10s", doc: "How long one call may take before it counts as failed."),
        ConfigKey("circuitBreaker", .record([
            ConfigKey("failureThreshold", .integer(1...1000), default: "5", doc: "Consecutive transient failures that open the circuit."),
            ConfigKey("coolDown", .duration, default: "30s", doc: "How long the circuit stays open before one probe call is let through."),
            ConfigKey("maxCoolDown", .duration, default: "5m", doc: "The longest cool-down; it doubles after each failed probe up to this."),
        ]), doc: "Stops calling a system that keeps failing, and probes it until it answers again."),
        ConfigKey("concurrency", .integer(1...256), default: "8", doc: "Calls to this system in flight at once."),
    ]

    static let systemVariants: [ConfigVariant] = [
        ConfigVariant("inventory", doc: "A storeroom or point-of-use system that sends inventory events.", keys: [
            ConfigKey("kind", .oneOf(["inventory"]), required: true, doc: "The kind of system."),
        ]),
        ConfigVariant("erp-http", doc: "An ERP speaking the reference ERP REST profile.", keys: [
            ConfigKey("kind", .oneOf(["erp-http"]), required: true, doc: "The kind of system."),
            ConfigKey("url", .httpURL, required: true, doc: "Base URL of the ERP's API."),
            ConfigKey("token", .secret, doc: "Bearer token Suture sends to the ERP."),
        ] + deliveryKeys),
        ConfigVariant("webhook", doc: "A subscriber (analytics) that receives signed events.", keys: [
            ConfigKey("kind", .oneOf(["webhook"]), required: true, doc: "The kind of system."),
            ConfigKey("url", .httpURL, required: true, doc: "Where events are POSTed."),
            ConfigKey("secret", .secret, required: true, doc: "Signing secret, `whsec_<base64>` or raw text (Standard Webhooks)."),
        ] + deliveryKeys),
        ConfigVariant("supplier-x12", doc: "A supplier exchanging ASC X12 files through a folder.", keys: [
            ConfigKey("kind", .oneOf(["supplier-x12"]), required: true, doc: "The kind of system."),
            ConfigKey("interchangeId", .string, required: true, doc: "The supplier's ISA sender/receiver id."),
            ConfigKey("exchange", .string, required: true,
                      doc: "Folder with `in/`, `out/`, `archive/` and `error/` below it; a relative path is relative to the working directory."),
            ConfigKey("senderId", .string, default: "SUTUREHUB", doc: "Suture's own ISA id in what it writes to this supplier."),
            ConfigKey("version", .oneOf(["004010", "005010"]), default: "004010", doc: "The X12 version of the 850s written."),
            ConfigKey("pollInterval", .duration, default: "2s", doc: "How often `in/` is looked at for new files."),
        ] + deliveryKeys),
    ]

    public static let eventTypes = ["receipt", "issue", "adjustment", "transfer", "return", "count"]
    /// Business documents routes can send too: PO status changes and matched invoices.
    public static let documentTypes = ["purchase-order", "invoice"]

    /// The whole file.
    public static let root = ConfigType.record([
        ConfigKey("store", .storeURL, default: "sqlite:suture-data/suture.db",
                  doc: "Where Suture keeps its data. A relative `sqlite:` path is relative to the working directory."),
        ConfigKey("http", .record([
            ConfigKey("host", .string, default: "127.0.0.1", doc: "Address to listen on."),
            ConfigKey("port", .integer(0...65535), default: "8080", doc: "Port to listen on; 0 picks a free one."),
            ConfigKey("maxBodyBytes", .integer(1024...1_073_741_824), default: "1048576",
                      doc: "Largest request body accepted; larger ones get 413."),
            ConfigKey("maxBatchBodyBytes", .integer(1024...1_073_741_824), default: "33554432",
                      doc: "Largest body of `POST /v1/events:batch`; larger ones get 413."),
        ]), doc: "The HTTP server."),
        ConfigKey("clients", .list(of: .record([
            ConfigKey("name", .string, required: true, doc: "The client's name, unique."),
            ConfigKey("token", .secret, doc: "The client's bearer token (kept only as its SHA-256). Give this or `tokenSHA256`."),
            ConfigKey("tokenSHA256", .string, doc: "The hex SHA-256 of the client's token, so the file holds no secret."),
            ConfigKey("scopes", .list(of: .oneOf(scopes)), required: true, doc: "What the client may do."),
            rateLimit,
        ])), doc: "Who may call the API (besides clients created with `suture clients add`)."),
        ConfigKey("systems", .dictionary(keyName: "system name", of: .variants(tag: "kind", systemVariants)),
                  doc: "What Suture connects to, by name."),
        ConfigKey("routes", .list(of: .record([
            ConfigKey("match", .record([
                ConfigKey("type", .list(of: .oneOf(eventTypes + documentTypes)),
                          doc: "Event and document types this route takes; all if absent. Documents no route names go to every erp-http system."),
                ConfigKey("source", .list(of: .string), doc: "Source systems this route takes; all if absent."),
            ]), doc: "Which canonical events the route takes."),
            ConfigKey("to", .list(of: .string), required: true, doc: "Systems (names under `systems`) the events go to."),
        ])), doc: "Which canonical events go to which systems."),
        ConfigKey("matching", .record([
            ConfigKey("price", .record([
                ConfigKey("percent", .decimal, default: "0", doc: "Allowed unit-price difference in percent."),
                ConfigKey("absolute", .decimal, default: "0", doc: "Allowed unit-price difference in currency units."),
            ]), doc: "Price tolerance of invoice lines against the PO (either bound suffices)."),
            ConfigKey("quantity", .record([
                ConfigKey("absolute", .decimal, default: "0", doc: "Allowed quantity difference, in the line's unit."),
            ]), doc: "Quantity tolerance of invoice lines against receipts."),
        ]), doc: "Invoice three-way match tolerances."),
    ])
}
