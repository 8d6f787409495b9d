/// One GS1 element: an Application Identifier and its data, exactly as read.
public struct GS1Element: Hashable, Sendable, CustomStringConvertible {
    /// The AI digits, such as `"17"`.
    public let ai: String
    /// The data as read, with no check applied (a faulty element is still listed).
    public let value: String

    public init(ai: String, value: String) {
        self.ai = ai
        self.value = value
    }

    /// The GS1 human-readable form, `(17)261231`.
    public var description: String { "(\(ai))\(value)" }
}
