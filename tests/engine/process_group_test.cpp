// Sharing replications among processes, without MPI: the tally codec round-trips every bit,
// the shares cover every replication once, and a run split over "processes" (threads here,
// each with its own rank, exchanging through a barrier) gives exactly the one-process tallies.
// The real thing, mpirun and ehsim's files, is tests/mpi/check_mpi_outputs.py.

#include <gtest/gtest.h>

#include <barrier>
#include <bit>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <thread>

#include "engine/process_group.hpp"
#include "engine/tally_codec.hpp"
#include "engine_test_support.hpp"

namespace ehsim::test {
namespace {

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

bool identical(const ReplicationTally& a, const ReplicationTally& b) {
  return encode_tallies({&a, 1}) == encode_tallies({&b, 1}) &&
         same_bits(a.family_days, b.family_days) && a.wait_histogram == b.wait_histogram &&
         a.service.size() == b.service.size();
}

TEST(TallyCodec, RoundTripsEveryBit) {
  ReplicationTally t;
  t.resize(3, 4, 2, 2);
  const double awkward[] = {-0.0,
                            std::numeric_limits<double>::denorm_min(),
                            std::numeric_limits<double>::quiet_NaN(),
                            std::numeric_limits<double>::infinity(),
                            0.1,
                            1e308};
  for (std::size_t i = 0; i < t.family_days.size(); ++i) t.family_days[i] = awkward[i % 6];
  t.service[3].wait_days_sum = std::bit_cast<double>(std::uint64_t{0x7ff8dead0000beef});
  t.wait_histogram[729] = 4000000000u;
  t.events_processed = std::numeric_limits<std::uint64_t>::max();
  t.children_initial = 12345.678;
  const std::vector<ReplicationTally> tallies = {t, ReplicationTally{}};
  const auto back = decode_tallies(encode_tallies(tallies));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_TRUE(same_bits(back[0].family_days, t.family_days));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(back[0].service[3].wait_days_sum),
            std::uint64_t{0x7ff8dead0000beef});
  EXPECT_EQ(back[0].wait_histogram[729], 4000000000u);
  EXPECT_EQ(back[0].events_processed, t.events_processed);
  EXPECT_EQ(back[0].quarters, 3);
  EXPECT_TRUE(identical(back[1], ReplicationTally{}));
}

TEST(TallyCodec, RefusesDamagedBytes) {
  ReplicationTally t;
  t.resize(2, 2, 2, 1);
  const std::string bytes = encode_tallies({&t, 1});
  EXPECT_THROW(decode_tallies(bytes.substr(0, bytes.size() - 1)), std::runtime_error);
  EXPECT_THROW(decode_tallies(bytes + "x"), std::runtime_error);
  EXPECT_THROW(decode_tallies("XXXX" + bytes.substr(4)), std::runtime_error);
}

TEST(ReplicationShare, CoversEveryReplicationOnceInOrder) {
  for (int n : {0, 1, 2, 5, 7, 100}) {
    for (int size : {1, 2, 3, 8}) {
      int next = 0;
      for (int rank = 0; rank < size; ++rank) {
        const auto share = replication_share(n, rank, size);
        EXPECT_EQ(share.begin, next);
        EXPECT_LE(share.end - share.begin, n / size + 1);
        next = share.end;
      }
      EXPECT_EQ(next, n) << n << " replications over " << size;
    }
  }
}

// `size` threads play the processes: each has its rank, and all_gather meets at a barrier.
class ThreadGroup final : public ProcessGroup {
 public:
  explicit ThreadGroup(int size)
      : size_(size), slots_(static_cast<std::size_t>(size)), barrier_(size) {}
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::vector<std::string> all_gather(const std::string& mine) override {
    slots_[static_cast<std::size_t>(rank_)] = mine;
    barrier_.arrive_and_wait();
    auto all = slots_;
    barrier_.arrive_and_wait();  // nobody overwrites a slot before everyone has read it
    return all;
  }
  // Runs `body` on every "process" at once; returns what each returned, by rank.
  template <typename Body>
  auto on_every_process(Body body) {
    std::vector<decltype(body())> results(static_cast<std::size_t>(size_));
    std::vector<std::thread> threads;
    for (int r = 0; r < size_; ++r) {
      threads.emplace_back([&, r] {
        rank_ = r;
        results[static_cast<std::size_t>(r)] = body();
      });
    }
    for (auto& t : threads) t.join();
    return results;
  }

 private:
  static thread_local int rank_;
  int size_;
  std::vector<std::string> slots_;
  std::barrier<> barrier_;
};
thread_local int ThreadGroup::rank_ = 0;

struct GroupFor {
  explicit GroupFor(ProcessGroup& g) { set_process_group(&g); }
  ~GroupFor() { set_process_group(nullptr); }
};

TEST(ProcessGroup, SplitRunEqualsOneProcessBitForBit) {
  const LoadedModel loaded(engine_data("small-county.json"));
  const auto alone = run(loaded.model, 5, 1);
  for (int size : {2, 3, 6}) {  // 6 ranks for 5 replications: one has none
    ThreadGroup group(size);
    const GroupFor installed(group);
    const auto shared = group.on_every_process([&] { return run(loaded.model, 5, 1); });
    for (const auto& tallies : shared) {
      ASSERT_EQ(tallies.size(), alone.size());
      for (std::size_t r = 0; r < alone.size(); ++r) {
        EXPECT_TRUE(identical(tallies[r], alone[r])) << "replication " << r << " of " << size;
      }
    }
  }
}

TEST(ProcessGroup, OneCancelledProcessCancelsThemAll) {
  const LoadedModel loaded(engine_data("small-county.json"));
  ThreadGroup group(2);
  const GroupFor installed(group);
  const std::atomic<bool> stop{true}, go{false};
  const auto outcomes = group.on_every_process([&] {
    MonteCarloOptions options;
    options.replications = 3;
    options.threads = 1;
    options.cancel = process_group()->rank() == 1 ? &stop : &go;
    try {
      run_monte_carlo(loaded.model, options);
    } catch (const Cancelled&) {
      return 1;
    }
    return 0;
  });
  EXPECT_EQ(outcomes, (std::vector<int>{1, 1}));
}

TEST(ProcessGroup, TheVerdictOfThePrimaryIsEveryones) {
  ThreadGroup group(3);
  const GroupFor installed(group);
  const auto outcomes = group.on_every_process([&] {
    int ran = 0;
    try {
      decide_on_primary([&] {
        ++ran;
        Diagnostics problems;
        problems.add("command line", "", "--out is a file");
        throw InputError(std::move(problems));
      });
    } catch (const InputError& e) {
      return ran * 10 + (e.diagnostics().format().find("--out is a file") != std::string::npos);
    }
    return -1;
  });
  EXPECT_EQ(outcomes, (std::vector<int>{11, 1, 1}));  // ran on rank 0 only; all threw it
}

}  // namespace
}  // namespace ehsim::test
