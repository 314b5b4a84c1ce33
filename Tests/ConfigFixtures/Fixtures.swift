import Foundation

/// Configuration files shaped as API-M ships them (trimmed, but with the elements around the ones
/// wso2db reads left in, and commented-out alternatives as real deployments have them), for the
/// parser's unit tests and the command line's tests alike.
public enum Fixtures {
    /// An API-M 4.x `deployment.toml` on PostgreSQL, with these JDBC URLs for `apim_db` and `shared_db`.
    public static func deploymentTOML(
        apim: String = "jdbc:postgresql://db.example:5432/apim_db", shared: String = "jdbc:postgresql://db.example:5432/shared_db",
        user: String = "wso2carbon", password: String = "wso2carbon"
    ) -> String {
        """
        [server]
        hostname = "localhost"
        node_ip = "127.0.0.1"
        #offset=0
        mode = "single" #single or ha
        base_path = "${carbon.protocol}://${carbon.host}:${carbon.management.port}"
        server_role = "default"

        [super_admin]
        username = "admin"
        password = "admin"
        create_admin_account = true

        [user_store]
        type = "database_unique_id"

        [database.apim_db]
        type = "postgre"
        url = "\(apim)"
        username = "\(user)"
        password = "\(password)"
        driver = "org.postgresql.Driver"
        validationQuery = "SELECT 1"

        [database.shared_db]
        type = "postgre"
        url = "\(shared)"
        username = "\(user)"
        password = "\(password)"
        driver = "org.postgresql.Driver"
        validationQuery = "SELECT 1"

        [database.shared_db.pool_options]
        maxActive = 100
        maxWait = 10000

        [keystore.tls]
        file_name =  "wso2carbon.jks"
        type =  "JKS"
        password =  "wso2carbon"
        alias =  "wso2carbon"
        key_password =  "wso2carbon"

        [[apim.gateway.environment]]
        name = "Default"
        type = "hybrid"
        display_in_api_console = true
        description = "This is a hybrid gateway that handles both production and sandbox token traffic."
        show_as_token_endpoint_url = true
        service_url = "https://localhost:${mgt.transport.https.port}/services/"
        username= "${admin.username}"
        password= "${admin.password}"
        ws_endpoint = "ws://localhost:9099"
        http_endpoint = "http://localhost:${http.nio.port}"
        https_endpoint = "https://localhost:${https.nio.port}"

        [apim.key_manager]
        service_url = "https://localhost:${mgt.transport.https.port}/services/"

        [[event_listener]]
        id = "token_revocation"
        type = "org.wso2.carbon.identity.core.handler.AbstractIdentityHandler"
        name = "org.wso2.is.notification.ApimOauthEventInterceptor"
        order = 1
        [event_listener.properties]
        notification_endpoint = "https://localhost:${mgt.transport.https.port}/internal/data/v1/notify"
        username = "${admin.username}"
        password = "${admin.password}"
        'header.X-WSO2-KEY-MANAGER' = "default"

        [database.local]
        url = "jdbc:h2:./repository/database/WSO2CARBON_DB;DB_CLOSE_ON_EXIT=FALSE"

        [secrets]
        admin_password = "[ZTI1NjM4NWQ3ZGQ0OGQ2NTA1OGQ5NTM4]"
        """
    }

    /// Escapes text for an XML element.
    public static func xml(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }

    /// One `<datasource>` of `master-datasources.xml` (`url`, `user` and `password` as they stand in the XML).
    public static func datasource(_ name: String, jndi: String, url: String, user: String = "wso2carbon", password: String? = "wso2carbon", secretAlias: String? = nil) -> String {
        let passwordElement: String
        if let secretAlias {
            passwordElement = "<password svns:secretAlias=\"\(secretAlias)\">password</password>"
        } else if let password {
            passwordElement = "<password>\(password)</password>"
        } else {
            passwordElement = ""
        }
        return """
                    <datasource>
                        <name>\(name)</name>
                        <description>The datasource used for \(name)</description>
                        <jndiConfig>
                            <name>\(jndi)</name>
                        </jndiConfig>
                        <definition type="RDBMS">
                            <configuration>
                                <url>\(url)</url>
                                <username>\(user)</username>
                                \(passwordElement)
                                <driverClassName>org.postgresql.Driver</driverClassName>
                                <maxActive>80</maxActive>
                                <maxWait>60000</maxWait>
                                <minIdle>5</minIdle>
                                <testOnBorrow>true</testOnBorrow>
                                <validationQuery>SELECT 1</validationQuery>
                                <validationInterval>30000</validationInterval>
                                <defaultAutoCommit>false</defaultAutoCommit>
                            </configuration>
                        </definition>
                    </datasource>
            """
    }

    /// An API-M 2.6.0 `master-datasources.xml` holding `datasources` after the default H2 carbon one.
    public static func masterDatasources(_ datasources: [String]) -> String {
        """
        <datasources-configuration xmlns:svns="http://org.wso2.securevault/configuration">
            <providers>
                <provider>org.wso2.carbon.ndatasource.rdbms.RDBMSDataSourceReader</provider>
            </providers>
            <datasources>
                <datasource>
                    <name>WSO2_CARBON_DB</name>
                    <description>The datasource used for registry and user manager</description>
                    <jndiConfig>
                        <name>jdbc/WSO2CarbonDB</name>
                    </jndiConfig>
                    <definition type="RDBMS">
                        <configuration>
                            <url>jdbc:h2:repository/database/WSO2CARBON_DB;DB_CLOSE_ON_EXIT=FALSE</url>
                            <username>wso2carbon</username>
                            <password>wso2carbon</password>
                            <driverClassName>org.h2.Driver</driverClassName>
                            <maxActive>50</maxActive>
                            <maxWait>60000</maxWait>
                            <testOnBorrow>true</testOnBorrow>
                            <validationQuery>SELECT 1</validationQuery>
                            <validationInterval>30000</validationInterval>
                            <defaultAutoCommit>false</defaultAutoCommit>
                        </configuration>
                    </definition>
                </datasource>
                <!-- <datasource>
                    <name>WSO2UM_DB</name>
                    <jndiConfig><name>jdbc/OLD_UM</name></jndiConfig>
                </datasource> -->
        \(datasources.joined(separator: "\n"))
            </datasources>
        </datasources-configuration>
        """
    }

    /// An API-M 2.6.0 `user-mgt.xml` whose realm uses `dataSource`.
    public static func userMgt(dataSource: String) -> String {
        """
        <?xml version="1.0" encoding="ISO-8859-1"?>
        <UserManager>
            <Realm>
                <Configuration>
                    <AddAdmin>true</AddAdmin>
                    <AdminRole>admin</AdminRole>
                    <AdminUser>
                        <UserName>admin</UserName>
                        <Password>admin</Password>
                    </AdminUser>
                    <EveryOneRoleName>everyone</EveryOneRoleName>
                    <!-- By default users in this role sees the registry root -->
                    <Property name="isCascadeDeleteEnabled">true</Property>
                    <Property name="initializeNewClaimManager">true</Property>
                    <!-- <Property name="dataSource">jdbc/WSO2CarbonDB</Property> -->
                    <Property name="dataSource">\(dataSource)</Property>
                </Configuration>
                <UserStoreManager class="org.wso2.carbon.user.core.jdbc.JDBCUserStoreManager">
                    <Property name="TenantManager">org.wso2.carbon.user.core.tenant.JDBCTenantManager</Property>
                    <Property name="ReadOnly">false</Property>
                    <Property name="ReadGroups">true</Property>
                    <Property name="WriteGroups">true</Property>
                    <Property name="UsernameJavaRegEx">^[\\S]{3,30}$</Property>
                    <Property name="PasswordDigest">SHA-256</Property>
                    <Property name="StoreSaltedPassword">true</Property>
                    <Property name="SCIMEnabled">false</Property>
                    <Property name="dataSource">jdbc/NOT_THIS_ONE</Property>
                </UserStoreManager>
                <AuthorizationManager class="org.wso2.carbon.user.core.authorization.JDBCAuthorizationManager">
                    <Property name="AdminRoleManagementPermissions">/permission</Property>
                    <Property name="AuthorizationCacheEnabled">true</Property>
                </AuthorizationManager>
            </Realm>
        </UserManager>
        """
    }

    /// An API-M 2.6.0 `registry.xml`; with `governance`, the governance and config collections are
    /// mounted from a remote instance whose dbConfig uses that JNDI name.
    public static func registry(governance: String?) -> String {
        let mounts =
            governance.map { jndi in
                """
                    <dbConfig name="govregistry">
                        <dataSource>\(jndi)</dataSource>
                    </dbConfig>

                    <remoteInstance url="https://localhost:9443/registry">
                        <id>gov</id>
                        <cacheId>wso2carbon@jdbc:postgresql://db.example:5432/regdb</cacheId>
                        <dbConfig>govregistry</dbConfig>
                        <readOnly>false</readOnly>
                        <enableCache>true</enableCache>
                        <registryRoot>/</registryRoot>
                    </remoteInstance>

                    <mount path="/_system/config" overwrite="true">
                        <instanceId>conf</instanceId>
                        <targetPath>/_system/config</targetPath>
                    </mount>
                    <remoteInstance url="https://localhost:9443/registry">
                        <id>conf</id>
                        <dbConfig>wso2registry</dbConfig>
                        <readOnly>false</readOnly>
                        <registryRoot>/</registryRoot>
                    </remoteInstance>

                    <mount path="/_system/governance" overwrite="true">
                        <instanceId>gov</instanceId>
                        <targetPath>/_system/governance</targetPath>
                    </mount>
                """
            } ?? """
                    <!-- <mount path="/_system/governance" overwrite="true">
                        <instanceId>gov</instanceId>
                        <targetPath>/_system/governance</targetPath>
                    </mount> -->
                """
        return """
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <wso2registry>
                <currentDBConfig>wso2registry</currentDBConfig>
                <readOnly>false</readOnly>
                <enableCache>true</enableCache>
                <registryRoot>/</registryRoot>

                <dbConfig name="wso2registry">
                    <dataSource>jdbc/WSO2CarbonDB</dataSource>
                </dbConfig>

            \(mounts)

                <handler class="org.wso2.carbon.registry.extensions.handlers.RXTStoragePathHandler">
                    <filter class="org.wso2.carbon.registry.core.jdbc.handlers.filters.MediaTypeMatcher">
                        <property name="mediaType">application/vnd.wso2-service+xml</property>
                    </filter>
                </handler>
                <versionResourcesOnChange>false</versionResourcesOnChange>
                <staticConfiguration>
                    <versioningProperties>true</versioningProperties>
                    <versioningComments>true</versioningComments>
                </staticConfiguration>
            </wso2registry>
            """
    }

    /// A new temporary folder.
    public static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Writes `text` to `path`, making the folders on the way.
    @discardableResult
    public static func write(_ text: String, to path: String) throws -> String {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
