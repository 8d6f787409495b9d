import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SutureModel

/// One of the four posting endpoints of the reference ERP profile, and the steps every
/// request to it goes through:
///
/// 1. down? close the connection, or answer 503;
/// 2. wait the injected latency;
/// 3. over the rate limit? 429 with `Retry-After`; in the random share? 503;
/// 4. bearer token (401), `Idempotency-Key` (400), body valid for the profile (400);
/// 5. the ledger: a known key answers 200 (same body) or 409 (other body); otherwise the
///    business rules may refuse (422 `UNKNOWN_ITEM`, 422 `UOM_MISMATCH`, 409 `PO_CLOSED`),
///    and if they do not, the document is posted: 201 `{"id","status":"posted"}`.
///
/// Only step 5 posts, so nothing that was refused, throttled or failed leaves a posting.
struct ERPPostingEndpoint: Sendable {
    let kind: ERPPostingKind
    let configuration: ERPSimulatorConfiguration
    let ledger: ERPLedger
    let faults: ERPFaultInjector

    func respond(to request: Request, context: ERPSimulatorRequestContext) async throws -> Response {
        let arrivedAt = Date()
        let traceparent = request.headers[.traceparent]
        switch faults.arrive() {
        case .drop:
            await ledger.record(.dropped, arrivedAt: arrivedAt, traceparent: traceparent)
            try? await context.channel.close().get()
            throw ERPConnectionDropped()
        case .unavailable(let retryAfter):
            let rejection = ERPRejection(.serviceUnavailable, "UNAVAILABLE", "the ERP is down", retryAfterSeconds: retryAfter)
            await ledger.record(.failed, arrivedAt: arrivedAt, traceparent: traceparent)
            return ERPJSONResponse.make(rejection)
        case .proceed(let latency):
            if latency > .zero { try await Task.sleep(for: latency) }
        }
        do {
            return try await process(request, context: context, arrivedAt: arrivedAt, traceparent: traceparent)
        } catch let rejection as ERPRejection {
            await ledger.record(rejection.outcome, arrivedAt: arrivedAt, traceparent: traceparent)
            return ERPJSONResponse.make(rejection)
        }
    }

    private func process(
        _ request: Request, context: ERPSimulatorRequestContext, arrivedAt: Date, traceparent: String?
    ) async throws -> Response {
        let rules: ERPBusinessRules
        switch faults.admit() {
        case .throttled(let retryAfter):
            throw ERPRejection(.tooManyRequests, "RATE_LIMITED",
                               "over the ERP's rate limit; retry after \(retryAfter) s", retryAfterSeconds: retryAfter)
        case .unavailable(let retryAfter):
            throw ERPRejection(.serviceUnavailable, "UNAVAILABLE", "the ERP is temporarily unavailable",
                               retryAfterSeconds: retryAfter)
        case .admitted(let admitted):
            rules = admitted
        }
        try authorize(request)
        guard let idempotencyKey = request.headers[.idempotencyKey], !idempotencyKey.allSatisfy(\.isWhitespace) else {
            throw ERPRejection.invalid("the Idempotency-Key header is required")
        }
        let body = try await readBody(request)
        let posting: ERPPostingRequest = switch kind {
        case .receipt: try ERPRequestValidator.receipt(body)
        case .inventoryTransaction: try ERPRequestValidator.inventoryTransaction(body)
        case .apInvoice: try ERPRequestValidator.apInvoice(body)
        case .purchaseOrderStatus:
            try ERPRequestValidator.purchaseOrderStatus(number: context.parameters.get("number") ?? "", body)
        case .item:
            try ERPRequestValidator.item(code: context.parameters.get("code") ?? "", body)
        }
        let result = await ledger.post(
            posting, rules: rules, idempotencyKey: idempotencyKey, method: request.method.rawValue,
            path: request.uri.path, body: body, traceparent: traceparent, arrivedAt: arrivedAt)
        switch result {
        case .posted(let entry): return ERPJSONResponse.make(.created, entry.answer)
        case .replayed(let entry): return ERPJSONResponse.make(.ok, entry.answer)
        case .rejected(let rejection): return ERPJSONResponse.make(rejection)
        }
    }

    private func authorize(_ request: Request) throws(ERPRejection) {
        guard let token = configuration.token else { return }
        let header = request.headers[.authorization] ?? ""
        let scheme = header.prefix(7)
        guard scheme.lowercased() == "bearer ", header.dropFirst(7) == token else {
            throw ERPRejection(.unauthorized, "UNAUTHORIZED",
                               header.isEmpty ? "send Authorization: Bearer <token>" : "the bearer token is not valid")
        }
    }

    private func readBody(_ request: Request) async throws -> JSONValue {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: configuration.maxBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw ERPRejection(.contentTooLarge, "INVALID_REQUEST",
                               "the body is larger than \(configuration.maxBodyBytes) bytes")
        }
        do {
            return try JSONValue.parse(buffer.readableBytesView)
        } catch {
            throw ERPRejection.invalid("the body is not valid JSON: \(error)")
        }
    }
}
