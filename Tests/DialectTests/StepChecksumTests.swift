import Migrations
import Testing
import WSO2Schema

/// A released step's checksum never changes: it is what every database migrated by it recorded.
@Suite("step checksums")
struct StepChecksumTests {
    /// The checksums of the released steps. A failure here means a released step changed: write a
    /// new step instead (or, for a change that does not alter what the step does, add the old value
    /// to the step's `formerChecksums` and say why in its file).
    static let released: [String: String] = [
        "4.0.0": "714d802cdf232d45",
        "4.7.0": "a38c84d6a7513e76",
    ]

    @Test("the checksum of every released step is pinned")
    func pinned() {
        for step in MigrationSteps.shared {
            #expect(Self.released[step.version] == step.checksum, "the step to \(step.version) changed: \(step.checksum)")
        }
        #expect(Set(MigrationSteps.shared.map(\.version)).isSuperset(of: Self.released.keys))
    }

    @Test("the checksums wso2db recorded before StepText are still this step's, and only its own")
    func formerChecksums() throws {
        let former = ["4.0.0": "134212decc0c0f1f", "4.7.0": "e955f6d05c9f6efe"]
        for step in MigrationSteps.shared {
            let old = try #require(former[step.version])
            #expect(step.isChecksum(old))
            #expect(step.isChecksum(step.checksum))
            #expect(!step.isChecksum("0000000000000000"))
            for other in MigrationSteps.shared where other.version != step.version { #expect(!other.isChecksum(old)) }
        }
    }

    @Test("the text is wso2db's own, line by line, and one value's text stays on one line")
    func text() {
        let step = MigrationStep(
            from: "1.0.0", to: "1.1.0", description: "not part of the text",
            operations: [
                .schema([
                    .createTable(
                        Table("T_A") {
                            Column("ID", .integer, .default(.nextval("T_A_SEQ")), .notNull)
                            Column("NOTE", .varchar(10), .default("it's\nfine"))
                            PrimaryKey("ID")
                        }),
                    .renameColumn(table: "T_B", from: "OLD", to: "NEW"),
                    .dropTable("T_C"),
                ]),
                .data(.fillWithUUIDs(table: "T_A", column: "NOTE")),
                .sql(RawSQL("tidy", statements: ["sqlite": ["DELETE FROM x"], "postgresql": ["DO $$ BEGIN END $$"]])),
            ])
        #expect(
            StepText.of(step) == """
                wso2db step 1
                from 1.0.0
                to 1.1.0
                schema
                  create-table T_A
                    column ID integer not-null default=nextval('T_A_SEQ')
                    column NOTE varchar(10) null default='it''s\\nfine'
                    primary-key (ID)
                  rename-column T_B OLD NEW
                  drop-table T_C
                data fill-uuids T_A.NOTE
                sql 'tidy'
                  engine postgresql 'DO $$ BEGIN END $$'
                  engine sqlite 'DELETE FROM x'
                  effect

                """)
        var reworded = step
        reworded.description = "another description"
        #expect(reworded.checksum == step.checksum, "the description is not part of what a step does")
        var changed = step
        changed.operations.removeLast()
        #expect(changed.checksum != step.checksum)
    }
}
