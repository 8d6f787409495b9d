/// Thrown by a handler after it closed the connection on purpose (down, `close` mode), so
/// that Hummingbird writes nothing; its attempt to answer fails on the closed channel.
struct ERPConnectionDropped: Error {}
