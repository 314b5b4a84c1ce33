import Foundation

/// Every secret the run has come to know — passwords parsed from URLs, read from configuration
/// files, standard input or the environment — so that any text about to leave the process (an
/// error from a C library, a log line, a report, a journal or history row) can be scrubbed of all
/// of them, in every spelling a library or a person may have echoed it in.
///
/// Drivers register what they parse; `scrub` replaces each known secret by `***`.
public enum Secrets {
    /// Secrets shorter than this are not scrubbed from free text (replacing every `a` of a message
    /// would ruin it without hiding anything); URLs never show them anyway.
    public static let minimumLength = 3

    private static let known = Locked<Set<String>>([])

    /// Records a secret, with the spellings it may be echoed in: percent-encoded (upper- and
    /// lower-case hex, `+` for space), and XML-escaped.
    public static func register(_ secret: String) {
        guard secret.count >= minimumLength else { return }
        var forms: Set<String> = [secret]
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        if let encoded = secret.addingPercentEncoding(withAllowedCharacters: unreserved) {
            forms.insert(encoded)
            forms.insert(lowercasedEscapes(encoded))
            forms.insert(encoded.replacingOccurrences(of: "%20", with: "+"))
        }
        if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) { forms.insert(encoded) }
        forms.insert(
            secret.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                .replacingOccurrences(of: "'", with: "&apos;"))
        if let json = try? JSONEncoder().encode(secret), let quoted = String(data: json, encoding: .utf8), quoted.count > 2 {
            forms.insert(String(quoted.dropFirst().dropLast()))
        }
        known.withLock { $0.formUnion(forms) }
    }

    /// Whether any secret is known (for tests).
    public static var isEmpty: Bool { known.withLock { $0.isEmpty } }

    /// `text` with every known secret, in every registered spelling, replaced by `***`; the longest
    /// first, so that a secret holding another is masked whole.
    public static func scrub(_ text: String) -> String {
        let secrets = known.withLock { $0 }
        guard !secrets.isEmpty else { return text }
        var result = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }

    private static func lowercasedEscapes(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let percent = rest.firstIndex(of: "%") {
            result += rest[..<percent]
            let escape = rest[percent...].prefix(3)
            result += escape.lowercased()
            rest = rest[escape.endIndex...]
        }
        return result + rest
    }
}
