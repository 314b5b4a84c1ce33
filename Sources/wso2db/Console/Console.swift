import ArgumentParser
import Foundation
import Logging
import SQLDriver
import WSO2Migrator

/// `--verbose` and `--quiet`, on every command.
struct OutputOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Say more on stderr: each connection opened and each step, with its time.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Say nothing on stderr but errors (the report on stdout is unchanged).")
    var quiet = false

    func validate() throws {
        if verbose && quiet { throw ValidationError("--verbose and --quiet contradict each other; give one of them") }
    }

    /// Where the command speaks: its log on stderr at the level asked for, its report's colours on stdout.
    func console() -> Console {
        var log = Logger(label: "wso2db")
        log.logLevel = verbose ? .debug : quiet ? .error : .info
        return Console(log: log, report: Palette(for: STDOUT_FILENO))
    }
}

/// What a command needs to speak to the user: stdout carries the report (coloured only on a
/// terminal), stderr the log (swift-log, through `StderrLogHandler`).
struct Console {
    var log: Logger
    /// Colours for the text report on stdout; never used for JSON or SQL, which are read by programs.
    let report: Palette

    /// Whether progress and notes are wanted on stderr (not with `--quiet`).
    var chatty: Bool { log.logLevel <= .info }

    /// Opens `url` through the library, saying so with `--verbose` (the URL's password masked).
    func open(_ url: DatabaseURL, for access: DatabaseAccess) throws -> any DatabaseConnection {
        let purpose =
            switch access {
            case .read: "to read"
            case .write: "to write"
            case .create: "to create"
            }
        log.debug("connecting to \(url) \(purpose)")
        if !url.droppedParameters.isEmpty {
            log.debug("JDBC parameters left out, having no meaning here: \(url.droppedParameters.joined(separator: ", "))")
        }
        let started = ContinuousClock.now
        let connection = try Connector.open(url, for: access)
        log.debug("connected with the \(connection.dialect.engineName) driver in \(Self.milliseconds(since: started)) ms")
        return connection
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        Int((ContinuousClock.now - start) / .milliseconds(1))
    }
}
