import ArgumentParser
import Foundation
import SutureConfig
import SutureProcurement
import SutureDelivery

/// `suture config ...`: check a configuration file, print the reference.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check configuration files and print the configuration reference.",
        subcommands: [Check.self, Reference.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file: prints each problem with its key path and line; exit 1 if any.")

        @Argument(help: "The configuration file (YAML).")
        var file: String

        func run() async throws {
            do {
                let configuration = try SutureConfiguration.load(file: file)
                for warning in configuration.warnings {
                    FileHandle.standardError.write(Data("\(file): warning: \(warning)\n".utf8))
                }
                let warnings = configuration.warnings.isEmpty ? "" : ", \(configuration.warnings.count) warning\(configuration.warnings.count == 1 ? "" : "s")"
                print("\(file): OK (\(configuration.systems.count) systems, \(configuration.routes.count) routes, \(configuration.clients.count) clients\(warnings))")
            } catch {
                for problem in error.problems {
                    FileHandle.standardError.write(Data("\(file): \(problem)\n".utf8))
                }
                throw ExitCode(1)
            }
        }
    }

    struct Reference: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the configuration reference (Markdown), generated from the declared keys.")

        func run() async throws {
            print(ConfigReference.markdown(), terminator: "")
        }
    }
}
