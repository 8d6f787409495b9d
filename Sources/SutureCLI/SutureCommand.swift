public import ArgumentParser
import SutureProcurement
import SutureDelivery

/// `suture`: the one executable, with one subcommand per job.
public struct SutureCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "suture",
        abstract: "Suture: the integration hub for healthcare supply chains.",
        subcommands: [ServeCommand.self, ConfigCommand.self, ClientsCommand.self, BarcodeCommand.self, X12Command.self,
                      SimCommand.self, BenchCommand.self])

    public init() {}
}

/// The executable's entry point: parses the arguments and runs the command.
public enum SutureMain {
    public static func run() async {
        await SutureCommand.main()
    }
}
