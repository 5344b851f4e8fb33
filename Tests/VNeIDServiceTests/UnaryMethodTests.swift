import SwiftProtobuf
import Testing
import VNeIDService

@Suite("The table of unary methods")
struct UnaryMethodTests {
    static let streaming: Set<String> = [
        "vneid.v1.AccountService/ImportAccounts", "vneid.v1.AccountService/WatchStatusChanges",
        "vneid.v1.NoticeService/WatchNotices", "vneid.v1.OperationsService/BackupDatabase",
        "grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
    ]

    @Test("it names every method of the access policy but the streaming ones, each once, and no other")
    func coversThePolicy() {
        let names = UnaryMethod.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(Set(names) == Set(AccessPolicy.standard.rules.keys).subtracting(Self.streaming))
    }

    @Test("each method takes the request message named after it")
    func requestTypes() {
        for method in UnaryMethod.all {
            let methodName = method.name.split(separator: "/").last.map(String.init) ?? ""
            #expect(method.requestType.protoMessageName == "vneid.v1.\(methodName)Request", "\(method.name)")
        }
    }
}
