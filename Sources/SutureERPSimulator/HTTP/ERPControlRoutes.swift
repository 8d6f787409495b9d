import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SutureModel

/// The simulator's own control endpoints under `/_sim` (no authentication): read the
/// ledger, reset it, and change the faults while it runs.
///
/// | method and path | answer |
/// |---|---|
/// | `GET /_sim/health` | `{"status":"ok"}`, also while down |
/// | `GET /_sim/ledger?after=N` | `{"postings":[...]}` in order (after sequence N) |
/// | `GET /_sim/ledger/summary` | ``ERPLedgerSummary`` |
/// | `GET /_sim/rate` | `{"peakRequestsPerSecond","requestsPerSecond":[{"second","requests"}]}` |
/// | `POST /_sim/reset` | forgets postings and counts (faults stay) |
/// | `GET`, `PUT /_sim/faults` | the faults; `PUT` changes the members it sends (see ``ERPFaults/applying(_:)``) |
/// | `POST /_sim/down` | down; optional `{"downFor":seconds,"downMode":"close"\|"503"}` or `?downFor=` |
/// | `POST /_sim/up` | up again |
struct ERPControlRoutes: Sendable {
    let ledger: ERPLedger
    let faults: ERPFaultInjector
    let maxBodyBytes: Int

    func register(on router: Router<ERPSimulatorRequestContext>) {
        router.get("_sim/health") { _, _ in ERPJSONResponse.make(.ok, .object([("status", .string("ok"))])) }
        router.get("_sim/ledger") { request, _ in
            let after = request.uri.queryParameters.get("after", as: Int.self) ?? 0
            let postings = await ledger.postings(after: after)
            return ERPJSONResponse.make(.ok, .object([("postings", .array(postings.map(\.json)))]))
        }
        router.get("_sim/ledger/summary") { _, _ in ERPJSONResponse.make(.ok, await ledger.summary().json) }
        router.get("_sim/rate") { _, _ in
            let summary = await ledger.summary()
            return ERPJSONResponse.make(.ok, .object([
                ("peakRequestsPerSecond", .integer(summary.peakRequestsPerSecond)),
                ("requestsPerSecond", summary.json["requestsPerSecond"] ?? .array([])),
            ]))
        }
        router.post("_sim/reset") { _, _ in
            await ledger.reset()
            return ERPJSONResponse.make(.ok, .object([("status", .string("reset"))]))
        }
        router.get("_sim/faults") { _, _ in ERPJSONResponse.make(.ok, faults.faults.json) }
        router.put("_sim/faults") { request, _ in
            try await change(request) { body throws(ERPFaultsError) in try faults.apply(body ?? .object([])) }
        }
        router.post("_sim/down") { request, _ in
            try await change(request) { body throws(ERPFaultsError) in
                // The same members as in /_sim/faults, read the same way; the query overrides the body.
                var change = ERPFaults.none
                if let body {
                    guard case .object(let members) = body, members.allSatisfy({ $0.0 == "downFor" || $0.0 == "downMode" }) else {
                        throw ERPFaultsError("the body of /_sim/down may have downFor (seconds) and downMode only")
                    }
                    change = try change.applying(body)
                }
                if let seconds = request.uri.queryParameters.get("downFor") {
                    change = try change.applying(.object([("downFor", .number(seconds))]))
                }
                let mode = body?["downMode"] == nil ? nil : change.downMode
                return try faults.goDown(for: change.downFor, mode: mode)
            }
        }
        router.post("_sim/up") { _, _ in
            ERPJSONResponse.make(.ok, faults.comeUp().json)
        }
    }

    /// Reads an optional JSON body, applies it with `apply`, and answers the faults in
    /// force, or 400 `INVALID_FAULTS` saying what is wrong.
    private func change(
        _ request: Request, _ apply: (JSONValue?) throws(ERPFaultsError) -> ERPFaults
    ) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: maxBodyBytes)
        do {
            let body = buffer.readableBytes == 0 ? nil : try JSONValue.parse(buffer.readableBytesView)
            return ERPJSONResponse.make(.ok, try apply(body).json)
        } catch let error as ERPFaultsError {
            return ERPJSONResponse.make(ERPRejection(.badRequest, "INVALID_FAULTS", error.message))
        } catch {
            return ERPJSONResponse.make(ERPRejection(.badRequest, "INVALID_FAULTS", "the body is not valid JSON: \(error)"))
        }
    }
}
