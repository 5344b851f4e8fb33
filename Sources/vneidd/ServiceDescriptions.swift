/// What swift-service-lifecycle logs (at debug level) for each of the daemon's services:
/// their names only. Its default is every stored property, which would put keys' public
/// halves, the access policy and the calendar in the log, and whatever a service holds
/// tomorrow; a name says what starts and stops without that risk.
extension StoreService: CustomStringConvertible { var description: String { "StoreService" } }
extension HistoryRecorderService: CustomStringConvertible { var description: String { "HistoryRecorderService" } }
extension TrustStoreReloader: CustomStringConvertible { var description: String { "TrustStoreReloader" } }
extension DeadlineMonitor: CustomStringConvertible { var description: String { "DeadlineMonitor" } }
extension AuditHeadPublisher: CustomStringConvertible { var description: String { "AuditHeadPublisher" } }
extension RuntimeSampler: CustomStringConvertible { var description: String { "RuntimeSampler" } }
extension HistoryPruner: CustomStringConvertible { var description: String { "HistoryPruner" } }
extension StoreHealthService: CustomStringConvertible { var description: String { "StoreHealthService" } }
extension ShutdownStarter: CustomStringConvertible { var description: String { "ShutdownStarter" } }
