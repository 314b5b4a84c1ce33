import CommandLineSupport
import Foundation
import Logging
import SQLDriver

/// swift-log's handler for the command line: every message is one or more lines on stderr.
///
/// The text is the contract's, not a log format: `info` is written as it is (progress and the
/// datasource summaries carry their own layout), the other levels get a `wso2db: LEVEL: `
/// label, coloured only when stderr is a terminal. No timestamps or metadata: people read
/// this, and scripts read stdout.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    let palette: Palette

    init(label: String, palette: Palette = Palette(for: STDERR_FILENO)) {
        self.palette = palette
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        // The last net: no secret the run knows leaves through the log, whatever a message quotes.
        StandardError.write(Self.line(event.level, Secrets.scrub(event.message.description), palette) + "\n")
    }

    /// The text of one message at `level`.
    static func line(_ level: Logger.Level, _ message: String, _ palette: Palette) -> String {
        switch level {
        case .trace, .debug: palette.dim("wso2db: debug: " + message)
        case .info: message
        case .notice: "wso2db: " + palette.cyan("note:") + " " + message
        case .warning: "wso2db: " + palette.yellow("warning:") + " " + message
        case .error, .critical: "wso2db: " + palette.red("error:") + " " + message
        }
    }
}
