// swift-tools-version:6.1
// Measures, for issue 11's choice of design, what one unary call costs in grpc-swift's
// GRPCCore machinery without HTTP/2 (its in-process transport) against a direct method
// table (a name lookup, protobuf decode, an async handler, protobuf encode). Run it with
// tools/transport-probe/run; it is not part of the product.
import PackageDescription

let package = Package(
    name: "transport-probe",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
    ],
    targets: [
        .executableTarget(
            name: "transport-probe",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
