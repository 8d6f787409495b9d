/// How a reference ERP simulator starts: whom it lets in, which faults it injects, how
/// large a body it reads.
public struct ERPSimulatorConfiguration: Sendable {
    /// The bearer token the four ERP endpoints require; nil lets every request in.
    public var token: String?
    /// The faults in force at start; `PUT /_sim/faults` changes them while it runs.
    public var faults: ERPFaults
    /// Larger bodies are answered 413.
    public var maxBodyBytes: Int

    public init(token: String? = nil, faults: ERPFaults = .none, maxBodyBytes: Int = 1_048_576) {
        self.token = token
        self.faults = faults
        self.maxBodyBytes = maxBodyBytes
    }
}
