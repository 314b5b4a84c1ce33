import ArgumentParser
import SQLDriver
import WSO2Catalog
import WSO2Migrator

/// `wso2db detect`: which WSO2 database this is, and which version.
struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tell which WSO2 database a live database is (am, shared, um or reg) and which API-M releases it matches.",
        discussion: """
            Names every release whose schema the database matches exactly (releases that ship one schema are \
            listed together), or else the nearest one and how many differences separate them.

            Exit status: 0 a known schema matches exactly; 1 recognised, with differences from the nearest known \
            schema (named); 2 nothing recognisable, or could not check. Nothing is changed.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let console = output.console()
        let detection = try reportingFailures(console) { () throws -> Detector.Detection? in
            let url = try connection.parsedURL(for: nil, console)
            let database = try console.open(url, for: .read)
            // An empty database is no WSO2 database yet: naming the schema it is "nearest" would mislead.
            guard try !DatabaseContents.read(on: database).isEmpty else {
                switch format {
                case .json: try printJSON(DetectJSON(nil))
                case .text: print(Self.emptyText(url: url))
                }
                return nil
            }
            let detection = try Detector.detect(on: database)
            switch format {
            case .json:
                try printJSON(DetectJSON(detection))
            case .text:
                print(Self.text(detection, url: url))
            }
            return detection
        }
        // An empty database is nothing recognisable either.
        guard let detection, detection.match != nil else { throw Exit.failed }
        if !detection.isExact { throw Exit.mismatch }
    }

    static func emptyText(url: DatabaseURL) -> String {
        "\(url) is empty: it holds no tables, so it is no WSO2 database yet; to create one: wso2db create am|shared --url …"
    }

    static func text(_ detection: Detector.Detection, url: DatabaseURL) -> String {
        guard let match = detection.match else {
            let nearest = detection.candidates.first.map {
                "; nearest: \($0.database.wso2Name) \($0.version) with \($0.tablesFound) of its \($0.tables) tables"
            } ?? ""
            return "no known WSO2 database: \(url) does not match any schema wso2db knows\(nearest)"
        }
        var text = "\(match.database.wso2Name) \(match.version)"
        if match.versions.count > 1 { text += " (the same schema as API-M \(match.versions.dropFirst().joined(separator: ", ")))" }
        text += ": \(match.differences) \(match.differences == 1 ? "difference" : "differences")"
        if match.differences > 0 { text += " from the nearest known schema" }
        for other in detection.exactMatches.dropFirst() {
            text += "\nit matches \(other.database.wso2Name) \(other.versions.joined(separator: ", ")) exactly as well"
        }
        if !detection.alsoPossible.isEmpty {
            text += "\nit could equally be \(detection.alsoPossible.map(\.wso2Name).joined(separator: " or ")): "
                + "one script made both, and its rows do not tell them apart"
        }
        if match.differences > 0 { text += "\nsee them with: wso2db drift \(match.database.rawValue) --version \(match.version) --url …" }
        return text
    }
}

/// `detect --format json`.
struct DetectJSON: Encodable {
    struct Candidate: Encodable {
        let database: String
        let version: String
        let versions: [String]
        /// Exact, or a lower bound when `counted` is false (too far off to compare object by object).
        let differences: Int
        let counted: Bool
    }

    @AlwaysPresent var database: String?
    @AlwaysPresent var version: String?
    @AlwaysPresent var differences: Int?
    /// Whether a known schema matches exactly (exit 0).
    let exact: Bool
    let versions: [String]
    let alsoPossible: [String]
    let candidates: [Candidate]
    /// The database holds no tables at all.
    let empty: Bool

    /// The document for `detection`, or for an empty database when `nil`.
    init(_ detection: Detector.Detection?) {
        empty = detection == nil
        database = detection?.match?.database.rawValue
        version = detection?.match?.version
        differences = detection?.match?.differences
        exact = detection?.isExact ?? false
        versions = detection?.match?.versions ?? []
        alsoPossible = detection?.alsoPossible.map(\.rawValue) ?? []
        candidates = (detection?.candidates ?? []).map {
            Candidate(
                database: $0.database.rawValue, version: $0.version, versions: $0.versions, differences: $0.differences,
                counted: $0.isCounted)
        }
    }
}
