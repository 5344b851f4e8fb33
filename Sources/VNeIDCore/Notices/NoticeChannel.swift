/// The system that carries a notice to its recipient, and so may fetch and acknowledge it.
public enum NoticeChannel: Sendable, Hashable, CustomStringConvertible {
    /// The VNeID app, through the registry's feed (REGISTRY principals).
    case registry
    /// A relying service's portal, such as the border portal (principals bound to it).
    case service(ServiceName)
    /// A requesting body's own system (that REQUESTER principal).
    case principal(String)

    /// The stored form: `registry`, `service:NAME`, `principal:ID`.
    public var description: String {
        switch self {
        case .registry: "registry"
        case .service(let name): "service:\(name)"
        case .principal(let id): "principal:\(id)"
        }
    }

    /// Reads the stored form back.
    public init?(stored text: String) {
        if text == "registry" {
            self = .registry
        } else if text.hasPrefix("service:") {
            self = .service(ServiceName(trusted: String(text.dropFirst(8))))
        } else if text.hasPrefix("principal:") {
            self = .principal(String(text.dropFirst(10)))
        } else {
            return nil
        }
    }

    /// The channels `principal` delivers through.
    public static func deliveredBy(_ principal: Principal) -> [NoticeChannel] {
        var channels: [NoticeChannel] = []
        if principal.roles.contains(.registry) { channels.append(.registry) }
        if principal.roles.contains(.relyingService) { channels += principal.services.map(NoticeChannel.service) }
        if principal.roles.contains(.requester) { channels.append(.principal(principal.id)) }
        return channels
    }
}
