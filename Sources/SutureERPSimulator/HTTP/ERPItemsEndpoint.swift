import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SutureModel

/// `GET /items?after=&limit=`: the ERP's item master, a page at a time in code order
/// (`{"items":[{"item","description","gtin"?,"unit","status"}],"next"}`), which Suture reads
/// for drift detection. The faults apply as to the postings: down, latency, rate limit,
/// random 503s; a refused read is counted (`ERPLedger.itemReads`).
struct ERPItemsEndpoint: Sendable {
    let configuration: ERPSimulatorConfiguration
    let ledger: ERPLedger
    let faults: ERPFaultInjector

    func respond(to request: Request, context: ERPSimulatorRequestContext) async throws -> Response {
        switch faults.arrive() {
        case .drop:
            await ledger.countItemRead(served: false)
            try? await context.channel.close().get()
            throw ERPConnectionDropped()
        case .unavailable(let retryAfter):
            await ledger.countItemRead(served: false)
            return ERPJSONResponse.make(ERPRejection(.serviceUnavailable, "UNAVAILABLE", "the ERP is down", retryAfterSeconds: retryAfter))
        case .proceed(let latency):
            if latency > .zero { try await Task.sleep(for: latency) }
        }
        switch faults.admit() {
        case .throttled(let retryAfter):
            await ledger.countItemRead(served: false)
            return ERPJSONResponse.make(ERPRejection(.tooManyRequests, "RATE_LIMITED", "over the ERP's rate limit; retry after \(retryAfter) s",
                                                     retryAfterSeconds: retryAfter))
        case .unavailable(let retryAfter):
            await ledger.countItemRead(served: false)
            return ERPJSONResponse.make(ERPRejection(.serviceUnavailable, "UNAVAILABLE", "the ERP is temporarily unavailable", retryAfterSeconds: retryAfter))
        case .admitted:
            break
        }
        if let token = configuration.token, request.headers[.authorization] != "Bearer \(token)" {
            await ledger.countItemRead(served: false)
            return ERPJSONResponse.make(ERPRejection(.unauthorized, "UNAUTHORIZED", "send Authorization: Bearer <token>"))
        }
        let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 1000, 1), 5000)
        let page = await ledger.items(after: request.uri.queryParameters.get("after").map { String($0) }, limit: limit)
        await ledger.countItemRead(served: true)
        return ERPJSONResponse.make(.ok, .object([("items", .array(page.items)), ("next", page.next.map(JSONValue.string) ?? .null)]))
    }
}
