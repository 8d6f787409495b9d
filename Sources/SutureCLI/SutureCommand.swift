public import ArgumentParser
import SutureProcurement
import SutureDelivery

/// `suture`: the one executable, with one subcommand per job.
public struct SutureCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "suture",
        abstract: "Suture: the integration hub for healthcare supply chains.",
        version: "suture \(SutureVersion.number) (commit \(buildCommit))",
        subcommands: [ServeCommand.self, DemoCommand.self, ConfigCommand.self, ClientsCommand.self, AuditCommand.self, PruneCommand.self, ItemsCommand.self, BarcodeCommand.self, X12Command.self,
                      SimCommand.self, BenchCommand.self])

    public init() {}
}

/// The release of the source; the commit comes from the build (`BuildInfoPlugin`).
public enum SutureVersion {
    public static let number = "0.9.0"
}

/// The executable's entry point: parses the arguments and runs the command.
public enum SutureMain {
    public static func run() async {
        await SutureCommand.main()
    }
}
