/// Every key of Suture's configuration file, in one place.
///
/// `suture config check`, the loader (through the settings types, which read the checked
/// tree with the defaults declared here filled in) and docs/configuration.md all come from
/// these declarations, so they cannot disagree. The keys of each kind of system are
/// declared beside its settings type in `Systems/`.
public enum ConfigSpec {
    public static let scopes = [
        "events:write", "events:read", "masterdata:write", "masterdata:read", "orders:write", "orders:read",
        "exceptions:read", "exceptions:write", "edi:write", "metrics:read", "admin",
    ]

    public static let eventTypes = ["receipt", "issue", "adjustment", "transfer", "return", "count"]
    /// Business documents routes can send too: PO status changes and matched invoices, and
    /// changes of master records (sent only where a route names them; docs/master-data.md).
    public static let documentTypes = ["purchase-order", "invoice", "item.changed", "location.changed", "supplier.changed"]

    static let httpKeys = [
        ConfigKey("host", .string, default: "127.0.0.1", doc: "Address to listen on."),
        ConfigKey("port", .integer(0...65535), default: "8080", doc: "Port to listen on; 0 picks a free one."),
        ConfigKey("maxBodyBytes", .integer(1024...1_073_741_824), default: "1048576",
                  doc: "Largest request body accepted; larger ones get 413."),
        ConfigKey("maxBatchBodyBytes", .integer(1024...1_073_741_824), default: "33554432",
                  doc: "Largest body of `POST /v1/events:batch` and of an item import (`POST /v1/items:import`); larger ones get 413."),
        ConfigKey("shutdownGrace", .duration, default: "30s",
                  doc: "On SIGTERM or SIGINT the hub stops taking new connections and lets in-flight requests and deliveries finish for at most this long, then stops."),
        ConfigKey("idleTimeout", .duration, default: "30s",
                  doc: "A connection that sends nothing for this long is closed, also in the middle of a request (a client that sends half a request and stops)."),
        ConfigKey("maxConnectionsPerAddress", .integer(0...1_000_000), default: "1024",
                  doc: "Connections one client address may hold open at once; more are closed at once. 0: no cap (behind a proxy every client has the proxy's address)."),
        ConfigKey("tls", .record([
            ConfigKey("certificate", .string, required: true, doc: "The server's certificate chain, a PEM file (the server's own certificate first)."),
            ConfigKey("key", .string, required: true, doc: "The server's private key, a PEM file."),
            ConfigKey("clientCA", .string, doc: "A PEM file of the certificate authorities whose client certificates are accepted: mutual TLS, and a client without such a certificate is refused in the handshake."),
        ]), doc: "Serve HTTPS (with mutual TLS when `clientCA` is given); without it the hub serves plain HTTP, for a TLS-terminating proxy in front of it or loopback."),
        ConfigKey("clientRateLimit", RateLimitSettings.type(perSecondDefault: "1000"),
                  doc: "The quota of every client without one of its own (configured without `rateLimit`, or created by command without `--rate`); over it a request gets 429. Shared by every node of a PostgreSQL store."),
    ]

    static let clientKeys = [
        ConfigKey("name", .string, required: true, doc: "The client's name, unique."),
        ConfigKey("token", .secret, doc: "The client's bearer token (kept only as its SHA-256). Give this or `tokenSHA256`."),
        ConfigKey("tokenSHA256", .string, doc: "The hex SHA-256 of the client's token, so the file holds no secret."),
        ConfigKey("scopes", .list(of: .oneOf(scopes)), required: true, doc: "What the client may do."),
        ConfigKey("rateLimit", RateLimitSettings.type(perSecondDefault: nil), doc: "A token-bucket limit on the client's requests; `http.clientRateLimit` if absent."),
    ]

    static let routeKeys = [
        ConfigKey("match", .record([
            ConfigKey("type", .list(of: .oneOf(eventTypes + documentTypes)),
                      doc: "Event and document types this route takes; all if absent. Documents no route names go to every erp-http system."),
            ConfigKey("source", .list(of: .string), doc: "Source systems this route takes; all if absent."),
        ]), doc: "Which canonical events the route takes."),
        ConfigKey("to", .list(of: .string), required: true, doc: "Systems (names under `systems`) the events go to."),
    ]

    static let matchingKeys = [
        ConfigKey("price", .record([
            ConfigKey("percent", .decimal, default: "0", doc: "Allowed unit-price difference in percent."),
            ConfigKey("absolute", .decimal, default: "0", doc: "Allowed unit-price difference in currency units."),
        ]), doc: "Price tolerance of invoice lines against the PO (either bound suffices)."),
        ConfigKey("quantity", .record([
            ConfigKey("absolute", .decimal, default: "0", doc: "Allowed quantity difference, in the line's unit."),
        ]), doc: "Quantity tolerance of invoice lines against receipts."),
    ]

    /// The keys of the whole file.
    static let rootKeys = [
        ConfigKey("store", .storeURL, default: "sqlite:suture-data/suture.db",
                  doc: "Where Suture keeps its data. A relative `sqlite:` path is relative to the working directory."),
        ConfigKey("http", .record(httpKeys), doc: "The HTTP server."),
        ConfigKey("clients", .list(of: .record(clientKeys)), doc: "Who may call the API (besides clients created with `suture clients add`)."),
        ConfigKey("systems", .dictionary(keyName: "system name", of: .variants(tag: "kind", SystemSettings.variants)),
                  doc: "What Suture connects to, by name."),
        ConfigKey("routes", .list(of: .record(routeKeys)), doc: "Which canonical events go to which systems."),
        ConfigKey("matching", .record(matchingKeys), doc: "Invoice three-way match tolerances."),
        ConfigKey("exceptions", .record(OperationsSettings.exceptionKeys), doc: "The exception queue people work."),
        ConfigKey("dashboard", .record(OperationsSettings.dashboardKeys), doc: "The dashboard's figures and how often alert rules are checked."),
        ConfigKey("console", .record(OperationsSettings.consoleKeys), doc: "The web console for people."),
        ConfigKey("retention", .record(RetentionSettings.keys), doc: "How long finished records are kept (docs/governance.md)."),
        ConfigKey("replenishment", .record(ReplenishmentSettings.keys), doc: "Requisitions raised from par levels (docs/stock.md)."),
        ConfigKey("alerts", .list(of: .record(AlertRule.keys)), doc: "Alert rules: a figure against a threshold, told to webhook systems (docs/alerts.md)."),
    ]

    /// The whole file.
    public static let root = ConfigType.record(rootKeys)
}
