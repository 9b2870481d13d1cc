#include "engine/tally_codec.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace ehsim {

namespace {

// A tripwire for the next field: a member added to either struct changes its size, and this
// codec would silently drop it. Add the field to encode_one/decode_one (and bump the version).
static_assert(sizeof(ServiceQuarter) == 12 * sizeof(double),
              "ServiceQuarter changed: update tally_codec.cpp's service_fields");
static_assert(sizeof(ReplicationTally) == 4 * sizeof(int) + 12 * sizeof(std::vector<double>) +
                                              7 * sizeof(std::uint64_t) + sizeof(double),
              "ReplicationTally changed: update tally_codec.cpp's encode_one and decode_one");

constexpr std::array<char, 4> kMagic = {'E', 'H', 'T', 'L'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kByteOrderMark = 0x01020304;

// The ServiceQuarter fields in the order they are written.
constexpr std::array<double ServiceQuarter::*, 12> kServiceFields = {
    &ServiceQuarter::occupied_family_days,
    &ServiceQuarter::waiting_family_days,
    &ServiceQuarter::place_days,
    &ServiceQuarter::joined_waiting_list,
    &ServiceQuarter::allocations,
    &ServiceQuarter::allocated_from_wait,
    &ServiceQuarter::allocated_within_standard,
    &ServiceQuarter::wait_days_sum,
    &ServiceQuarter::dropped_out,
    &ServiceQuarter::escalated_while_waiting,
    &ServiceQuarter::left_while_waiting,
    &ServiceQuarter::waiting_at_end};

class Writer {
 public:
  template <typename T>
  void value(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const char*>(&v);
    bytes_.append(p, sizeof(T));
  }
  template <typename T>
  void array(const std::vector<T>& v) {
    value(static_cast<std::uint64_t>(v.size()));
    if (!v.empty()) bytes_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

class Reader {
 public:
  explicit Reader(const std::string& bytes) : bytes_(bytes) {}
  template <typename T>
  T value() {
    T v;
    std::memcpy(&v, take(sizeof(T)), sizeof(T));
    return v;
  }
  template <typename T>
  void array(std::vector<T>& v) {
    const auto n = value<std::uint64_t>();
    if (n > (bytes_.size() - at_) / sizeof(T)) fail("an array runs past the end");
    v.resize(static_cast<std::size_t>(n));
    if (v.empty()) return;  // an empty vector's data() may be null: memcpy must not see it
    std::memcpy(v.data(), take(v.size() * sizeof(T)), v.size() * sizeof(T));
  }
  bool at_end() const { return at_ == bytes_.size(); }
  [[noreturn]] static void fail(const std::string& why) {
    throw std::runtime_error("replication tallies received from another process are damaged: " +
                             why);
  }

 private:
  const char* take(std::size_t n) {
    if (n > bytes_.size() - at_) fail("they end too soon");
    const char* p = bytes_.data() + at_;
    at_ += n;
    return p;
  }
  const std::string& bytes_;
  std::size_t at_ = 0;
};

void encode_one(Writer& w, const ReplicationTally& t) {
  for (int d : {t.quarters, t.states, t.event_kinds, t.services}) w.value(d);
  for (auto c : {t.events_processed, t.stale_events, t.families_initial, t.families_arrived,
                 t.families_exited, t.families_present_at_end, t.families_waiting_at_end}) {
    w.value(c);
  }
  w.value(t.children_initial);
  for (const auto* v : {&t.family_days, &t.child_days, &t.entries, &t.entries_children, &t.exits,
                        &t.families_at_end, &t.children_at_end, &t.events_families,
                        &t.events_children, &t.waiting_at_start}) {
    w.array(*v);
  }
  w.array(t.wait_histogram);
  w.value(static_cast<std::uint64_t>(t.service.size()));
  for (const auto& s : t.service) {
    for (auto field : kServiceFields) w.value(s.*field);
  }
}

ReplicationTally decode_one(Reader& r) {
  ReplicationTally t;
  for (int* d : {&t.quarters, &t.states, &t.event_kinds, &t.services}) *d = r.value<int>();
  for (auto* c : {&t.events_processed, &t.stale_events, &t.families_initial, &t.families_arrived,
                  &t.families_exited, &t.families_present_at_end, &t.families_waiting_at_end}) {
    *c = r.value<std::uint64_t>();
  }
  t.children_initial = r.value<double>();
  for (auto* v : {&t.family_days, &t.child_days, &t.entries, &t.entries_children, &t.exits,
                  &t.families_at_end, &t.children_at_end, &t.events_families, &t.events_children,
                  &t.waiting_at_start}) {
    r.array(*v);
  }
  r.array(t.wait_histogram);
  const auto services = r.value<std::uint64_t>();
  // Each quarter of a service takes 12 doubles: more than the bytes left is damage, not memory
  // to reserve.
  if (services > (1u << 30)) Reader::fail("an impossible number of service quarters");
  t.service.resize(static_cast<std::size_t>(services));
  for (auto& s : t.service) {
    for (auto field : kServiceFields) s.*field = r.value<double>();
  }
  return t;
}

}  // namespace

std::string encode_tallies(std::span<const ReplicationTally> tallies) {
  Writer w;
  w.value(kMagic);
  w.value(kVersion);
  w.value(kByteOrderMark);
  w.value(static_cast<std::uint64_t>(tallies.size()));
  for (const auto& t : tallies) encode_one(w, t);
  return w.take();
}

std::vector<ReplicationTally> decode_tallies(const std::string& bytes) {
  Reader r(bytes);
  if (r.value<std::array<char, 4>>() != kMagic) Reader::fail("they do not start with EHTL");
  if (r.value<std::uint32_t>() != kVersion) {
    Reader::fail("another format version (every process must run the same ehsim)");
  }
  if (r.value<std::uint32_t>() != kByteOrderMark) {
    Reader::fail("another byte order (every process must run on the same kind of machine)");
  }
  const auto count = r.value<std::uint64_t>();
  std::vector<ReplicationTally> tallies;
  for (std::uint64_t i = 0; i < count; ++i) tallies.push_back(decode_one(r));
  if (!r.at_end()) Reader::fail("bytes are left over after the last tally");
  return tallies;
}

}  // namespace ehsim
