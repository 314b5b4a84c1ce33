import Foundation
/// swift-argument-parser's text for a usage error, taken apart so that it can be said in the
/// project's voice. Its text is `Error: MESSAGE`, optionally `Help:  <arg>  ITS HELP`, then
/// `Usage: SYNOPSIS` and `  See 'COMMAND --help' for more information.`; the synopsis is the
/// subcommand's own when the error concerns a subcommand.
struct UsageMessage {
    /// The message, in the project's style: lower-case start, no closing full stop.
    let message: String
    /// The argument's own help when the parser named one, and where to read every option.
    let hint: String
    /// The synopsis, without `Usage: `.
    let usage: String

    init(_ text: String, errorPrefix: String) {
        var message: [String] = []
        var help: String?
        var usage: [String] = []
        var seeCommand: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("Help:  ") {
                help = String(line.dropFirst("Help:  ".count))
            } else if line.hasPrefix("Usage: ") {
                usage.append(String(line.dropFirst("Usage: ".count)))
            } else if line.hasPrefix("  See '"), let end = line.dropFirst(7).firstIndex(of: "'") {
                seeCommand = String(line.dropFirst(7)[..<end])
            } else if !usage.isEmpty {
                usage.append(line.trimmingLeadingSpaces)
            } else if !line.isEmpty {
                message.append(line.hasPrefix(errorPrefix) ? String(line.dropFirst(errorPrefix.count)) : line)
            }
        }
        self.message = Self.styled(message.joined(separator: " "))
        let see = seeCommand.map { "see '\($0)' for every option" } ?? "see --help for every option"
        if let help {
            // `--scale <scale>  How much data: …` → `--scale <scale>: how much data: …`
            let parts = help.components(separatedBy: "  ")
            let argument = parts[0]
            let text = parts.dropFirst().joined(separator: "  ").trimmingLeadingSpaces
            self.hint = text.isEmpty ? see : "\(argument): \(Self.styled(text)); \(see)"
        } else {
            self.hint = see
        }
        self.usage = usage.joined(separator: "\n")
    }

    /// `Missing value for '--scale <scale>'.` → `missing value for '--scale <scale>'`; sentences are
    /// joined with `; `, each starting lower-case (`…'reg'; please provide one of …`).
    static func styled(_ text: String) -> String {
        let trimmed = text.hasSuffix(".") ? String(text.dropLast()) : text
        return trimmed.components(separatedBy: ". ").map(lowercasingFirstWord).joined(separator: "; ")
    }

    /// `Please` → `please`, but `SQLite` and `URL` stay as they are.
    static func lowercasingFirstWord(_ sentence: String) -> String {
        guard let first = sentence.first, first.isUppercase, sentence.dropFirst().first?.isLowercase == true else { return sentence }
        return first.lowercased() + sentence.dropFirst()
    }
}

extension String {
    var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
