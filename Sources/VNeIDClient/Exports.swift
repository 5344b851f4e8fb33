// The client's API speaks in the domain's types (Account, AccountStatus, Principal, Role…),
// so importing VNeIDClient brings them along.
@_exported import VNeIDCore
