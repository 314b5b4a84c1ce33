import Foundation
import SQLDriver

/// An order-independent digest of a table's rows: the count, and two sums of 64-bit row hashes,
/// so that a row present twice counts twice (an XOR would cancel it out) and any row order gives
/// the same result. The hashes are of the canonical row bytes.
struct ContentDigest: Sendable, Hashable {
    var rows = 0
    private var sumA: UInt64 = 0
    private var sumB: UInt64 = 0

    mutating func add(_ row: UnsafeRawBufferPointer) {
        add(hash: Self.hash(row))
    }

    /// Adds a row whose hash was made in pieces (`Hasher`).
    mutating func add(hash: (UInt64, UInt64)) {
        sumA &+= hash.0
        sumB &+= hash.1
        rows += 1
    }

    /// 32 hex digits.
    var hex: String {
        func digits(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return digits(sumA) + digits(sumB)
    }

    /// Two independent 64-bit hashes of `bytes` (8 bytes per round, a MurmurHash3-style mix).
    static func hash(_ bytes: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F &+ UInt64(bytes.count)
        var index = 0
        while index + 8 <= bytes.count {
            mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)), &a, &b)
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            tail |= UInt64(bytes[index]) << shift
            shift += 8
            index += 1
        }
        return finish(a, b, tail: tail)
    }

    @inline(__always)
    private static func mix(_ word: UInt64, _ a: inout UInt64, _ b: inout UInt64) {
        a = rotate(a ^ rotate(word &* 0x87C3_7B91_1142_53D5, 31) &* 0x4CF5_AD43_2745_937F, 27) &* 5 &+ 0x52DC_E729
        b = rotate(b &+ rotate(word &* 0x4CF5_AD43_2745_937F, 33) &* 0x87C3_7B91_1142_53D5, 31) &* 9 &+ 0x3849_5AB5
    }

    private static func finish(_ a: UInt64, _ b: UInt64, tail: UInt64) -> (UInt64, UInt64) {
        (finish(a ^ tail &* 0x87C3_7B91_1142_53D5), finish(b &+ tail &* 0x4CF5_AD43_2745_937F))
    }

    /// `hash(_:)` made over bytes given in pieces, for a row too large to hold whole: the same
    /// result for the same bytes, however they are cut. The total length must be known first.
    struct Hasher {
        private var a: UInt64
        private var b: UInt64
        /// Bytes of a word not complete yet, little-endian, and how many.
        private var pending: UInt64 = 0
        private var pendingCount = 0
        private let count: Int
        private var seen = 0

        init(count: Int) {
            self.count = count
            a = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
            b = 0xC2B2_AE3D_27D4_EB4F &+ UInt64(count)
        }

        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            seen += bytes.count
            var index = 0
            if pendingCount > 0 {
                while pendingCount < 8 && index < bytes.count {
                    pending |= UInt64(bytes[index]) << UInt64(8 * pendingCount)
                    pendingCount += 1
                    index += 1
                }
                guard pendingCount == 8 else { return }
                ContentDigest.mix(pending, &a, &b)
                (pending, pendingCount) = (0, 0)
            }
            while index + 8 <= bytes.count {
                ContentDigest.mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)), &a, &b)
                index += 8
            }
            while index < bytes.count {
                pending |= UInt64(bytes[index]) << UInt64(8 * pendingCount)
                pendingCount += 1
                index += 1
            }
        }

        /// The hash; `nil` when the bytes given were not the length announced.
        func result() -> (UInt64, UInt64)? {
            seen == count ? ContentDigest.finish(a, b, tail: pending) : nil
        }
    }

    private static func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }

    private static func finish(_ value: UInt64) -> UInt64 {
        var mixed = value
        mixed ^= mixed >> 33
        mixed &*= 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        mixed &*= 0xC4CE_B9FE_1A85_EC53
        mixed ^= mixed >> 33
        return mixed
    }
}

/// Rows per tenant: the text of one field of each canonical row.
struct TenantCounter: Sendable {
    /// The field's position in the row, or `nil` for a table without a tenant column.
    let field: Int?
    /// The rows counted per tenant, the current run of rows of one tenant included.
    var counts: [String: Int] {
        guard lastRun > 0 else { return earlier }
        var counts = earlier
        counts[lastKey, default: 0] += lastRun
        return counts
    }
    /// The rows counted before the current run.
    private var earlier: [String: Int] = [:]
    private var lastBytes: [UInt8] = []
    private var lastKey = ""
    /// Rows of the current run of rows of one tenant (`lastKey`), not yet in `earlier`.
    private var lastRun = 0

    init(field: Int?) { self.field = field }

    mutating func add(_ row: UnsafeRawBufferPointer) {
        guard let field else { return }
        // memchr, not a byte loop: the field often comes after a blob of megabytes.
        guard let base = row.baseAddress, !row.isEmpty else {
            earlier["", default: 0] += 1
            return
        }
        var start = 0
        for _ in 0..<field {
            guard start < row.count, let tab = memchr(base + start, Int32(UInt8(ascii: "\t")), row.count - start) else {
                start = row.count
                break
            }
            start = base.distance(to: UnsafeRawPointer(tab)) + 1
        }
        start = min(start, row.count)
        let end = memchr(base + start, Int32(UInt8(ascii: "\t")), row.count - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? row.count
        let value = UnsafeRawBufferPointer(rebasing: row[start..<end])
        // Rows of one tenant usually come together: they are counted as one run, without making
        // and hashing a string for each of them.
        if lastRun == 0 || !value.elementsEqual(lastBytes) {
            if lastRun > 0 { earlier[lastKey, default: 0] += lastRun }
            lastBytes = Array(value)
            lastKey = String(decoding: value, as: UTF8.self)
            lastRun = 0
        }
        lastRun += 1
    }
}
