import CommandLineSupport
import Foundation
import WSO2Migrator

/// Progress of a merge on stderr: on a terminal, one live line per table (rows, bytes, rate, ETA)
/// rewritten in place; otherwise plain lines, one per phase and per table copied, for logs.
/// `--quiet` silences both.
final class MergeProgressDisplay {
    private let console: Console
    private let isTerminal: Bool
    /// `NO_COLOR` asks for no escape sequences at all, so the live line is then wiped with spaces.
    private let plainTerminal = Palette.colourRefused
    private var liveWidth = 0
    private let clock = ContinuousClock()
    private var tableStarted: ContinuousClock.Instant?
    private var liveLine = false

    init(_ console: Console) {
        self.console = console
        isTerminal = isatty(STDERR_FILENO) == 1 && console.chatty
    }

    func show(_ event: LegacyMerge.Event) {
        switch event {
        case .phase(let phase):
            line("wso2db: \(phase)")
        case .copying(let table, let from, let rows, let bytes, let expected):
            if rows == 0 { tableStarted = clock.now }
            guard isTerminal else { return }
            live("  copying \(table) from \(from.option): \(Self.count(rows))\(expected > 0 ? " / \(Self.count(expected))" : "") rows, "
                + "\(Self.size(bytes))\(rate(rows, expected))")
        case .copied(let table, let rows, let bytes, let milliseconds):
            let seconds = Double(milliseconds) / 1000
            line("  copied \(table): \(Self.count(rows)) rows, \(Self.size(bytes)) in \(String(format: "%.2f", seconds)) s")
        case .verifying(let table, let rows, let expected):
            guard isTerminal else { return }
            live("  verifying \(table): \(Self.count(rows))\(expected > 0 ? " / \(Self.count(expected))" : "") rows")
        }
    }

    /// Clears a live line left at the end.
    func end() {
        if liveLine { write(wipe) }
        liveLine = false
    }

    private var wipe: String {
        plainTerminal ? "\r" + String(repeating: " ", count: liveWidth) + "\r" : "\r\u{1B}[K"
    }

    private func rate(_ rows: Int, _ expected: Int) -> String {
        guard let tableStarted else { return "" }
        let elapsed = (clock.now - tableStarted) / .seconds(1)
        guard elapsed > 0.2, rows > 0 else { return "" }
        let perSecond = Double(rows) / elapsed
        var text = ", \(Self.count(Int(perSecond))) rows/s"
        if expected > rows { text += ", about \(Int((Double(expected - rows) / perSecond).rounded(.up))) s left" }
        return text
    }

    private func live(_ text: String) {
        write(wipe + text)
        liveWidth = text.count
        liveLine = true
    }

    private func line(_ text: String) {
        guard console.chatty else { return }
        end()
        console.log.info("\(text)")
    }

    private func write(_ text: String) {
        StandardError.write(text)
    }

    static func count(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (position, digit) in digits.enumerated() {
            if position > 0 && (digits.count - position) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }

    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 30 { return String(format: "%.1f GB", Double(bytes) / Double(1 << 30)) }
        if bytes >= 1 << 20 { return String(format: "%.1f MB", Double(bytes) / Double(1 << 20)) }
        if bytes >= 1 << 10 { return String(format: "%.1f KB", Double(bytes) / Double(1 << 10)) }
        return "\(bytes) B"
    }
}
