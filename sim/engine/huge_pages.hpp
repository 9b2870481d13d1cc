#pragma once
// Asking the kernel to back a large array with 2 MiB pages. A replication touches its family
// records and its event pool at random; with 4 KiB pages nearly every such touch also misses the
// processor's address translation cache once the arrays outgrow a few megabytes (a county's do).
// Linux gives huge pages to memory marked MADV_HUGEPAGE when transparent huge pages are set to
// "madvise" (Debian's default) or "always"; elsewhere this does nothing. Results never depend
// on it: only where the memory sits.

#include <cstddef>

namespace ehsim {

// Marks the whole 2 MiB pages inside [data, data + bytes) for huge pages. Pages already touched
// keep their size until the kernel collapses them, so call it before filling the array.
void advise_huge_pages(const void* data, std::size_t bytes);

}  // namespace ehsim
