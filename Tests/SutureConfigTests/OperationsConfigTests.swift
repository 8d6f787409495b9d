import Foundation
import SutureConfig
import SutureModel
import Testing

/// The configuration of people's side: alert rules checked against the systems they name,
/// exception SLAs by type, the dashboard's and console's settings.
@Suite struct OperationsConfigTests {
    static let systems = """
        systems:
          erp: { kind: erp-http, url: "http://127.0.0.1:9100" }
          ops: { kind: webhook, url: "http://127.0.0.1:9200/alerts", secret: s3cret }

        """

    static func problems(_ yaml: String) -> [ConfigProblem] {
        do {
            _ = try SutureConfiguration.load(yaml: yaml, environment: [:])
            return []
        } catch {
            return error.problems
        }
    }

    @Test func aRuleLoadsWithItsMetricThresholdHoldAndRepeat() throws {
        let configuration = try SutureConfiguration.load(yaml: Self.systems + """
            alerts:
              - name: erp-backlog
                when: { metric: backlog, system: erp, above: 500, for: 5m }
                notify: [ops]
                repeat: 1h
              - name: gloves-unmapped
                when: { metric: openExceptions, type: unmapped-item, above: "0" }
                notify: [ops]
            exceptions:
              sla: { uom-mismatch: 2h }
            dashboard: { delayedReceiptAfter: 30m }
            """, environment: [:])
        let rules = configuration.operations.alerts
        #expect(rules.count == 2)
        #expect(rules[0] == AlertRule(name: "erp-backlog", metric: .backlog, system: "erp", comparison: .above(500), holdFor: .seconds(300),
                                      notify: ["ops"], repeatEvery: .seconds(3600)))
        #expect(rules[1].exceptionType == .unmappedItem)
        #expect(rules[1].holdFor == .zero)
        #expect(rules[1].repeatEvery == nil)
        #expect(configuration.operations.sla(.uomMismatch) == .seconds(7200))
        #expect(configuration.operations.sla(.unmappedItem) == .seconds(4 * 3600), "the default stands for types not named")
        #expect(configuration.operations.sla(.priceVariance) == .seconds(24 * 3600))
        #expect(configuration.operations.delayedReceiptAfter == .seconds(1800))
        #expect(configuration.operations.evaluateEvery == .seconds(10))
        #expect(configuration.operations.sessionTimeout == .seconds(8 * 3600))
    }

    @Test(arguments: [
        ("- { name: a, when: { metric: backlog, system: nowhere, above: 1 }, notify: [ops] }", "alerts[0].when.system", "no system named 'nowhere'"),
        ("- { name: a, when: { metric: backlog, system: erp, above: 1 }, notify: [erp] }", "alerts[0].notify[0]", "alerts are sent to webhook systems"),
        ("- { name: a, when: { metric: backlog, system: erp, above: 1, below: 2 }, notify: [ops] }", "alerts[0].when", "not both"),
        ("- { name: a, when: { metric: backlog, system: erp }, notify: [ops] }", "alerts[0].when", "needs `above` or `below`"),
        ("- { name: a, when: { metric: backlog, above: 1 }, notify: [ops] }", "alerts[0].when", "name it with `system`"),
        ("- { name: a, when: { metric: delayedReceipts, system: erp, above: 1 }, notify: [ops] }", "alerts[0].when.system", "whole hub"),
        ("- { name: a, when: { metric: backlog, system: erp, type: backorder, above: 1 }, notify: [ops] }", "alerts[0].when.type", "openExceptions only"),
        ("- { name: a, when: { metric: backlogs, system: erp, above: 1 }, notify: [ops] }", "alerts[0].when.metric", "backlog"),
        ("- { name: a, when: { metric: backlog, system: erp, above: 1 }, notify: [ops] }\n  - { name: a, when: { metric: backlog, system: erp, above: 2 }, notify: [ops] }",
         "alerts[1].name", "already named 'a'"),
    ])
    func aMistakenRuleIsReportedWithItsPath(rule: String, path: String, message: String) {
        let problems = Self.problems(Self.systems + "alerts:\n  " + rule)
        let problem = problems.first { $0.path == path }
        #expect(problem?.message.contains(message) == true, "\(problems)")
    }

    @Test func anSLAForATypeThatDoesNotExistIsAnError() {
        let problems = Self.problems("exceptions:\n  sla: { uom-missmatch: 2h }")
        #expect(problems.first?.path == "exceptions.sla.uom-missmatch")
        #expect(problems.first?.message.contains("did you mean 'uom-mismatch'") == true, "\(problems)")
    }
}
