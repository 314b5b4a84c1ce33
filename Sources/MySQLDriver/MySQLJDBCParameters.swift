import SQLDriver

/// The parameters of a `jdbc:mysql://` (MySQL Connector/J) or `jdbc:mariadb://` (MariaDB
/// Connector/J) URL, as WSO2's `deployment.toml` and `master-datasources.xml` carry them: each one
/// is mapped to what MariaDB Connector/C does, or ignored on purpose (with the reason below). Any
/// other is an error, so a setting that matters is never dropped without a word.
enum MySQLJDBCParameters {
    /// Connector/J settings that change nothing wso2db does, each for a stated reason.
    static let ignored: [String: String] = [
        // wso2db always talks utf8mb4 on the wire, a superset of every charset WSO2 configures;
        // what a column stores is the column's own charset.
        "characterencoding": "charset", "useunicode": "charset", "charactersetresults": "charset",
        "connectioncollation": "charset",
        // wso2db sets its session time zone itself (UTC), so that TIMESTAMP values read the same on every run.
        "servertimezone": "time zone", "connectiontimezone": "time zone", "uselegacydatetimecode": "time zone",
        "usejdbccomplianttimezoneshift": "time zone", "forceconnectiontimezonetosession": "time zone",
        "preserveinstants": "time zone", "usetimezone": "time zone",
        // Connector/C fetches the server's RSA key when it needs one, as allowPublicKeyRetrieval=true asks.
        "allowpublickeyretrieval": "auth",
        // A lost connection ends a wso2db run with an error; resumable work is resumed by running again.
        "autoreconnect": "reconnect", "autoreconnectforpools": "reconnect", "maxreconnects": "reconnect",
        "initialtimeout": "reconnect", "failoverreadonly": "reconnect",
        // Statement caching and batching of the Java driver.
        "cacheprepstmts": "java", "prepstmtcachesize": "java", "prepstmtcachesqllimit": "java",
        "useserverprepstmts": "java", "rewritebatchedstatements": "java", "cacheresultsetmetadata": "java",
        "cacheserverconfiguration": "java", "elidesetautocommits": "java", "uselocalsessionstate": "java",
        "maintaintimestats": "java", "zerodatetimebehavior": "java", "nullcatalogmeanscurrent": "java",
        "nullnamepatternmatchesall": "java", "useinformationschema": "java", "pinglobaltxtophysicalconnection": "java",
        "relaxautocommit": "java", "allowmultiqueries": "java", "tinyint1isbit": "java", "transformedbitisboolean": "java",
        "yearisdatetype": "java", "useoldaliasmetadatabehavior": "java", "logger": "java", "profilesql": "java",
        "dumpqueriesonexception": "java", "useaffectedrows": "java", "jdbccompliantruncation": "java",
        "jdbccomplianttruncation": "java", "emptystringsconverttozero": "java", "usecursorfetch": "java",
        "defaultfetchsize": "java", "useusageadvisor": "java", "autodeserialize": "java", "sessionvariables": "java",
        "pool": "java", "maxpoolsize": "java", "minpoolsize": "java", "poolname": "java", "maxidletime": "java",
        "usebulkstmts": "java", "usepipelineauth": "java", "usebatchmultisend": "java",
        // Local infile: wso2db decides itself when it sends data that way.
        "allowloadlocalinfile": "infile", "allowlocalinfile": "infile",
        // Network tuning of the Java driver: socket timeouts and keep-alive.
        "sockettimeout": "network", "tcpkeepalive": "network", "tcpnodelay": "network", "usecompression": "network",
        "interactiveclient": "network", "connectionattributes": "network",
    ]

    /// Applies every parameter to `url`.
    /// - Throws: `DatabaseError` `.invalidURL` for a parameter with no meaning here or a value it cannot take.
    static func apply(_ parameters: [(key: String, value: String)], to url: inout MySQLURL) throws {
        var useSSL: Bool?
        var verifyCertificate: Bool?
        var explicitMode: MySQLURL.TLSMode?
        // Every password first, before anything can fail and be shown.
        for (key, value) in parameters where key.lowercased() == "password" { Secrets.register(value) }
        for (key, value) in parameters {
            let name = key.lowercased()
            let flag = value.isEmpty || value.lowercased() == "true" || value == "1"
            switch name {
            case "user": url.user = value
            case "password": url.password = value
            case "usessl", "ssl": useSSL = flag
            case "requiressl": if flag { useSSL = true }
            case "verifyservercertificate": verifyCertificate = flag
            case "trustservercertificate": verifyCertificate = !flag
            case "sslmode": explicitMode = try mode(value)
            case "serversslcert", "sslca": url.tlsCA = value
            case "localsocket": url.socket = value
            case "serverrsapublickeyfile": url.serverPublicKeyPath = value
            case "connecttimeout":
                // Connector/J counts milliseconds; 0 means no limit.
                guard let milliseconds = Int(value), milliseconds >= 0 else {
                    throw MySQLURL.invalid("connectTimeout=\(value) is not a number of milliseconds")
                }
                url.connectTimeout = milliseconds == 0 ? nil : max(1, (milliseconds + 999) / 1000)
            case "trustcertificatekeystoreurl", "clientcertificatekeystoreurl", "keystore", "truststore":
                throw MySQLURL.invalid(
                    "\(key) names a Java keystore, which MariaDB Connector/C cannot read",
                    hint: "export the certificates as PEM and use a mysql:// URL with ssl-ca=, ssl-cert= and ssl-key=")
            default:
                guard ignored[name] != nil || ignored[name.replacingOccurrences(of: "_", with: "")] != nil else {
                    throw MySQLURL.invalid(
                        "JDBC parameter \(key) has no meaning wso2db knows",
                        hint: "remove it from the URL, or use a mysql:// URL with the mysql client's options (ssl-mode, ssl-ca, socket …)")
                }
                url.droppedParameters.append(key)
            }
        }
        if let explicitMode {
            url.tlsMode = explicitMode
        } else if let useSSL {
            url.tlsMode = !useSSL ? .disabled : (verifyCertificate == true ? .verifyCA : .required)
        } else if verifyCertificate == true {
            url.tlsMode = .verifyCA
        }
    }

    /// Connector/J's `sslMode` names and MariaDB Connector/J's (`disable`, `trust`, `verify-ca`, `verify-full`).
    static func mode(_ value: String) throws -> MySQLURL.TLSMode {
        switch value.lowercased().replacingOccurrences(of: "-", with: "_") {
        case "disabled", "disable": return .disabled
        case "preferred": return .preferred
        case "required", "trust": return .required
        case "verify_ca": return .verifyCA
        case "verify_identity", "verify_full": return .verifyIdentity
        default:
            throw MySQLURL.invalid(
                "sslMode=\(value) is not a mode", hint: "write DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY")
        }
    }
}
