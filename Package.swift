// swift-tools-version:6.2
import PackageDescription

/// Same strictness as Hummingbird: every dependency is imported explicitly and
/// existential types are spelled `any`.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "suture",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "suture", targets: ["suture"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
    ],
    targets: [
        // The layers, inside out (docs/architecture.md). Dependencies point inward: the model,
        // the codecs and the domain targets link no server, database, HTTP client or NIO.

        // Canonical model: pure values, no I/O.
        .target(name: "SutureModel", swiftSettings: strictSettings),

        // Codecs for the wire formats: pure, no I/O.
        .target(name: "SutureX12", dependencies: ["SutureModel"], swiftSettings: strictSettings),
        .target(name: "SutureBarcode", dependencies: ["SutureModel"], swiftSettings: strictSettings),
        .target(name: "SutureFHIR", dependencies: ["SutureModel"], swiftSettings: strictSettings),

        // Domain decisions as plain values and state machines, time passed in, no I/O.
        // Delivery: rate limits, retries, circuit breaker, what a claim and an attempt decide.
        .target(name: "SutureDelivery", dependencies: ["SutureModel"], swiftSettings: strictSettings),
        // Procurement: purchase orders and their lines' life, invoices, three-way matching.
        .target(name: "SutureProcurement", dependencies: ["SutureModel"], swiftSettings: strictSettings),

        // Storage: the store's protocols and records, in model terms; no driver.
        .target(
            name: "SutureStore",
            dependencies: ["SutureModel", "SutureDelivery", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // The embedded store: SQLite compiled from its amalgamation (SQLiteNIO's C target), no
        // system library.
        .target(
            name: "SutureStoreSQLite",
            dependencies: [
                "SutureModel", "SutureStore", "SutureDelivery",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // The shared store of several nodes.
        .target(
            name: "SutureStorePostgres",
            dependencies: [
                "SutureModel", "SutureStore", "SutureDelivery",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // Opens the store a URL names; linked only by composition roots (the CLI, tests).
        .target(
            name: "SutureStoreFactory",
            dependencies: ["SutureStore", "SutureStoreSQLite", "SutureStorePostgres"],
            swiftSettings: strictSettings
        ),

        // Configuration file: one declared spec gives checking and the reference docs.
        .target(
            name: "SutureConfig",
            dependencies: [
                "SutureModel", "SutureProcurement", "SutureX12",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // The engine: flows, the pipeline, connectors. Works through the store's protocols.
        .target(
            name: "SutureEngine",
            dependencies: [
                "SutureModel", "SutureStore", "SutureDelivery", "SutureProcurement", "SutureConfig", "SutureBarcode", "SutureX12", "SutureFHIR",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),

        // The HTTP server (Hummingbird 2).
        .target(
            name: "SutureHTTP",
            dependencies: [
                "SutureModel", "SutureStore", "SutureEngine", "SutureConfig", "SutureDelivery", "SutureProcurement", "SutureX12", "SutureFHIR",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            resources: [
                .embedInCode("Resources/openapi.yaml"),
                .embedInCode("Resources/console/index.html"),
                .embedInCode("Resources/console/console.js"),
                .embedInCode("Resources/console/console.css"),
            ],
            swiftSettings: strictSettings
        ),

        // The reference ERP simulator: a separate ERP the delivery tests post to.
        .target(
            name: "SutureERPSimulator",
            dependencies: [
                "SutureModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),

        // A supplier trading partner over a managed file directory (X12).
        .target(name: "SutureSupplierSimulator", dependencies: ["SutureModel", "SutureX12"], swiftSettings: strictSettings),

        // Development tools, out of the product's libraries: fuzzers, benchmark corpora and
        // sample documents. Linked by the CLI (`bench`, `x12 fuzz`, `barcode fuzz`) and tests.
        .target(name: "SutureDevTools", dependencies: ["SutureModel", "SutureX12", "SutureBarcode"], swiftSettings: strictSettings),

        // The command line, and the composition root: the only product target that links the
        // storage drivers (through SutureStoreFactory).
        .target(
            name: "SutureCLI",
            dependencies: [
                "SutureModel", "SutureStore", "SutureStoreFactory", "SutureStoreSQLite", "SutureConfig", "SutureHTTP", "SutureX12", "SutureBarcode",
                "SutureEngine", "SutureERPSimulator", "SutureSupplierSimulator", "SutureDevTools",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings,
            plugins: ["BuildInfoPlugin"]
        ),
        .executableTarget(name: "suture", dependencies: ["SutureCLI"], swiftSettings: strictSettings),

        // Records the commit a binary is built from, for `suture --version`.
        .plugin(name: "BuildInfoPlugin", capability: .buildTool()),

        .testTarget(
            name: "SutureModelTests",
            dependencies: ["SutureModel", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureX12Tests",
            dependencies: ["SutureX12", "SutureModel", "SutureDevTools"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureERPSimulatorTests",
            dependencies: ["SutureERPSimulator", "SutureModel", "SutureTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureSupplierSimulatorTests",
            dependencies: ["SutureSupplierSimulator", "SutureX12", "SutureModel"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureFHIRTests",
            dependencies: ["SutureFHIR", "SutureModel"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureBarcodeTests",
            dependencies: ["SutureBarcode", "SutureModel", "SutureDevTools"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureDeliveryTests",
            dependencies: ["SutureDelivery", "SutureModel"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureEngineTests",
            dependencies: ["SutureEngine", "SutureStore", "SutureDelivery", "SutureProcurement", "SutureModel", "SutureX12", "SutureConfig"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureProcurementTests",
            dependencies: ["SutureProcurement", "SutureModel"],
            swiftSettings: strictSettings
        ),
        // What the test targets share: a PostgreSQL schema per test.
        .target(
            name: "SutureTestSupport",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/SutureTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureStoreTests",
            dependencies: [
                "SutureModel", "SutureStore", "SutureStoreFactory", "SutureStoreSQLite", "SutureStorePostgres", "SutureDelivery", "SutureTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureConfigTests",
            dependencies: ["SutureConfig", "SutureProcurement", "SutureX12", "SutureModel", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureHTTPTests",
            dependencies: [
                "SutureModel", "SutureStore", "SutureStoreFactory", "SutureStoreSQLite", "SutureConfig", "SutureHTTP", "SutureEngine",
                "SutureERPSimulator", "SutureX12", "SutureDelivery", "SutureProcurement", "SutureSupplierSimulator", "SutureDevTools",
                "SutureTestSupport", "SutureFHIR",
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureCLITests",
            dependencies: [
                "SutureCLI", "suture", "SutureERPSimulator", "SutureModel", "SutureX12", "SutureDevTools", "SutureTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
