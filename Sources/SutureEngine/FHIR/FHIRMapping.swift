public import Foundation
public import SutureModel
public import SutureFHIR
public import SutureProcurement

/// How Suture's records read as FHIR R5 resources (docs/fhir.md, "Mapping").
public enum FHIRMapping {
    /// A requisition's status as a SupplyRequest's: proposed is a draft, approved active,
    /// ordered completed (the request became a purchase order), rejected cancelled.
    public static func status(_ status: Requisition.Status) -> SupplyRequest.Status {
        switch status {
        case .proposed: .draft
        case .approved: .active
        case .ordered: .completed
        case .rejected: .cancelled
        }
    }

    /// The requisition statuses a SupplyRequest status stands for (`SupplyRequest?status=`).
    public static func statuses(_ status: SupplyRequest.Status) -> [Requisition.Status] {
        Requisition.Status.allCases.filter { Self.status($0) == status }
    }

    public static func supplyRequest(_ requisition: Requisition, version: Int, updatedAt: Int64) -> SupplyRequest.Written {
        SupplyRequest.Written(
            id: requisition.id, identifier: FHIRIdentifier(system: FHIR.requisitionSystem, value: requisition.id),
            status: status(requisition.status),
            item: FHIRItem(concept: FHIRCodeableConcept(codings: [FHIRCoding(system: FHIR.itemSystem, code: requisition.item.rawValue)]),
                           reference: FHIRReference(reference: "InventoryItem/\(FHIRID.encode(requisition.item.rawValue))")),
            quantity: .suture(requisition.quantity, requisition.unit.code), authoredOn: requisition.proposedAt,
            supplier: requisition.supplier?.rawValue, deliverTo: requisition.location.rawValue, lastUpdated: updatedAt, versionId: version)
    }

    /// An item of the master as an InventoryItem.
    public static func inventoryItem(_ item: Item, updatedAt: Int64?) -> JSONValue {
        let packaging = item.packaging
        var gtins: [InventoryItem.GTINIdentifier] = []
        if let gtin = item.gtin { gtins.append(.init(gtin: gtin.value, unit: nil)) }
        for level in packaging.levels {
            if let gtin = level.gtin { gtins.append(.init(gtin: gtin.value, unit: level.unit.code)) }
        }
        let packages = packaging.units.filter { $0 != packaging.baseUnit }.compactMap { unit in
            packaging.baseUnits(per: unit).map { (unit: unit.code, baseUnits: $0) }
        }
        return InventoryItem.json(id: item.id.rawValue, description: item.description, active: item.status == .active,
                                  baseUnit: packaging.baseUnit.code, gtins: gtins, unitsPerPackage: packages, lastUpdated: updatedAt)
    }
}
