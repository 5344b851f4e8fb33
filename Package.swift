// swift-tools-version:6.1
import PackageDescription

/// Strict settings shared by every target: Swift 6 language mode, with the upcoming
/// features that make dependencies explicit.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "vneid-gate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vneidd", targets: ["vneidd"]),
        .executable(name: "vneidctl", targets: ["vneidctl"]),
        .library(name: "VNeIDClient", targets: ["VNeIDClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // Tests only: the programs a test starts (Foundation's Process crashes on Linux, see ChildProcess).
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
    ],
    targets: [
        // The domain: accounts, principals, roles, orders and their rules, the working-day
        // calendar, notices, the audit chain. No I/O, nothing of ours.
        .target(
            name: "VNeIDCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        // Generated protobuf messages, plus their mapping to and from the domain: what every
        // transport speaks, without any transport.
        .target(
            name: "VNeIDProto",
            dependencies: [
                "VNeIDCore",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strictSettings
        ),
        // Generated grpc-swift stubs (service protocols and clients) over VNeIDProto's messages.
        .target(
            name: "VNeIDGRPCStubs",
            dependencies: [
                "VNeIDProto",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ],
            swiftSettings: strictSettings
        ),
        // VNeID tokens: JWS parsing, the JWKS trust store, signature verification (swift-crypto),
        // and signing for tests and the development issuer.
        .target(
            name: "VNeIDTokens",
            dependencies: [
                "VNeIDCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        // Storage adapter: the SQLite (GRDB, WAL) implementation of the store protocols.
        .target(
            name: "VNeIDSQLite",
            dependencies: [
                "VNeIDCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        // Storage adapter: the PostgreSQL (postgres-nio) implementation of the store protocols,
        // for several daemons sharing one database.
        .target(
            name: "VNeIDPostgres",
            dependencies: [
                "VNeIDCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // The transport-neutral service layer: callers, access policy, and the handlers.
        .target(
            name: "VNeIDService",
            dependencies: [
                "VNeIDCore",
                "VNeIDProto",
                "VNeIDTokens",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            resources: [.copy("Resources/working-days-vn.json")],
            swiftSettings: strictSettings
        ),
        // The gRPC adapter: service conformances, interceptors, health, the server.
        .target(
            name: "VNeIDGRPC",
            dependencies: [
                "VNeIDCore",
                "VNeIDProto",
                "VNeIDGRPCStubs",
                "VNeIDService",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
            ],
            swiftSettings: strictSettings
        ),
        // The frames protocol's wire format, shared by the daemon and the Swift client: the
        // preface, the frame decoder, the frame encoder.
        .target(
            name: "VNeIDFramesCodec",
            dependencies: [
                "VNeIDProto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // The frames transport for checkpoint terminals: length-prefixed protobuf on TCP/TLS.
        .target(
            name: "VNeIDFrames",
            dependencies: [
                "VNeIDCore",
                "VNeIDProto",
                "VNeIDFramesCodec",
                "VNeIDService",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // The C client of the frames protocol, for checkpoint vendors; also built with plain
        // make (Sources/CVNeIDClient/Makefile) against libprotobuf-c and OpenSSL.
        .target(
            name: "CVNeIDClient",
            path: "Sources/CVNeIDClient",
            exclude: ["Makefile", "tools", "tests"],
            sources: ["vneid_client.c", "generated"],
            publicHeadersPath: "include",
            cSettings: [.headerSearchPath("generated")],
            linkerSettings: [.linkedLibrary("protobuf-c"), .linkedLibrary("ssl"), .linkedLibrary("crypto")]
        ),
        // The hand-written client library.
        .target(
            name: "VNeIDClient",
            dependencies: [
                "VNeIDCore",
                "VNeIDProto",
                "VNeIDGRPCStubs",
                "VNeIDFramesCodec",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "vneidd",
            dependencies: [
                "VNeIDCore",
                "VNeIDTokens",
                "VNeIDSQLite",
                "VNeIDPostgres",
                "VNeIDService",
                "VNeIDGRPC",
                "VNeIDFrames",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "vneidctl",
            dependencies: [
                "VNeIDCore",
                "VNeIDTokens",
                "VNeIDClient",
                "VNeIDProto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strictSettings
        ),
        // Fuzz targets: libFuzzer's entry point when built by tools/fuzz (-sanitize=fuzzer,
        // FUZZING), otherwise a replayer of the committed corpora for tools/test.
        .executableTarget(
            name: "vneid-fuzz",
            dependencies: [
                "VNeIDClient",
                "VNeIDCore",
                "VNeIDSQLite",
                "VNeIDTokens",
                "VNeIDService",
                "VNeIDProto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Helpers shared by the test targets.
        .target(
            name: "VNeIDTestSupport",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Tests/VNeIDTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VNeIDCoreTests",
            dependencies: ["VNeIDCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VNeIDTokensTests",
            dependencies: ["VNeIDCore", "VNeIDTokens", "VNeIDTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VNeIDServiceTests",
            dependencies: [
                "VNeIDCore", "VNeIDService", "VNeIDSQLite", "VNeIDTokens", "VNeIDProto", "VNeIDTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VNeIDClientTests",
            dependencies: ["VNeIDClient", "VNeIDCore", "VNeIDTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VNeIDSQLiteTests",
            dependencies: ["VNeIDCore", "VNeIDSQLite", "VNeIDTestSupport"],
            swiftSettings: strictSettings
        ),
        // One suite for the store contract, run against every store.
        .testTarget(
            name: "VNeIDStoreContractTests",
            dependencies: [
                "VNeIDCore", "VNeIDSQLite", "VNeIDPostgres", "VNeIDTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VNeIDIntegrationTests",
            dependencies: [
                "VNeIDCore",
                "VNeIDClient",
                "VNeIDProto",
                "VNeIDGRPCStubs",
                "VNeIDService",
                "VNeIDTestSupport",
                "VNeIDTokens",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
