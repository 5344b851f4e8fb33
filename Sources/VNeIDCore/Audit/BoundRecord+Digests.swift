/// The canonical content of each kind of record, as an audit entry binds it. Every field
/// the daemon serves is in it, so an edit of any of them in the database changes the
/// digest. Changing what a kind covers invalidates every binding of that kind: never do
/// it without a new kind.
extension BoundRecord {
    /// An order and its history. Its notices are bound as records of their own.
    public init(_ order: Order) {
        self = Self.digest(AuditRecordKey(.order, order.id)) { bytes in
            bytes.append(order.kind.rawValue)
            bytes.append(order.accountID.rawValue)
            bytes.append(order.grounds.ground.rawValue)
            bytes.append(order.grounds.text)
            bytes.append(order.grounds.documentReference)
            bytes.append(order.grounds.documentDate?.description)
            bytes.append(order.grounds.organizationID?.rawValue)
            bytes.append(order.service?.rawValue)
            bytes.append(order.stationID?.rawValue)
            bytes.append(order.policeUnit?.rawValue)
            bytes.append(order.liftedOrderID)
            Self.append(order.requestedBy, to: &bytes)
            bytes.append(order.decidedBy != nil)
            if let decidedBy = order.decidedBy { Self.append(decidedBy, to: &bytes) }
            bytes.append(order.state.rawValue)
            bytes.append(order.receivedAt)
            bytes.append(order.reviewDeadline)
            bytes.append(order.decidedAt)
            bytes.append(order.refusalReason)
            bytes.append(order.history) { bytes, event in
                bytes.append(event.state.rawValue)
                bytes.append(event.at)
                Self.append(event.by, to: &bytes)
                bytes.append(event.note)
            }
        }
    }

    /// A notice and its delivery.
    public init(_ notice: Notice) {
        self = Self.digest(AuditRecordKey(.notice, notice.id)) { bytes in
            bytes.append(notice.orderID)
            bytes.append(notice.kind.rawValue)
            bytes.append(notice.recipientRole.rawValue)
            bytes.append(notice.recipientID)
            bytes.append(notice.recipientName)
            bytes.append(notice.accountID.rawValue)
            bytes.append(notice.channel.description)
            bytes.append(notice.text)
            bytes.append(notice.createdAt)
            bytes.append(notice.dueAt)
            bytes.append(notice.deliveredAt)
            bytes.append(notice.deliveredBy)
        }
    }

    /// A station authorization, granted or revoked.
    public init(_ authorization: StationAuthorization) {
        self = Self.digest(AuditRecordKey(.authorization, authorization.id)) { bytes in
            bytes.append(authorization.stationID.rawValue)
            Self.append(authorization.deputy, to: &bytes)
            Self.append(authorization.grantedBy, to: &bytes)
            bytes.append(authorization.grantedAt)
            bytes.append(authorization.validFrom)
            bytes.append(authorization.validUntil)
            bytes.append(authorization.note)
            bytes.append(authorization.revokedAt)
            bytes.append(authorization.revokedBy != nil)
            if let revokedBy = authorization.revokedBy { Self.append(revokedBy, to: &bytes) }
        }
    }

    /// A principal and its API keys, with the hashes of their secrets: a key planted or
    /// swapped in the database changes the digest.
    public init(_ principal: Principal, keys: [APIKeyCredential]) {
        self = Self.digest(AuditRecordKey(.principal, principal.id)) { bytes in
            bytes.append(principal.name)
            bytes.append(principal.roles.map(\.rawValue).sorted()) { $0.append($1) }
            bytes.append(principal.services.map(\.rawValue)) { $0.append($1) }
            bytes.append(principal.createdAt)
            bytes.append(principal.revokedAt)
            bytes.append(principal.requesterType?.rawValue)
            bytes.append(principal.stationID?.rawValue)
            bytes.append(principal.policeUnit?.rawValue)
            bytes.append(keys.sorted { $0.info.id < $1.info.id }) { bytes, key in
                bytes.append(key.info.id)
                bytes.append(key.principalID)
                bytes.append(key.secretHash)
                bytes.append(key.info.createdAt)
                bytes.append(key.info.revokedAt)
            }
        }
    }

    /// A registered service.
    public init(_ service: RegisteredService) {
        self = Self.digest(AuditRecordKey(.service, service.name.rawValue)) { bytes in
            bytes.append(service.audience)
            bytes.append(UInt64(service.minimumLevel.rawValue))
            bytes.append(service.replayProtection)
            bytes.append(service.isBorderPortal)
            bytes.append(service.createdAt)
            bytes.append(service.updatedAt)
        }
    }

    /// An account's grounds in force: its lock grounds and suspensions, in a fixed order.
    /// An account with none is absent (most accounts are never bound). The status version
    /// and times of the account's registry data are left out: an import changes those.
    public init(_ status: AccountStatus) {
        let key = AuditRecordKey(.accountStatus, status.accountID.rawValue)
        guard !status.locks.isEmpty || !status.suspensions.isEmpty else {
            self = .absent(key)
            return
        }
        self = Self.digest(key) { bytes in
            bytes.append(status.locks.sorted { ($0.orderID, $0.reason.rawValue) < ($1.orderID, $1.reason.rawValue) }) { bytes, lock in
                bytes.append(lock.orderID)
                bytes.append(lock.reason.rawValue)
                bytes.append(lock.since)
            }
            bytes.append(status.suspensions.sorted { ($0.orderID, $0.service, $0.stationID) < ($1.orderID, $1.service, $1.stationID) }) { bytes, suspension in
                bytes.append(suspension.orderID)
                bytes.append(suspension.service)
                bytes.append(suspension.stationID)
                bytes.append(suspension.since)
            }
        }
    }

    private static func append(_ actor: OrderActor, to bytes: inout CanonicalBytes) {
        bytes.append(actor.principalID)
        bytes.append(actor.name)
        bytes.append(actor.role.rawValue)
        bytes.append(actor.requesterType?.rawValue)
        bytes.append(actor.stationID?.rawValue)
        bytes.append(actor.authorizationID)
        bytes.append(actor.policeUnit?.rawValue)
    }
}
