import ArgumentParser
import Foundation
import SQLDriver
import WSO2Schema

/// How a reporting command prints its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Lines for a person.
    case text
    /// One JSON document on stdout.
    case json
}

/// Prints one value as a JSON document on stdout (keys sorted, so that output is stable).
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(Secrets.scrub(String(decoding: try encoder.encode(value), as: UTF8.self)))
}

/// An optional that JSON writes as `null` instead of leaving its key out, so that every document
/// of one kind has the same keys and a script can read them without asking first.
@propertyWrapper
struct AlwaysPresent<Value: Encodable>: Encodable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

/// A difference as the JSON output names it.
struct DifferenceJSON: Encodable {
    struct Change: Encodable {
        let aspect: String
        let expected: String
        let actual: String
    }

    let kind: String
    let type: String
    @AlwaysPresent var table: String?
    let name: String
    let object: String
    let changes: [Change]

    init(_ difference: SchemaDifference) {
        kind = difference.kind.rawValue
        type = difference.element.kind
        table = difference.tableName
        if case .column(let column) = difference.element {
            name = column.name.wso2Spelling
        } else {
            name = difference.element.name(in: difference.table)
        }
        object = difference.object
        changes = difference.changes.map { Change(aspect: $0.aspect.rawValue, expected: $0.expected, actual: $0.actual) }
    }
}
