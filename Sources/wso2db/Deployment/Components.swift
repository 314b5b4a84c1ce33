import Foundation
import ArgumentParser
import WSO2Deployment

// The library's `init?(argument:)` (`2.x`, `4.x`, `4.7.0` …) is the parser's.
extension DeploymentLayout: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// `wso2db components`: WSO2's deployment matrix, which component uses which database.
struct Components: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print which API-M component uses which database, as WSO2 documents it.",
        discussion: "Without --layout, both layouts: 2.x (five databases) and 3.x/4.x (WSO2_AM_DB and WSO2_SHARED_DB)."
    )

    @Option(help: "The layout: 2.x or 4.x (3.x has the 4.x layout).")
    var layout: DeploymentLayout?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var output: OutputOptions

    func run() throws {
        let layouts = layout.map { [$0] } ?? DeploymentLayout.allCases
        switch format {
        case .json: try printJSON(ComponentsJSON(layouts: layouts.map(ComponentsJSON.Layout.init)))
        case .text: print(layouts.map(Self.text).joined(separator: "\n"), terminator: "")
        }
    }

    /// The matrix of one layout as a table.
    static func text(_ layout: DeploymentLayout) -> String {
        let databases = DeploymentMatrix.databases(of: layout)
        var rows = [["COMPONENT"] + databases.map(\.wso2Name)]
        for component in DeploymentComponent.allCases {
            rows.append(
                [component.title(in: layout)]
                    + databases.map { DeploymentMatrix.use(of: $0, by: component, in: layout)?.words ?? "not used" })
        }
        var widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        widths[widths.count - 1] = 0
        var text = "\(layout.title): which component uses which database (WSO2's deployment matrix)\n"
        for row in rows {
            text += zip(row, widths).map { cell, width in cell.padding(toLength: max(width, cell.count) + 2, withPad: " ", startingAt: 0) }
                .joined().trimmingCharacters(in: .whitespaces) + "\n"
        }
        text += "each node's own, never on a shared RDBMS: \(DeploymentMatrix.localDatabases(of: layout).joined(separator: ", "))\n"
        text += "profiles: " + DeploymentComponent.allCases.map { "\($0.title(in: layout)) \($0.profiles(in: layout).joined(separator: "/"))" }
            .joined(separator: ", ") + "\n"
        return text
    }
}

/// `components --format json`.
struct ComponentsJSON: Encodable {
    struct Layout: Encodable {
        struct Component: Encodable {
            let component: String
            let title: String
            let profiles: [String]
            let uses: [Use]
        }

        struct Use: Encodable {
            let database: String
            let use: String
            let words: String
        }

        let layout: String
        let title: String
        let databases: [String]
        let components: [Component]
        let localDatabases: [String]

        init(_ layout: DeploymentLayout) {
            self.layout = layout.rawValue
            title = layout.title
            let databases = DeploymentMatrix.databases(of: layout)
            self.databases = databases.map(\.wso2Name)
            components = DeploymentComponent.allCases.map { component in
                Component(
                    component: component.rawValue, title: component.title(in: layout), profiles: component.profiles(in: layout),
                    uses: databases.map { database in
                        let use = DeploymentMatrix.use(of: database, by: component, in: layout)
                        return Use(database: database.wso2Name, use: use?.code ?? "not-used", words: use?.words ?? "not used")
                    })
            }
            localDatabases = DeploymentMatrix.localDatabases(of: layout)
        }
    }

    let layouts: [Layout]
}
