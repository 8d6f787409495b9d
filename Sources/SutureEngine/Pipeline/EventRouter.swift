public import SutureConfig
public import SutureModel

/// Which systems a canonical event goes to, by the configuration's routes.
public enum EventRouter {
    public static func destinations(for event: CanonicalInventoryEvent, routes: [RouteSettings]) -> [String] {
        var destinations: [String] = []
        for route in routes {
            if let types = route.types, !types.contains(event.type.rawValue) { continue }
            if let sources = route.sources, !sources.contains(event.source) { continue }
            for destination in route.to where !destinations.contains(destination) { destinations.append(destination) }
        }
        return destinations
    }
}
