/// SplitMix64's finalizer: every input bit moves every output bit. The last step of the
/// quick hashes of tables read per line or per pair (`QuickHash`, `AddressSlotTable`); a single
/// multiply and shift left short keys crowding into a few slots, a test found.
public enum SplitMix {
    @inlinable @inline(__always)
    public static func finalize(_ x: UInt64) -> UInt64 {
        var z = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
