import Foundation

/// Colour for one output stream: on only when that stream is a terminal and the user has not
/// asked for none (`NO_COLOR` set to anything non-empty, or `TERM=dumb`). Off, every method
/// returns its text unchanged, so that piped output is byte-identical to what it was before
/// colour existed.
struct Palette: Sendable {
    let enabled: Bool

    /// Whether the user asked for no colour at all (https://no-color.org): also keeps the
    /// progress line free of escape sequences.
    static var colourRefused: Bool {
        let environment = ProcessInfo.processInfo.environment
        return !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
    }

    /// The palette for the stream behind `descriptor` (`STDOUT_FILENO` or `STDERR_FILENO`).
    init(for descriptor: Int32) {
        enabled = isatty(descriptor) == 1 && !Self.colourRefused
    }

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func red(_ text: String) -> String { paint(text, "1;31") }
    func yellow(_ text: String) -> String { paint(text, "33") }
    func green(_ text: String) -> String { paint(text, "32") }
    func cyan(_ text: String) -> String { paint(text, "36") }
    func dim(_ text: String) -> String { paint(text, "2") }
    func bold(_ text: String) -> String { paint(text, "1") }

    private func paint(_ text: String, _ code: String) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
