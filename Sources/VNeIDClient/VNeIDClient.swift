import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import SwiftProtobuf
import VNeIDCore
import VNeIDGRPCStubs
import VNeIDProto

/// A connection to a `vneidd` daemon, with one method per API call.
///
/// Use it inside `withConnection`, which opens the connection, runs your code and closes
/// it. Every method throws `VNeIDClientError`.
public struct VNeIDClient: Sendable {
    /// The connection the calls go through.
    enum Route: Sendable {
        case grpc(GRPCClient<HTTP2ClientTransport.Posix>)
        case frames(FramesClientConnection)
    }

    let route: Route
    let metadata: Metadata
    let options: CallOptions

    /// Connects to the daemon over the configuration's transport, runs `body` with a
    /// client, and closes the connection.
    public static func withConnection<Result: Sendable>(
        _ configuration: VNeIDClientConfiguration,
        _ body: (VNeIDClient) async throws -> Result
    ) async throws -> Result {
        if configuration.transport == .frames {
            let connection: FramesClientConnection
            do {
                connection = try await FramesClientConnection.connect(configuration)
            } catch let error as VNeIDClientError {
                throw error
            } catch {
                throw VNeIDClientError(code: .unavailable, message: "cannot connect to \(configuration.host):\(configuration.port) over the frames protocol: \(error)")
            }
            do {
                let result = try await body(VNeIDClient(route: .frames(connection), configuration: configuration))
                await connection.close()
                return result
            } catch {
                await connection.close()
                throw error
            }
        }
        let transport: HTTP2ClientTransport.Posix
        do {
            transport = try HTTP2ClientTransport.Posix(
                target: .dns(host: configuration.host, port: configuration.port),
                transportSecurity: Self.transportSecurity(configuration.tls)
            )
        } catch {
            throw VNeIDClientError(code: .invalidArgument, message: "cannot set up a connection to \(configuration.host):\(configuration.port): \(error)")
        }
        return try await withGRPCClient(transport: transport) { grpc in
            try await body(VNeIDClient(route: .grpc(grpc), configuration: configuration))
        }
    }

    private init(route: Route, configuration: VNeIDClientConfiguration) {
        self.route = route
        var metadata = Metadata()
        if let apiKey = configuration.apiKey { metadata.addString("Bearer \(apiKey)", forKey: "authorization") }
        self.metadata = metadata
        var options = CallOptions.defaults
        options.timeout = configuration.timeout
        self.options = options
    }

    /// Calls a unary method over either transport.
    func unary<Method: GeneratedMethod>(_ method: Method.Type, _ request: Method.Input, options: CallOptions) async throws -> Method.Output {
        switch route {
        case .grpc(let grpc):
            return try await grpc.unary(
                request: ClientRequest(message: request, metadata: metadata), descriptor: Method.descriptor,
                serializer: ProtobufSerializer<Method.Input>(), deserializer: ProtobufDeserializer<Method.Output>(), options: options
            ) { try $0.message }
        case .frames(let connection):
            return try await connection.unary(Method.descriptor.fullyQualifiedMethod, request, timeout: options.timeout)
        }
    }

    /// Calls a server-streaming method over either transport, handing each response to
    /// `body` until it returns `false`; `onOpen` runs once the call is under way.
    func serverStreaming<Method: GeneratedMethod>(
        _ method: Method.Type, _ request: Method.Input, onOpen: @escaping @Sendable () async -> Void,
        _ body: @escaping @Sendable (Method.Output) async throws -> Bool
    ) async throws {
        var options = self.options
        options.timeout = nil  // A watch runs until it is stopped.
        switch route {
        case .grpc(let grpc):
            try await grpc.serverStreaming(
                request: ClientRequest(message: request, metadata: metadata), descriptor: Method.descriptor,
                serializer: ProtobufSerializer<Method.Input>(), deserializer: ProtobufDeserializer<Method.Output>(), options: options
            ) { response in
                if case .success = response.accepted { await onOpen() }
                for try await message in response.messages where try await !body(message) { break }
            }
        case .frames(let connection):
            try await connection.serverStreaming(Method.descriptor.fullyQualifiedMethod, request, onOpen: onOpen, body)
        }
    }

    /// The gRPC connection, for the methods only gRPC serves; `unimplemented` over frames.
    func grpcOnly(_ method: String) throws -> GRPCClient<HTTP2ClientTransport.Posix> {
        guard case .grpc(let grpc) = route else {
            throw VNeIDClientError(code: .unimplemented, message: "\(method) is served over gRPC only; connect with the grpc transport")
        }
        return grpc
    }

    // MARK: Accounts

    /// Returns one account.
    public func account(id: String) async throws(VNeIDClientError) -> Account {
        try await mappingErrors {
            let response = try await unary(Vneid_V1_AccountService.Method.GetAccount.self, .with { $0.accountID = id }, options: options)
            return try Account(proto: response)
        }
    }

    /// Returns one account's status.
    public func accountStatus(id: String) async throws(VNeIDClientError) -> AccountStatus {
        try await mappingErrors {
            let response = try await unary(Vneid_V1_AccountService.Method.GetAccountStatus.self, .with { $0.accountID = id }, options: options)
            return try AccountStatus(proto: response)
        }
    }

    /// Returns the statuses of up to 1000 accounts in one call, one answer per id, in order.
    public func accountStatuses(ids: [String]) async throws(VNeIDClientError) -> [(id: String, lookup: AccountStatusLookup)] {
        try await mappingErrors {
            let response = try await unary(Vneid_V1_AccountService.Method.BatchGetAccountStatus.self, .with { $0.accountIds = ids }, options: options)
            return try response.results.map { result in
                switch result.result {
                case .status(let status): (result.accountID, .found(try AccountStatus(proto: status)))
                case .failure(let failure) where failure.reason == .invalidID: (result.accountID, .invalidID(failure.message))
                case .failure(let failure): (result.accountID, .notFound(failure.message))
                case nil: (result.accountID, .notFound("no answer for this id"))
                }
            }
        }
    }

    /// Imports accounts: `produce` writes batches of records to the writer and returns
    /// how many source lines it could not parse at all (they count as rejected). The
    /// records are stored in one transaction after it returns.
    ///
    /// Without `skipInvalid`, any bad record or unparsable line fails the whole import
    /// with `invalidArgument` whose `violations` name every bad line the server saw;
    /// nothing is imported then.
    ///
    /// - Throws: `VNeIDClientError` when the call fails, or the error `produce` threw
    ///   (the import is then abandoned and nothing is written).
    public func importAccounts(
        options importOptions: AccountImportOptions = .init(),
        _ produce: @escaping @Sendable (AccountImportWriter) async throws -> UInt64
    ) async throws -> AccountImportSummary {
        var options = self.options
        options.timeout = nil  // An import of millions of records takes as long as it takes.
        let callOptions = options
        let producerFailure = ProducerFailure()
        do {
            return try await mappingErrors {
                try await importAccounts(importOptions, callOptions: callOptions, producerFailure: producerFailure, produce)
            }
        } catch {
            // The call fails when the producer does; report the producer's reason, not the stream's.
            throw producerFailure.error ?? error
        }
    }

    private func importAccounts(
        _ importOptions: AccountImportOptions,
        callOptions: CallOptions,
        producerFailure: ProducerFailure,
        _ produce: @escaping @Sendable (AccountImportWriter) async throws -> UInt64
    ) async throws -> AccountImportSummary {
        let accounts = Vneid_V1_AccountService.Client(wrapping: try grpcOnly("ImportAccounts"))
        let response = try await accounts.importAccounts(metadata: metadata, options: callOptions) { writer in
            do {
                let unparsable = try await produce(AccountImportWriter { records in
                    try await producerFailure.writing {
                        try await writer.write(.with { $0.records = records.map(Vneid_V1_ImportRecord.init) })
                    }
                })
                try await producerFailure.writing {
                    try await writer.write(.with {
                        $0.options = .with {
                            $0.skipInvalid = importOptions.skipInvalid
                            $0.rejectedByClient = unparsable
                        }
                    })
                }
            } catch where producerFailure.streamRefusedWrite {
                // The server ended the call: its status is the answer, not this error.
                return
            } catch {
                producerFailure.producerFailed(error)
                throw error
            }
        }
        return AccountImportSummary(response)
    }

    // MARK: Principals

    /// Creates a principal and returns it with its first API key.
    ///
    /// - Parameters:
    ///   - services: for a RELYING_SERVICE, the services it is bound to.
    ///   - requesterType: for a REQUESTER, which kind of third party it is.
    ///   - stationID: for a STATION_COMMANDER or STATION_DEPUTY, its station.
    ///   - policeUnit: for a POLICE_APPROVER, its Police unit.
    public func createPrincipal(
        name: String, roles: Set<Role>, services: [String] = [],
        requesterType: RequesterType? = nil, stationID: String? = nil, policeUnit: String? = nil
    ) async throws(VNeIDClientError) -> CreatedPrincipal {
        try await mappingErrors {
            let response = try await unary(Vneid_V1_PrincipalService.Method.CreatePrincipal.self, .with {
                $0.name = name
                $0.roles = roles.sorted().map(\.proto)
                $0.services = services
                $0.requesterType = requesterType?.proto ?? .unspecified
                $0.stationID = stationID ?? ""
                $0.policeUnit = policeUnit ?? ""
            }, options: options)
            return CreatedPrincipal(principal: try Principal(proto: response.principal), apiKey: response.apiKey.secret)
        }
    }

    /// Lists principals, oldest first.
    public func principals(includeRevoked: Bool = false) async throws(VNeIDClientError) -> [Principal] {
        try await mappingErrors {
            let response = try await unary(Vneid_V1_PrincipalService.Method.ListPrincipals.self, .with { $0.includeRevoked = includeRevoked }, options: options)
            return try response.principals.map { principal throws(VNeIDError) in try Principal(proto: principal) }
        }
    }

    /// Returns one principal by id or name.
    public func principal(_ idOrName: String) async throws(VNeIDClientError) -> Principal {
        try await mappingErrors {
            try Principal(proto: try await unary(Vneid_V1_PrincipalService.Method.GetPrincipal.self, .with { $0.principal = idOrName }, options: options))
        }
    }

    /// Revokes a principal (by id or name) and all its keys.
    public func revokePrincipal(_ idOrName: String) async throws(VNeIDClientError) -> Principal {
        try await mappingErrors {
            try Principal(proto: try await unary(Vneid_V1_PrincipalService.Method.RevokePrincipal.self, .with { $0.principal = idOrName }, options: options))
        }
    }

    /// Issues one more API key for a principal (by id or name).
    public func issueAPIKey(for idOrName: String) async throws(VNeIDClientError) -> IssuedAPIKey {
        try await mappingErrors {
            let response = try await unary(Vneid_V1_PrincipalService.Method.IssueApiKey.self, .with { $0.principal = idOrName }, options: options)
            return IssuedAPIKey(info: APIKeyInfo(proto: response.info), secret: response.secret)
        }
    }

    /// Revokes one API key.
    public func revokeAPIKey(id: String) async throws(VNeIDClientError) -> APIKeyInfo {
        try await mappingErrors {
            APIKeyInfo(proto: try await unary(Vneid_V1_PrincipalService.Method.RevokeApiKey.self, .with { $0.apiKeyID = id }, options: options))
        }
    }

    /// Returns the principal this client's API key belongs to.
    public func whoAmI() async throws(VNeIDClientError) -> Principal {
        try await mappingErrors {
            try Principal(proto: try await unary(Vneid_V1_PrincipalService.Method.WhoAmI.self, Vneid_V1_WhoAmIRequest(), options: options))
        }
    }

    // MARK: Health

    /// Asks the standard health service about `service` ("" for the daemon as a whole).
    public func health(service: String = "") async throws(VNeIDClientError) -> ServingStatus {
        try await mappingErrors {
            let health = Grpc_Health_V1_Health.Client(wrapping: try grpcOnly("Health/Check"))
            let response = try await health.check(.with { $0.service = service }, options: options)
            switch response.status {
            case .serving: return .serving
            case .notServing: return .notServing
            default: return .unknown
            }
        }
    }

    private static func transportSecurity(_ tls: VNeIDClientConfiguration.TLS?) -> HTTP2ClientTransport.Posix.TransportSecurity {
        guard let tls else { return .plaintext }
        return .tls { config in
            if let ca = tls.trustedCAPath { config.trustRoots = .certificates([.file(path: ca, format: .pem)]) }
            if let certificate = tls.clientCertificatePath, let key = tls.clientKeyPath {
                config.certificateChain = [.file(path: certificate, format: .pem)]
                config.privateKey = .file(path: key, format: .pem)
            }
        }
    }
}
