public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
public import SutureDelivery
import SutureProcurement

/// Makes one HTTP call for a delivery and classifies the answer; shared by every connector.
public struct HTTPDeliveryClient: Sendable {
    let client: HTTPClient
    /// The most of an answer's body kept for the timeline and exceptions.
    static let keptBodyBytes = 4096

    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    public func call(method: String, url: String, headers: [(String, String)], body: String, timeout: Duration) async -> (outcome: DeliveryOutcome, detail: String) {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let milliseconds = Int64(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        do {
            let response = try await client.execute(request, timeout: .milliseconds(milliseconds))
            let buffer = try await response.body.collect(upTo: 1 << 20)
            let text = String(decoding: buffer.readableBytesView.prefix(Self.keptBodyBytes), as: UTF8.self)
            let status = Int(response.status.code)
            if (200...299).contains(status) { return (.success(status: status), text) }
            let retryAfter = response.headers.first(name: "Retry-After").flatMap { RetryAfter.parse($0, now: Date()) }
            return (.httpStatus(status, retryAfter: retryAfter), text)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return (.timeout, "no answer within \(timeout)")
        } catch {
            return (.connectionFailed, "\(error)")
        }
    }
}
