import WSO2Schema

/// The script blocks that more than one carbon-kernel version in the catalog writes the same way: one table with
/// its sequences, indexes and the foreign keys that follow it, in the script's statement order.
///
/// Blocks directly in `KernelTables` are written alike by every kernel (4.4.35, 4.6.2, 4.11.18). Blocks only some
/// kernels share live in a nested namespace that says which: `Since4_6_2` (4.6.2 and 4.11.18) and `Through4_6_2`
/// (4.4.35 and 4.6.2). A kernel's schema (`LegacyKernel4_4_35`, `SharedKernel4_6_2`, `SharedKernel4_11_18`) lists
/// its blocks in script order, taking these from here and defining in its own files only the blocks no other
/// kernel writes the same way, so a change to one kernel can never leak into another. A block moves as soon as
/// one of the kernels sharing it writes it differently.
enum KernelTables {}
