/// A TA1 interchange acknowledgment: the answer about the envelope itself (ISA/IEA), before any group.
public struct X12InterchangeAcknowledgment: Hashable, Sendable {
    /// TA101-TA103: the acknowledged interchange's ISA13, ISA09 and ISA10.
    public var control: String
    public var date: String
    public var time: String
    /// TA104: `A` accepted, `E` accepted with errors, `R` rejected.
    public var status: String
    /// TA105: `000` no error, `001` control numbers differ, `021` group count wrong, `022` invalid
    /// control structure, `023` premature end of file, `024` invalid content...
    public var note: String

    public init(control: String, date: String, time: String, status: String, note: String) {
        self.control = control
        self.date = date
        self.time = time
        self.status = status
        self.note = note
    }
}
