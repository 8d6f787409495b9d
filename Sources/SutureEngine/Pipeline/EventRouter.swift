public import SutureConfig
public import SutureModel
import SutureProcurement
import SutureDelivery

/// Which systems a canonical event or business document goes to, by the configuration's routes.
public enum EventRouter {
    public static func destinations(for event: CanonicalInventoryEvent, routes: [RouteSettings]) -> [String] {
        destinations(type: event.type.rawValue, source: event.source, routes: routes)
    }

    /// Where documents of a route type (`purchase-order`, `invoice`, `item.changed`) go. When no
    /// route names the type, orders and invoices go to every `erp-http` system (order status
    /// and AP invoices are part of the ERP profile, and an ERP that tracks orders expects
    /// them); with `namedOnly` (master-data changes) only routes naming the type send it.
    public static func destinations(forDocument type: String, routes: [RouteSettings], systems: [SystemSettings], namedOnly: Bool = false) -> [String] {
        let named = routes.contains { $0.types?.contains(type) == true }
        if namedOnly {
            var destinations: [String] = []
            for route in routes where route.types?.contains(type) == true {
                for destination in route.to where !destinations.contains(destination) { destinations.append(destination) }
            }
            return destinations
        }
        guard named else {
            var destinations = systems.filter { $0.kind == .erpHTTP }.map(\.name)
            for route in routes where route.types == nil && route.sources == nil {
                for destination in route.to where !destinations.contains(destination) { destinations.append(destination) }
            }
            return destinations
        }
        return destinations(type: type, source: nil, routes: routes)
    }

    static func destinations(type: String, source: String?, routes: [RouteSettings]) -> [String] {
        var destinations: [String] = []
        for route in routes {
            if let types = route.types, !types.contains(type) { continue }
            if let sources = route.sources, !(source.map(sources.contains) ?? false) { continue }
            for destination in route.to where !destinations.contains(destination) { destinations.append(destination) }
        }
        return destinations
    }
}
