import WSO2Schema

extension SharedKernel4_6_2 {
    /// The registry (REG_*) tables, in the order the script creates them. Every block is shared with another
    /// kernel: the widened user columns and the REG_PATH unique key with 4.11.18, the key-less link tables
    /// with 4.4.35.
    @SchemaBuilder static var registry: [any SchemaStatement] {
        KernelTables.regClusterLock
        KernelTables.Since4_6_2.regLog
        KernelTables.Since4_6_2.regPath
        KernelTables.regContent
        KernelTables.regContentHistory
        KernelTables.Since4_6_2.regResource
        KernelTables.Since4_6_2.regResourceHistory
        KernelTables.Since4_6_2.regComment
        KernelTables.Through4_6_2.regResourceComment
        KernelTables.Since4_6_2.regRating
        KernelTables.Through4_6_2.regResourceRating
        KernelTables.Since4_6_2.regTag
        KernelTables.Through4_6_2.regResourceTag
        KernelTables.regProperty
        KernelTables.Through4_6_2.regResourceProperty
        KernelTables.regAssociation
        KernelTables.regSnapshot
    }
}
