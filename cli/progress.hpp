#pragma once
// A progress bar with time left on stderr when it is a terminal; silent otherwise. Also the
// Ctrl-C flag: the first SIGINT asks the run to stop cleanly.

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace ehsim::cli {

std::atomic<bool>& cancel_requested();
void install_interrupt_handler();

class ProgressBar {
 public:
  ProgressBar(std::string label, int total, const std::atomic<int>& done, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

 private:
  void draw(bool final) const;
  std::string label_;
  int total_;
  const std::atomic<int>& done_;
  bool enabled_;
  std::atomic<bool> stop_{false};
  std::chrono::steady_clock::time_point start_;
  std::thread thread_;
};

}  // namespace ehsim::cli
