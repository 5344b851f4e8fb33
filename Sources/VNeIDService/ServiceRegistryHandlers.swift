import Foundation
import Logging
import VNeIDCore
import VNeIDProto

/// The services registry's RPCs, independent of any transport.
public struct ServiceRegistryHandlers: Sendable {
    let store: any ServiceStore
    let logger: Logger

    /// Creates the handlers over `store`.
    public init(store: any ServiceStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Registers a service.
    public func addService(_ request: Vneid_V1_AddServiceRequest, caller: Caller) async throws -> Vneid_V1_RelyingService {
        let given = request.service
        let name = try ServiceName(validating: given.name)
        try RegisteredService.validateAudience(given.audience)
        let level = given.minimumLevel == 0 ? AssuranceLevel.level2 : try AssuranceLevel(validating: Int(given.minimumLevel))
        let now = Date()
        let service = RegisteredService(
            name: name, audience: given.audience, minimumLevel: level,
            replayProtection: given.replayProtection, isBorderPortal: given.borderPortal, createdAt: now, updatedAt: now
        )
        try await store.addService(service, by: caller.auditActor)
        logger.notice("service registered", metadata: ["service": "\(name)", "audience": "\(service.audience)", "by": "\(caller.principal.name)"])
        return Vneid_V1_RelyingService(service)
    }

    /// Changes a service's settings.
    public func updateService(_ request: Vneid_V1_UpdateServiceRequest, caller: Caller) async throws -> Vneid_V1_RelyingService {
        let given = request.service
        let name = try ServiceName(validating: given.name)
        guard var service = try await store.service(named: name) else {
            throw VNeIDError.notFound("no service \(name) is registered")
        }
        try RegisteredService.validateAudience(given.audience)
        service.audience = given.audience
        if given.minimumLevel != 0 { service.minimumLevel = try AssuranceLevel(validating: Int(given.minimumLevel)) }
        service.replayProtection = given.replayProtection
        service.isBorderPortal = given.borderPortal
        service.updatedAt = Date()
        try await store.updateService(service, by: caller.auditActor)
        logger.notice("service changed", metadata: ["service": "\(name)", "by": "\(caller.principal.name)"])
        return Vneid_V1_RelyingService(service)
    }

    /// Removes a service no active principal is bound to.
    public func removeService(_ request: Vneid_V1_RemoveServiceRequest, caller: Caller) async throws -> Vneid_V1_RemoveServiceResponse {
        let name = try ServiceName(validating: request.name)
        try await store.removeService(named: name, by: caller.auditActor)
        logger.notice("service removed", metadata: ["service": "\(name)", "by": "\(caller.principal.name)"])
        return Vneid_V1_RemoveServiceResponse()
    }

    /// Every registered service.
    public func listServices(_ request: Vneid_V1_ListServicesRequest, caller: Caller) async throws -> Vneid_V1_ListServicesResponse {
        var response = Vneid_V1_ListServicesResponse()
        response.services = try await store.services().map(Vneid_V1_RelyingService.init)
        return response
    }

    /// One service.
    public func getService(_ request: Vneid_V1_GetServiceRequest, caller: Caller) async throws -> Vneid_V1_RelyingService {
        let name = try ServiceName(validating: request.name)
        guard let service = try await store.service(named: name) else {
            throw VNeIDError.notFound("no service \(name) is registered")
        }
        return Vneid_V1_RelyingService(service)
    }
}
