#include "engine/process_group.hpp"

#include <algorithm>
#include <exception>
#include <span>
#include <stdexcept>

#include <fmt/format.h>

#include "core/diagnostics.hpp"
#include "engine/replication.hpp"
#include "engine/tally_codec.hpp"

namespace ehsim {

namespace {

ProcessGroup* g_group = nullptr;

bool working_alone() {
  return g_group == nullptr || g_group->size() <= 1;
}

// A process's outcome of its share, as the first byte of a short message: what it was, then
// its error's text.
enum class ShareOutcome : char { kDone = '0', kCancelled = '1', kFailed = '2', kBadInput = '3' };

std::string outcome_message(ShareOutcome outcome, const std::string& what = {}) {
  return std::string(1, static_cast<char>(outcome)) + what;
}

// Every process learns every process's outcome; if any did not finish, every process throws
// (its own exception, rethrown, on the process that had it) before waiting for any tally.
void agree_on_outcomes(ShareOutcome mine, const std::string& what,
                       const std::exception_ptr& error) {
  const auto outcomes = g_group->all_gather(outcome_message(mine, what));
  if (error) std::rethrow_exception(error);
  for (std::size_t rank = 0; rank < outcomes.size(); ++rank) {
    if (outcomes[rank].front() == static_cast<char>(ShareOutcome::kFailed)) {
      throw std::runtime_error(fmt::format("process {} of {} failed: {}", rank, outcomes.size(),
                                           outcomes[rank].substr(1)));
    }
  }
  for (const auto& outcome : outcomes) {
    if (outcome.front() == static_cast<char>(ShareOutcome::kCancelled)) throw Cancelled{};
  }
}

}  // namespace

void set_process_group(ProcessGroup* group) {
  g_group = group;
}

ProcessGroup* process_group() {
  return g_group;
}

bool is_primary_process() {
  return g_group == nullptr || g_group->rank() == 0;
}

ReplicationShare replication_share(int replications, int rank, int size) {
  const int base = replications / size, longer = replications % size;
  const int begin = rank * base + std::min(rank, longer);
  return {begin, begin + base + (rank < longer ? 1 : 0)};
}

void run_shared_across_processes(std::vector<ReplicationTally>& tallies,
                                 const std::function<void(int begin, int end)>& run_range,
                                 std::atomic<int>* completed) {
  const int replications = static_cast<int>(tallies.size());
  if (working_alone()) {
    run_range(0, replications);
    return;
  }
  const int size = g_group->size();
  const ReplicationShare mine = replication_share(replications, g_group->rank(), size);
  ShareOutcome outcome = ShareOutcome::kDone;
  std::string what;
  std::exception_ptr error;
  try {
    run_range(mine.begin, mine.end);
  } catch (const Cancelled&) {
    outcome = ShareOutcome::kCancelled;
  } catch (const std::exception& e) {
    outcome = ShareOutcome::kFailed;
    what = e.what();
    error = std::current_exception();
  }
  agree_on_outcomes(outcome, what, error);

  const auto first = tallies.begin() + mine.begin;
  const auto shares = g_group->all_gather(
      encode_tallies(std::span<const ReplicationTally>(first, first + (mine.end - mine.begin))));
  for (int rank = 0; rank < size; ++rank) {
    if (rank == g_group->rank()) continue;
    const ReplicationShare theirs = replication_share(replications, rank, size);
    auto received = decode_tallies(shares[static_cast<std::size_t>(rank)]);
    if (static_cast<int>(received.size()) != theirs.end - theirs.begin) {
      throw std::runtime_error(fmt::format("process {} sent {} replication tallies, not {}", rank,
                                           received.size(), theirs.end - theirs.begin));
    }
    std::move(received.begin(), received.end(), tallies.begin() + theirs.begin);
  }
  if (completed != nullptr) completed->fetch_add(replications - (mine.end - mine.begin));
}

void decide_on_primary(const std::function<void()>& decide) {
  if (working_alone()) {
    decide();
    return;
  }
  const bool primary = g_group->rank() == 0;
  std::string verdict = outcome_message(ShareOutcome::kDone);
  std::exception_ptr error;
  if (primary) {
    try {
      decide();
    } catch (const InputError& e) {
      verdict = outcome_message(ShareOutcome::kBadInput, e.diagnostics().format());
      error = std::current_exception();
    } catch (const std::exception& e) {
      verdict = outcome_message(ShareOutcome::kFailed, e.what());
      error = std::current_exception();
    }
  }
  // Only the primary's verdict counts; the others send an empty one.
  const std::string decided = g_group->all_gather(primary ? verdict : std::string()).front();
  if (error) std::rethrow_exception(error);
  switch (static_cast<ShareOutcome>(decided.front())) {
    case ShareOutcome::kDone:
      return;
    case ShareOutcome::kBadInput: {
      Diagnostics problems;
      problems.add("", "", decided.substr(1));
      throw InputError(std::move(problems));
    }
    default:
      throw std::runtime_error("the primary process failed: " + decided.substr(1));
  }
}

}  // namespace ehsim
