// swift-tools-version:6.1
// Pins the protoc plugins that `tools/generate-protos` uses to regenerate
// `Sources/VNeIDProto/Generated/`. Built on demand, never part of the main package.
import PackageDescription

let package = Package(
    name: "protoc-plugins",
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", exact: "2.4.1"),
    ],
    targets: [
        // SwiftPM needs one target; the products we build come from the dependencies.
        .target(name: "ProtocPlugins", path: "Sources")
    ]
)
