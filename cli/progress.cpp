#include "progress.hpp"

#include <csignal>
#include <cstdio>

#include <fmt/format.h>
#include <unistd.h>

namespace ehsim::cli {

std::atomic<bool>& cancel_requested() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace {
extern "C" void on_interrupt(int) {
  // Only an atomic store here: the run notices between events and unwinds normally.
  cancel_requested().store(true);
}
}  // namespace

void install_interrupt_handler() {
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
}

ProgressBar::ProgressBar(std::string label, int total, const std::atomic<int>& done, bool enabled)
    : label_(std::move(label)),
      total_(total),
      done_(done),
      enabled_(enabled && ::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()) {
  if (!enabled_) return;
  thread_ = std::thread([this] {
    while (!stop_.load()) {
      draw(false);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
}

ProgressBar::~ProgressBar() {
  if (!enabled_) return;
  stop_.store(true);
  thread_.join();
  draw(true);
  std::fputc('\n', stderr);
}

void ProgressBar::draw(bool final) const {
  const int done = done_.load();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction = total_ > 0 ? static_cast<double>(done) / total_ : 1.0;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(fraction * kWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::string eta = "--";
  if (done > 0 && !final) eta = fmt::format("{:.0f}s", elapsed * (total_ - done) / done);
  fmt::print(stderr, "\r{} [{}] {}/{} elapsed {:.0f}s, left {}   ", label_, bar, done, total_,
             elapsed, final ? "0s" : eta);
  std::fflush(stderr);
}

}  // namespace ehsim::cli
