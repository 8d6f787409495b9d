/// A command failure with a one-line message for standard error (and a non-zero exit).
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
