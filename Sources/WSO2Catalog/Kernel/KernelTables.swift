import WSO2Schema

/// The script blocks that every carbon-kernel version in the catalog writes the same way: one table with its
/// sequences, indexes and the foreign keys that follow it, in the script's statement order.
///
/// A kernel's schema (`LegacyKernel4_4_35`, `SharedKernel4_11_18`) lists its blocks in script order, taking
/// these from here and defining in its own files only the blocks its kernel changed, so a change to one
/// kernel can never leak into another. A block moves out of here as soon as one kernel writes it differently.
enum KernelTables {}
