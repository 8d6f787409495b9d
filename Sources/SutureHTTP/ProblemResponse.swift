import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SutureEngine
import SutureFHIR
import SutureModel
import SutureStore
import SutureDelivery
import SutureProcurement

/// Turns any error thrown while handling a request into a problem+json response.
///
/// This is the one place where errors become HTTP: handlers throw `Problem` for what
/// they know, and everything else is mapped here so a bug still answers in the same shape.
enum ProblemResponse {
    static func from(_ error: any Error, correlationID: CorrelationID, logger: Logger, fhir: Bool = false) -> Response {
        response(for: problem(from: error, correlationID: correlationID, logger: logger), correlationID: correlationID, fhir: fhir)
    }

    static func problem(from error: any Error, correlationID: CorrelationID, logger: Logger) -> Problem {
        let problem: Problem
        switch error {
        case let known as Problem:
            problem = known
        case let field as JSONFieldError:
            problem = Problem(field)
        case let store as StoreError:
            switch store {
            case .conflict(let detail), .staleVersion(let detail): problem = Problem(.conflict, detail)
            case .unavailable, .corrupt, .invalidURL:
                logger.error("store failure: \(store)")
                problem = Problem(.storeUnavailable, "the store could not serve the request; try again shortly")
            }
        case let masterData as MasterDataError:
            switch masterData {
            case .invalidReference: problem = Problem(.invalidReference, masterData.description)
            case .notFound(let detail): problem = Problem(.notFound, detail)
            case .inUse(let detail): problem = Problem(.conflict, detail)
            }
        case let failure as EventNormalizer.Failure:
            problem = Problem(.invalidReference, failure.summary)
        case let order as OrderError:
            switch order {
            case .notFound(let detail): problem = Problem(.notFound, detail)
            case .notAllowed(let detail): problem = Problem(.conflict, detail)
            }
        case let client as ClientAdministrationError:
            switch client {
            case .invalid(let detail): problem = Problem(.invalidField, detail)
            case .notFound(let detail): problem = Problem(.notFound, detail)
            case .conflict(let detail): problem = Problem(.conflict, detail)
            }
        case is NIOTooManyBytesError:
            problem = Problem(.payloadTooLarge, "the body is larger than the limit of this server (http.maxBodyBytes)")
        case let http as HTTPError:
            switch http.status {
            case .notFound: problem = Problem(.notFound, "no resource at this path; see /openapi.yaml for the API")
            case .methodNotAllowed: problem = Problem(.methodNotAllowed, "this path does not accept that method")
            case .contentTooLarge: problem = Problem(.payloadTooLarge, "the body is larger than the limit of this server (http.maxBodyBytes)")
            default:
                problem = Problem(.invalidField, http.body ?? "the request could not be processed")
            }
        default:
            logger.error("unexpected error: \(String(reflecting: error))")
            problem = Problem(.internalError, "an unexpected error occurred; it has been logged under correlation id \(correlationID)")
        }
        return problem
    }

    /// The problem as `application/problem+json`, or on the FHIR edge (`fhir`) as an OperationOutcome.
    static func response(for problem: Problem, correlationID: CorrelationID, fhir: Bool = false) -> Response {
        var headers = problem.headers
        if fhir {
            headers[.contentType] = FHIR.mediaType
            let body = FHIRRoutes.outcome(problem).json.serialized()
            return Response(status: problem.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        headers[.contentType] = "application/problem+json"
        let body = problem.json(correlationID: correlationID).serialized()
        return Response(status: problem.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
