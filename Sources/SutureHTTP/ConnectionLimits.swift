import HummingbirdCore
import NIOCore
import Synchronization

/// Keeps one address from holding more than `perAddress` connections at once (docs/
/// governance.md, "Slow and abusive clients"): a client that opens thousands of connections
/// and never finishes a request cannot use up the hub's file descriptors. Beyond the cap a
/// new connection is closed at once. With idle connections closed after `http.idleTimeout`,
/// a slow client's connections do not stay either.
final class ConnectionLimits: Sendable {
    let perAddress: Int
    private let open = Mutex<[String: Int]>([:])

    init(perAddress: Int) {
        self.perAddress = perAddress
    }

    /// Counts a new connection from `address`; false when the address is at its cap.
    func admit(_ address: String) -> Bool {
        open.withLock { open in
            let count = open[address, default: 0]
            guard count < perAddress else { return false }
            open[address] = count + 1
            return true
        }
    }

    func release(_ address: String) {
        open.withLock { open in
            let count = (open[address] ?? 1) - 1
            open[address] = count > 0 ? count : nil
        }
    }

    /// The handler each new connection gets, placed in its pipeline before it is active.
    func handler() -> Handler { Handler(limits: self) }

    final class Handler: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        typealias OutboundIn = NIOAny
        let limits: ConnectionLimits
        private var counted: String?

        init(limits: ConnectionLimits) {
            self.limits = limits
        }

        func channelActive(context: ChannelHandlerContext) {
            let address = context.remoteAddress?.ipAddress ?? "unknown"
            guard limits.admit(address) else {
                context.close(promise: nil)
                return
            }
            counted = address
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            if let counted { limits.release(counted) }
            counted = nil
            context.fireChannelInactive()
        }
    }
}
