public import Hummingbird
public import NIOCore

/// Per-request state of the simulator: Hummingbird's core storage and the connection,
/// which the simulator closes without an answer while it is down.
public struct ERPSimulatorRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
