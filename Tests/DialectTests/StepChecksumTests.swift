import Migrations
import Testing
import WSO2Schema

/// A released step's checksum never changes: it is what every database migrated by it recorded.
@Suite("step checksums")
struct StepChecksumTests {
    /// The checksums of the released steps, by the versions they lead from and to. A failure here means a
    /// released step changed: write a new step instead (or, for a change that does not alter what the step
    /// does, add the old value to the step's `formerChecksums` and say why in its file).
    static let released: [String: String] = [
        "2.1.0 → 2.6.0": "b14a118a2d90a28d",
        "2.6.0 → 3.0.0": "229c6120b08ead64",
        "3.0.0 → 3.2.0": "157145a400d46979",
        "3.2.0 → 4.0.0": "21c99820f4c9e449",
        "4.0.0 → 4.1.0": "ca994eec25bfca6e",
        "4.1.0 → 4.7.0": "f7f3f01e4ffa6781",
    ]

    /// The checksums of the WSO2_AM_DB steps, one between every two releases, pinned by the same rule. They were
    /// first pinned after the AM chain gained its MySQL spellings, loss counts aside (not part of the text), and the
    /// data work carbon-apimgt's and WSO2's identity migration do (consent groups of 2.6.0, organizations of 4.1.0).
    static let releasedAM: [String: String] = [
        "2.1.0 → 2.2.0": "9d3279f219e7dbde",
        "2.2.0 → 2.5.0": "141c51c843563253",
        "2.5.0 → 2.6.0": "d1b098a686f891bd",
        "2.6.0 → 3.0.0": "0df0346fe3dbd90b",
        "3.0.0 → 3.1.0": "418fb15b647fe776",
        "3.1.0 → 3.2.0": "b921629af5d5e141",
        "3.2.0 → 4.0.0": "865850692cff303b",
        "4.0.0 → 4.1.0": "54127a5af15c4361",
        "4.1.0 → 4.2.0": "73a45d0b5f2bf8df",
        "4.2.0 → 4.3.0": "b77930c0f001f8df",
        "4.3.0 → 4.4.0": "8cae36507509f95d",
        "4.4.0 → 4.5.0": "5782e6c0a65fee0d",
        "4.5.0 → 4.6.0": "01d7b295a41d2ed8",
        "4.6.0 → 4.7.0": "bd03ae06daaa3f23",
    ]

    /// The steps wso2db released before the path was split into a step per release, with the checksums their
    /// history rows hold (as `StepText` wrote them, and as wso2db wrote them before `StepText`), by the version
    /// they led to.
    static let retired: [String: [String]] = [
        "4.0.0": ["714d802cdf232d45", "134212decc0c0f1f"],
        "4.7.0": ["a38c84d6a7513e76", "e955f6d05c9f6efe"],
    ]

    @Test("the checksum of every released step is pinned")
    func pinned() {
        for step in MigrationSteps.shared {
            #expect(Self.released["\(step.from) → \(step.version)"] == step.checksum, "the step \(step.from) → \(step.version) changed: \(step.checksum)")
        }
        #expect(MigrationSteps.shared.count == Self.released.count)
    }

    @Test("the checksum of every AM step is pinned")
    func pinnedAM() {
        for step in MigrationSteps.am {
            #expect(Self.releasedAM["\(step.from) → \(step.version)"] == step.checksum, "the step \(step.from) → \(step.version) changed: \(step.checksum)")
        }
        #expect(MigrationSteps.am.count == Self.releasedAM.count)
        #expect(Set(MigrationSteps.am.map(\.checksum)).count == MigrationSteps.am.count, "every step's text is its own")
        // The 2.1.0 → 2.2.0 step as it was before its MySQL spelling: a database it migrated is still recognised.
        #expect(MigrationSteps.am[0].isChecksum("ad909a10d831132f"))
    }

    @Test("how a destructive SQL counts its rows is not part of the step's text: counting changes nothing in the database")
    func lossCountOutsideText() throws {
        let step = try #require(MigrationSteps.am.first { $0.version == "4.0.0" })
        var uncounted = step
        uncounted.operations = step.operations.map { operation in
            guard case .sql(var raw) = operation else { return operation }
            #expect(raw.lossCount != nil, "the 4.0.0 step counts what it deletes")
            raw.lossCount = nil
            return .sql(raw)
        }
        #expect(uncounted.checksum == step.checksum)
    }

    @Test("a history row of a retired step is the step to its version, and only that step's")
    func retiredChecksums() throws {
        for (version, checksums) in Self.retired {
            let step = try #require(MigrationSteps.shared.first { $0.version == version })
            for old in checksums {
                #expect(step.isChecksum(old))
                for other in MigrationSteps.shared where other.version != version { #expect(!other.isChecksum(old)) }
            }
            #expect(Set(step.replacedChecksums) == Set(checksums))
            #expect(!step.isChecksum("0000000000000000"))
        }
        let current = Set(MigrationSteps.shared.map(\.checksum))
        #expect(current.isDisjoint(with: Self.retired.values.flatMap { $0 }), "a retired checksum is no current step's")
        #expect(current.count == MigrationSteps.shared.count)
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
