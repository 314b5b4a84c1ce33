import Foundation
import LocalPostgres

/// migra (on PyPI), the anchor of the drift row: "the time migra takes to compare the same database
/// with a reference copy". A Python program, so it may well be missing; the bench then says how to
/// install it and times the drift row without its bar.
struct Migra: Sendable {
    /// The executable to spawn: the real script, never a pyenv shim (the shim's bash start-up would
    /// be billed to migra).
    let path: String

    /// What to run when migra is missing, and why each part is there.
    static let installHint = """
        install it with: pip install --user migra psycopg2-binary 'setuptools<81'
          (psycopg2 is the driver the bench names in migra's URLs; setuptools 81 and later drop
          pkg_resources, which migra's schemainspect imports. Where pip refuses an externally
          managed Python, install into a venv and put its bin/ on PATH.)
        """

    /// Finds `migra` on PATH, then in `~/.local/bin` (where `pip install --user` puts it and which is
    /// often not on PATH); nil when it is in neither.
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Migra? {
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + [(environment["HOME"] ?? NSHomeDirectory()) + "/.local/bin"]
        for folder in folders where !folder.isEmpty {
            let candidate = folder + "/migra"
            guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
            if folder.hasSuffix("/shims") {
                // pyenv (and pyenv-virtualenv) shims exist for every installed version: ask pyenv
                // whether this one really has migra, and where.
                guard let real = pyenvWhich(shims: folder) else { continue }
                return Migra(path: real)
            }
            return Migra(path: candidate)
        }
        return nil
    }

    /// `migra --unsafe A B`: the statements that would turn A into B (none when B is a copy of A).
    /// `--unsafe` lets it print drops too, so it does the whole comparison.
    func arguments(from a: String, to b: String) -> [String] {
        ["--unsafe", Self.sqlAlchemyURL(a), Self.sqlAlchemyURL(b)]
    }

    /// Whether a run of migra did its job. It exits 0 when the databases match and 2 with the SQL
    /// on stdout when they differ; it also exits 2, with nothing on stdout, for a usage error, and
    /// 1 for an exception (a traceback on stderr). stderr alone proves nothing: a deprecation
    /// warning from pkg_resources lands there on every run.
    static func succeeded(_ result: Subprocess.Result) -> Bool {
        result.status == 0
            || (result.status == 2 && !result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    /// A libpq URI as SQLAlchemy's psycopg2 URL. Plain `postgresql://` means psycopg (3) from
    /// SQLAlchemy 2.1 on, and psycopg2 before; naming psycopg2 works with either SQLAlchemy and with
    /// what `installHint` installs.
    static func sqlAlchemyURL(_ uri: String) -> String {
        for scheme in ["postgresql://", "postgres://"] where uri.hasPrefix(scheme) {
            return "postgresql+psycopg2://" + uri.dropFirst(scheme.count)
        }
        return uri
    }

    /// The real path behind a pyenv shim, from `pyenv which migra`; nil when the active Python has no migra.
    private static func pyenvWhich(shims: String) -> String? {
        // …/.pyenv/shims or …/.pyenv/plugins/pyenv-virtualenv/shims → the pyenv root is the first `.pyenv`.
        let root = shims.range(of: "/.pyenv/").map { String(shims[..<$0.upperBound].dropLast()) } ?? (shims as NSString).deletingLastPathComponent
        let pyenv = root + "/bin/pyenv"
        guard FileManager.default.isExecutableFile(atPath: pyenv),
            let path = try? LocalPostgres.run(pyenv, ["which", "migra"]).trimmingCharacters(in: .whitespacesAndNewlines),
            FileManager.default.isExecutableFile(atPath: path)
        else { return nil }
        return path
    }
}
