extension MigrationSteps {
    /// Steps of WSO2_AM_DB: one between every two API-M releases from 2.1.0 to 4.7.0.
    public static let am: [MigrationStep] = [
        AM2_2_0.step, AM2_5_0.step, AM2_6_0.step, AM3_0_0.step, AM3_1_0.step, AM3_2_0.step, AM4_0_0.step,
        AM4_1_0.step, AM4_2_0.step, AM4_3_0.step, AM4_4_0.step, AM4_5_0.step, AM4_6_0.step, AM4_7_0.step,
    ]
}
