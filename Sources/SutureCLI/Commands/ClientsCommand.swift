import ArgumentParser
import Foundation
import SutureConfig
import SutureEngine
import SutureModel
import SutureStore
import SutureDelivery
import SutureProcurement

/// `suture clients ...`: API clients kept in the store (docs/governance.md, "Clients").
struct ClientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients",
        abstract: "Manage API clients kept in the store: add, list, revoke, rotate, update.",
        subcommands: [Add.self, List.self, Revoke.self, Rotate.self, Update.self])

    /// `--rate N [--burst N]`: a client's own quota.
    struct QuotaOptions: ParsableArguments {
        @Option(name: .long, help: "The client's own quota in requests per second (default: the hub's http.clientRateLimit).")
        var rate: Int?

        @Option(name: .long, help: "Requests allowed at once above --rate (default: --rate).")
        var burst: Int?

        var rateLimit: ClientRecord.RateLimit? {
            rate.map { ClientRecord.RateLimit(perSecond: $0, burst: burst ?? $0) }
        }

        func validate() throws {
            if burst != nil && rate == nil { throw ValidationError("--burst needs --rate") }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a client and print its token once, alone on the last line (only its SHA-256 is stored).")

        @Argument(help: "The client's name (unique): letters, digits, '-', '_' or '.'.")
        var name: String

        @Option(name: .customLong("scope"), help: "A scope the client gets; repeat for several (\(ConfigSpec.scopes.joined(separator: ", "))).")
        var scopes: [String] = []

        @OptionGroup var quota: QuotaOptions
        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            do { try ClientAdministration.check(name: name, scopes: scopes, rateLimit: quota.rateLimit) } catch {
                throw ValidationError("\(error)")
            }
        }

        func run() async throws {
            let (administration, store) = try await storeOptions.clientAdministration()
            let token: String
            do {
                token = try await administration.add(name: name, scopes: scopes, rateLimit: quota.rateLimit, actor: CommandActor.name)
            } catch {
                await store.close()
                throw CLIError("cannot add client '\(name)': \(error)")
            }
            await store.close()
            print("Created client '\(name)' with scopes \(scopes.joined(separator: " ")) in \(store.location).")
            print("Its token follows; it is shown only this once:")
            print(token)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the clients (from the store and the configuration), never their tokens.")

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let (administration, store) = try await storeOptions.clientAdministration()
            let listings: [ClientAdministration.Listing]
            do { listings = try await administration.list() } catch {
                await store.close()
                throw CLIError("cannot list the clients in \(store.location): \(error)")
            }
            await store.close()
            let rows = listings.map { listing -> [String] in
                let record = listing.record
                let state = record.revokedAt.map { "revoked \(WallClock.timestamp(milliseconds: $0))" }
                    ?? record.previousValidUntil.flatMap { $0 > WallClock.nowMilliseconds() ? "rotating until \(WallClock.timestamp(milliseconds: $0))" : nil }
                    ?? "active"
                return [record.name, listing.source, state, record.scopes.joined(separator: " "),
                        record.rateLimit.map { "\($0.perSecond)/s burst \($0.burst)" } ?? "default",
                        record.lastUsedAt.map { WallClock.timestamp(milliseconds: $0) } ?? "never"]
            }
            let header = ["NAME", "SOURCE", "STATE", "SCOPES", "QUOTA", "LAST USED"]
            let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            for row in [header] + rows {
                print(row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a client: its next request gets 401, on every node, and its console sessions end.")

        @Argument(help: "The client's name.")
        var name: String

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let (administration, store) = try await storeOptions.clientAdministration()
            do { try await administration.revoke(name: name, actor: CommandActor.name) } catch {
                await store.close()
                throw CLIError("cannot revoke client '\(name)': \(error)")
            }
            await store.close()
            print("Revoked client '\(name)' in \(store.location).")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a client a new token, printed once on the last line; the old one works until the grace ends.")

        @Argument(help: "The client's name.")
        var name: String

        @Option(name: .long, help: "How long the old token keeps working (e.g. 30m, 24h; 0s ends it at once).")
        var grace: String = "24h"

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard ConfigDuration.parse(grace) != nil || grace == "0s" || grace == "0" else {
                throw ValidationError("--grace '\(grace)' is not a duration such as 30m or 24h")
            }
        }

        func run() async throws {
            let duration = ConfigDuration.parse(grace) ?? .zero
            let (administration, store) = try await storeOptions.clientAdministration()
            let rotated: (token: String, previousValidUntil: Int64)
            do { rotated = try await administration.rotate(name: name, grace: duration, actor: CommandActor.name) } catch {
                await store.close()
                throw CLIError("cannot rotate the token of client '\(name)': \(error)")
            }
            await store.close()
            print("Rotated the token of client '\(name)' in \(store.location); the old token works until \(WallClock.timestamp(milliseconds: rotated.previousValidUntil)).")
            print("The new token follows; it is shown only this once:")
            print(rotated.token)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a client's scopes and quota, keeping its token; its console sessions end.")

        @Argument(help: "The client's name.")
        var name: String

        @Option(name: .customLong("scope"), help: "A scope the client gets (all it had are replaced); repeat for several.")
        var scopes: [String] = []

        @OptionGroup var quota: QuotaOptions
        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            do { try ClientAdministration.check(name: name, scopes: scopes, rateLimit: quota.rateLimit) } catch {
                throw ValidationError("\(error)")
            }
        }

        func run() async throws {
            let (administration, store) = try await storeOptions.clientAdministration()
            do { _ = try await administration.update(name: name, scopes: scopes, rateLimit: quota.rateLimit, actor: CommandActor.name) } catch {
                await store.close()
                throw CLIError("cannot update client '\(name)': \(error)")
            }
            await store.close()
            print("Client '\(name)' now has scopes \(scopes.joined(separator: " ")) and \(quota.rateLimit.map { "a quota of \($0.perSecond)/s" } ?? "the default quota").")
        }
    }
}

/// How the audit log names a person at the command line: `cli:<login name>`.
enum CommandActor {
    static var name: String {
        let user = ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"]
            ?? ProcessInfo.processInfo.userName
        return "cli:" + (user.isEmpty ? "unknown" : user)
    }
}

extension StoreOptions {
    /// The client administration over the store these options name, with the configured clients.
    func clientAdministration() async throws -> (ClientAdministration, any Store) {
        let configuration = try loadConfiguration()
        let store = try await openStore(configuration)
        return (ClientAdministration(store: store, configured: configuration.clients), store)
    }
}
