/// `deployment.toml` files of the nodes of a distributed API-M 4.x deployment, shaped as WSO2's
/// distributed-deployment guide gives them: `[server] server_role`, the datasources the node has
/// (none for a Gateway without tenants, whose databases stay on the embedded H2), and the sections
/// around them.
extension Fixtures {
    /// One node's `deployment.toml`; `apim` and `shared` are JDBC URLs, `nil` for none.
    public static func nodeTOML(role: String, apim: String?, shared: String?, user: String, password: String = "wso2-node-pw") -> String {
        var text = """
            [server]
            hostname = "\(role).wso2.example"
            node_ip = "127.0.0.1"
            server_role = "\(role)"

            [user_store]
            type = "database_unique_id"

            [super_admin]
            username = "admin"
            password = "admin"
            create_admin_account = true

            """
        for (section, url) in [("apim_db", apim), ("shared_db", shared)] {
            guard let url else { continue }
            text += """

                [database.\(section)]
                type = "postgre"
                url = "\(url)"
                username = "\(user)"
                password = "\(password)"
                driver = "org.postgresql.Driver"

                [database.\(section).pool_options]
                maxActive = 50
                maxWait = 60000
                validationQuery = "SELECT 1"

                """
        }
        text += """

            [database.local]
            url = "jdbc:h2:./repository/database/WSO2CARBON_DB;DB_CLOSE_ON_EXIT=FALSE"

            [keystore.tls]
            file_name =  "wso2carbon.jks"
            type =  "JKS"
            password =  "wso2carbon"
            alias =  "wso2carbon"
            key_password =  "wso2carbon"

            [apim.throttling]
            event_duplicate_url = ["tcp://tm.wso2.example:5672"]
            """
        return text
    }
}
