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
    ],
    targets: [
        // Canonical model: pure values, no I/O.
        .target(name: "SutureModel", swiftSettings: strictSettings),

        // Codecs for the wire formats: pure, no I/O.
        .target(name: "SutureX12", dependencies: ["SutureModel"], swiftSettings: strictSettings),
        .target(name: "SutureBarcode", dependencies: ["SutureModel"], swiftSettings: strictSettings),

        // Pure decisions of the delivery engine and PO tracking: rate limits, retries,
        // circuit breaker, PO line life. No I/O, time passed in.
        .target(name: "SutureResilience", dependencies: ["SutureModel"], swiftSettings: strictSettings),

        // Storage: one Store interface; SQLite (one process) and PostgreSQL (several nodes) behind it.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "SutureStore",
            dependencies: [
                "SutureModel", "CSQLite",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),

        // The engine: flows, rate limits, exceptions, delivery. Pure logic over the Store.
        .target(
            name: "SutureEngine",
            dependencies: [
                "SutureModel", "SutureStore", "SutureResilience", "SutureConfig", "SutureBarcode", "SutureX12",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        // Configuration file: one declared spec gives checking and the reference docs.
        .target(
            name: "SutureConfig",
            dependencies: [
                "SutureModel",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // The HTTP server (Hummingbird 2).
        .target(
            name: "SutureHTTP",
            dependencies: [
                "SutureModel", "SutureStore", "SutureEngine", "SutureConfig", "SutureResilience", "SutureX12",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.embedInCode("Resources/openapi.yaml")],
            // Swift 6.3.1 crashes (signal 11, LLVM coroutine splitting in the -O inliner) on
            // this target's async route closures in release builds, at -O and -Osize; so it is built
            // without optimization. The hot paths (JSON, normalization, storage) live in other targets.
            swiftSettings: strictSettings + [.unsafeFlags(["-Onone"], .when(configuration: .release))]
        ),

        // The reference ERP simulator (CONTRACT section 4): a separate ERP the delivery tests post to.
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

        // The command line: one type per command.
        .target(
            name: "SutureCLI",
            dependencies: [
                "SutureModel", "SutureStore", "SutureConfig", "SutureHTTP", "SutureX12", "SutureBarcode",
                "SutureEngine", "SutureERPSimulator", "SutureSupplierSimulator",
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
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "suture", dependencies: ["SutureCLI"], swiftSettings: strictSettings),

        .testTarget(
            name: "SutureModelTests",
            dependencies: ["SutureModel", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureX12Tests",
            dependencies: ["SutureX12", "SutureModel"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureERPSimulatorTests",
            dependencies: ["SutureERPSimulator", "SutureModel", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureSupplierSimulatorTests",
            dependencies: ["SutureSupplierSimulator", "SutureX12", "SutureModel"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureBarcodeTests",
            dependencies: ["SutureBarcode", "SutureModel"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureResilienceTests",
            dependencies: ["SutureResilience", "SutureModel"],
            swiftSettings: strictSettings
        ),
        // What the test targets share: a PostgreSQL schema per test.
        .target(
            name: "SutureTestSupport",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/SutureTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureStoreTests",
            dependencies: [
                "SutureModel", "SutureStore", "SutureTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureConfigTests",
            dependencies: ["SutureConfig", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureHTTPTests",
            dependencies: [
                "SutureModel", "SutureStore", "SutureConfig", "SutureHTTP", "SutureEngine", "SutureERPSimulator", "SutureX12", "SutureResilience", "SutureSupplierSimulator", "SutureTestSupport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SutureCLITests",
            dependencies: ["SutureCLI", "suture", "SutureERPSimulator", "SutureModel", "SutureX12", "SutureTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
    ]
)
