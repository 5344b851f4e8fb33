import VNeIDCore

/// Which orders a caller may read: all of them for auditors, the Police and the registry;
/// its own for a requester; its station's for a station commander or deputy.
struct OrderVisibility {
    let caller: Caller

    init(_ caller: Caller) { self.caller = caller }

    private var seesAll: Bool { !caller.principal.roles.isDisjoint(with: [.auditor, .policeApprover, .registry]) }

    func allows(_ order: Order) -> Bool {
        if seesAll { return true }
        if caller.principal.roles.contains(.requester), order.requestedBy.principalID == caller.principal.id { return true }
        if let station = caller.principal.stationID, order.stationID == station { return true }
        return false
    }

    func restrict(_ query: inout OrderQuery) {
        guard !seesAll else { return }
        if caller.principal.roles.contains(.requester) {
            query.requestedBy = caller.principal.id
        } else {
            // A station principal (the access policy admits no one else here).
            query.stationID = caller.principal.stationID ?? StationID(trusted: "-")
        }
    }
}
