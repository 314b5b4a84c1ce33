/// The engine whose WSO2 scripts a catalog schema is generated from.
///
/// WSO2 writes one script per engine, and they are not one schema respelled: the MySQL scripts use
/// `AUTO_INCREMENT` where the PostgreSQL ones use named sequences, `LONGBLOB`, `ENGINE=InnoDB` and
/// per-column collations. A dialect says which family of scripts it is held against
/// (`SQLDialect.catalogEngine`); engines without scripts of their own (SQLite) use PostgreSQL's.
public enum CatalogEngine: String, Sendable, Hashable, CaseIterable {
    /// WSO2's `dbscripts/postgresql.sql` (also the basis of SQLite).
    case postgresql
    /// WSO2's `dbscripts/mysql.sql` (MySQL and MariaDB).
    case mysql

    /// The engine named on a command line (`postgresql`, `postgres`, `mysql`, `mariadb`), or `nil`.
    public init?(named name: String) {
        switch name.lowercased() {
        case "postgresql", "postgres": self = .postgresql
        case "mysql", "mariadb": self = .mysql
        default: return nil
        }
    }
}
