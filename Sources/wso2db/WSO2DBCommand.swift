import AllDrivers
import ArgumentParser
import CommandLineSupport
import Foundation
import Logging
import SQLDriver

/// `wso2db`: create, check and migrate the databases of WSO2 API Manager.
@main
struct WSO2DBCommand: ParsableCommand {
    static let toolVersion = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "wso2db",
        abstract: "Create, check and migrate the databases of WSO2 API Manager (PostgreSQL and SQLite).",
        // Paragraphs are single lines (`\` continues a source line), so that help re-wraps them to the terminal.
        discussion: """
            Databases: am (apimgt, WSO2_AM_DB), shared (WSO2_SHARED_DB), um (WSO2UM_DB), reg (WSO2REG_DB).

            URLs: postgres://USER@HOST:PORT/DB (any libpq parameter; password also from PGPASSWORD or ~/.pgpass), \
            jdbc:postgresql://HOST:PORT/DB as in WSO2's configuration, or sqlite:PATH.

            Exit status: 0 done, 1 drift or mismatch found, 2 could not do it, 64 usage error.

            `wso2db --version` prints the version of wso2db. Shell completion: \
            `wso2db --generate-completion-script bash|zsh|fish`.
            """,
        subcommands: [
            Create.self, DDL.self, Drift.self, Detect.self, Migrate.self, Status.self, MergeLegacyCommand.self, Components.self,
            Grants.self, CheckDeployment.self, UpgradeCommand.self,
        ]
    )

    /// `wso2db --version` is answered here rather than through `CommandConfiguration.version`:
    /// a flag of the root command would also capture the subcommands' own `--version V`
    /// (the API-M version), which the command-line contract gives them.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["--version"] {
            print(toolVersion)
            return
        }
        AllDrivers.register()
        // Sessions are named after the command, so that a DBA (and a run waiting for a lock) can tell.
        Session.applicationName = (["wso2db"] + arguments.prefix { !$0.hasPrefix("-") }.prefix(1)).joined(separator: " ")
        LoggingSystem.bootstrap { StderrLogHandler(label: $0) }
        ToolMain.run(Self.self, arguments) { StderrLogHandler.line(.error, $0, Palette(for: STDERR_FILENO)) }
    }
}
