import VNeIDCore

/// Which orders a caller may read: all of them for auditors and the registry; all but the
/// lock requests sent to other units for a Police approver; its own for a requester; its
/// station's for a station commander or deputy.
struct OrderVisibility {
    let caller: Caller

    init(_ caller: Caller) { self.caller = caller }

    private var seesAll: Bool { !caller.principal.roles.isDisjoint(with: [.auditor, .registry]) }

    /// For a Police approver, the unit whose lock requests it sees.
    private var policeUnit: PoliceUnitID? {
        caller.principal.roles.contains(.policeApprover) ? caller.principal.policeUnit ?? PoliceUnitID(trusted: "-") : nil
    }

    func allows(_ order: Order) -> Bool {
        if seesAll { return true }
        if let unit = policeUnit, order.policeUnit == nil || order.policeUnit == unit { return true }
        if caller.principal.roles.contains(.requester), order.requestedBy.principalID == caller.principal.id { return true }
        if let station = caller.principal.stationID, order.stationID == station { return true }
        return false
    }

    func restrict(_ query: inout OrderQuery) {
        guard !seesAll else { return }
        if let unit = policeUnit {
            query.visibleToPoliceUnit = unit
        } else if caller.principal.roles.contains(.requester) {
            query.requestedBy = caller.principal.id
        } else {
            // A station principal (the access policy admits no one else here).
            query.stationID = caller.principal.stationID ?? StationID(trusted: "-")
        }
    }
}
