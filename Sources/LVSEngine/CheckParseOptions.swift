import LVSCapture
import LVSRules

extension ParseOptions {
    /// How `check`, `infer` and the lab read captures: the sysctls the rules declare they read
    /// (`Catalogue.sysctlsRead`), connection entries counted rather than kept.
    public static let forChecks = ParseOptions.forRules(keeping: Catalogue.sysctlsRead)
}
