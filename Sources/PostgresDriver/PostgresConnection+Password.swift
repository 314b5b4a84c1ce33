import CLibPQ
import SQLDriver

extension PostgresConnection: PasswordHashing {
    /// libpq's `PQencryptPasswordConn` with the server's `password_encryption` (SCRAM-SHA-256 by
    /// default): the verifier `ALTER ROLE … PASSWORD` stores, computed here so that the password
    /// itself is never sent or logged by the server.
    public func passwordVerifier(_ password: String, role: String) throws -> String {
        guard let encrypted = PQencryptPasswordConn(handle, password, role, nil) else {
            throw DatabaseError(
                .statementFailed, "libpq could not hash the password of role \(role)",
                hint: "check that the server's password_encryption is scram-sha-256 or md5")
        }
        defer { PQfreemem(encrypted) }
        return String(cString: encrypted)
    }
}
