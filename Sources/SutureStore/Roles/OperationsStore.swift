public import SutureModel

/// What people's side of the hub keeps: console sessions, the activity figures of the
/// dashboard, circuit states reported by every node, and the states of alert rules.
///
/// Every read here is an indexed aggregate or a small table, never a scan of history, so
/// the dashboard costs the same after a million events as after ten.
public protocol OperationsStore: Sendable {
    /// Stores a new console session.
    func createConsoleSession(_ session: ConsoleSessionRecord) async throws
    /// The session whose cookie hashes to `idHash`, if it has not expired at `now`.
    func consoleSession(idHash: String, now: Int64) async throws -> ConsoleSessionRecord?
    func deleteConsoleSession(idHash: String) async throws

    /// Adds a node's counts of one minute (summed with what is there).
    func recordActivity(_ counts: [ActivityCount]) async throws
    /// Records the circuit state one node's worker holds for a destination.
    func recordCircuitState(_ state: CircuitStateRecord) async throws

    /// The dashboard's figures as the store holds them at `query.now`.
    func operationsSnapshot(_ query: OperationsQuery) async throws -> OperationsSnapshot

    /// Every alert rule's last recorded state.
    func alertStates() async throws -> [AlertStateRecord]
    /// Moves a rule to `state` if its stored version is still `expectedVersion` (nil: no
    /// row yet) and commits `changes` (the notifications) with it; false when another node
    /// moved it first, so one transition sends one notification across nodes.
    func transitionAlert(_ state: AlertStateRecord, expectedVersion: Int?, changes: StoreChanges) async throws -> Bool
}
