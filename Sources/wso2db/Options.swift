import ArgumentParser
import SQLDriver
import WSO2Catalog

extension WSO2Database: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argumentName: argument)
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// The database kind and the API-M version whose schema is meant.
struct SchemaOptions: ParsableArguments {
    @Argument(help: "The database: am, shared, um or reg (aliases such as WSO2_SHARED_DB work too).")
    var database: WSO2Database

    @Option(name: .customLong("version"), help: "The API-M version (default: the newest known for the database).")
    var productVersion: String?
}

/// Where the database is.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The database URL: postgres://…, jdbc:postgresql://… or sqlite:PATH.")
    var url: String

    func parsedURL() throws -> DatabaseURL {
        try DatabaseURL(parsing: url)
    }
}
