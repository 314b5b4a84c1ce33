import ArgumentParser
import Foundation

/// How every executable of the project starts: parse, run, and say what went wrong in the one
/// voice the project uses for every error, argument errors included:
///
///     wso2db: error: unknown option '--frobnicate'
///       hint: see 'wso2db drift --help' for every option
///       usage: wso2db drift <database> [--version <version>] …
///
/// A usage error (an unknown or missing argument, a value that does not parse, a check of
/// `validate()`, or a `ValidationError` thrown while running) exits 64 and shows the usage of the
/// subcommand it concerns; no command at all is a usage error too. Help, `--experimental-dump-help`
/// and completion scripts go to stdout with exit 0, as swift-argument-parser prints them.
public enum ToolMain {
    /// Parses `arguments` as `Root` (or one of its subcommands), runs it, and exits.
    /// - Parameter errorLine: how the tool writes `message` as its error line
    ///   (`wso2db: error: message`, coloured as the tool colours its errors).
    public static func run<Root: ParsableCommand>(
        _ root: Root.Type, _ arguments: [String], errorLine: (String) -> String
    ) -> Never {
        if arguments.isEmpty && !Root.configuration.subcommands.isEmpty {
            let commands = Root.configuration.subcommands.map { $0._commandName }.joined(separator: ", ")
            fail(
                errorLine("no command given"),
                hint: "say what to do: one of \(commands); see '\(Root._commandName) --help'",
                usage: Root.usageString(for: Root.self))
        }
        let command = parse(Root.self, arguments, errorLine: errorLine)
        var running = command
        do {
            try running.run()
        } catch {
            report(error, during: type(of: command), Root.self, errorLine: errorLine)
        }
        exit(0)
    }

    /// The command `arguments` ask for, or the usage error that says why they do not.
    static func parse<Root: ParsableCommand>(_ root: Root.Type, _ arguments: [String], errorLine: (String) -> String) -> any ParsableCommand {
        do {
            return try Root.parseAsRoot(arguments)
        } catch {
            report(error, Root.self, errorLine: errorLine)
        }
    }

    /// Reports an error thrown while `command` ran. A `ValidationError` thrown there is not tied to
    /// the subcommand by the parser, so it is tied here: the usage shown is the subcommand's.
    static func report<Root: ParsableCommand>(
        _ error: any Error, during command: any ParsableCommand.Type, _ root: Root.Type, errorLine: (String) -> String
    ) -> Never {
        guard let validation = error as? ValidationError else { report(error, Root.self, errorLine: errorLine) }
        let path = commandPath(to: command, in: Root.self) ?? [Root._commandName]
        fail(
            errorLine(validation.message), hint: "see '\(path.joined(separator: " ")) --help' for every option",
            usage: Root.usageString(for: command))
    }

    /// Reports an error of parsing or running, as swift-argument-parser classifies it.
    static func report<Root: ParsableCommand>(_ error: any Error, _ root: Root.Type, errorLine: (String) -> String) -> Never {
        if let code = error as? ExitCode { exit(code.rawValue) }
        let code = Root.exitCode(for: error)
        let text = Root.fullMessage(for: error)
        if code == .success {
            // --help, --experimental-dump-help, --generate-completion-script: the output asked for.
            print(text)
            exit(0)
        }
        guard code == .validationFailure else {
            // Not a usage error and not one the command reported itself: still one voice, exit 2
            // (exit 1 means drift or a mismatch found).
            StandardError.write(errorLine(Root.message(for: error)) + "\n")
            exit(2)
        }
        let parts = UsageMessage(text, errorPrefix: Root._errorPrefix)
        fail(errorLine(parts.message), hint: parts.hint, usage: parts.usage)
    }

    /// Writes the three lines of a usage error and exits 64.
    static func fail(_ line: String, hint: String, usage: String) -> Never {
        var text = line + "\n  hint: " + hint + "\n"
        if !usage.isEmpty { text += "  usage: " + usage.replacingOccurrences(of: "\n", with: "\n         ") + "\n" }
        StandardError.write(text)
        exit(ExitCode.validationFailure.rawValue)
    }

    /// The names from `Root` down to `command` (`["wso2db", "drift"]`), or `nil` when it is not in the tree.
    static func commandPath(to command: any ParsableCommand.Type, in root: any ParsableCommand.Type) -> [String]? {
        if command == root { return [root._commandName] }
        for subcommand in root.configuration.subcommands {
            if let path = commandPath(to: command, in: subcommand) { return [root._commandName] + path }
        }
        return nil
    }
}

/// Standard error, written unbuffered and whole.
public enum StandardError {
    /// Writes `text` as it is.
    public static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
