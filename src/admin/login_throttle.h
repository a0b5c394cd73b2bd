// How often one account may be tried from one address: a policy with no store behind it, kept
// in memory. Failures are counted per (account, address) pair and each failure past the first
// few doubles the wait before the pair's next attempt is checked at all. There is no hard lock:
// a stranger guessing from elsewhere only slows their own pair, never the owner's sign-in from
// the owner's address. Thread-safe; counting a failure and reading the new wait is one step.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace marquee::admin {

struct ThrottleOptions {
  int free_failures = 3;                            // failures a pair may make before any wait
  std::chrono::seconds first_delay{1};              // the wait after the first failure past those
  std::chrono::seconds max_delay{15 * 60};          // the wait doubles up to this
  std::chrono::seconds forget_after{24 * 60 * 60};  // a pair quiet this long starts afresh
  std::size_t max_pairs = 100000;  // memory bound: the pair failed longest ago goes first
};

// The wait after `failures` failures in a row under `options`: zero up to free_failures, then
// first_delay doubling per failure, capped at max_delay.
std::chrono::seconds throttle_delay(int failures, const ThrottleOptions& options);

// The address part of the key: an IPv6 address by its /64 (one household or server, which can
// pick any address inside it), anything else as it is.
std::string throttle_address(std::string_view remote_address);

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LoginThrottle(ThrottleOptions options = {}) : options_(options) {}

  // How long the pair must still wait before an attempt is checked; zero: go ahead.
  std::chrono::seconds wait(std::string_view account, std::string_view address,
                            Clock::time_point now);
  // Counts a failure and returns the wait it earns, in one step under the lock, so parallel
  // attempts each see their own count.
  std::chrono::seconds record_failure(std::string_view account, std::string_view address,
                                      Clock::time_point now);
  // A successful sign-in clears the pair.
  void record_success(std::string_view account, std::string_view address);
  std::size_t pairs() const;

 private:
  struct Entry {
    int failures = 0;
    Clock::time_point last_failure;
    std::list<std::string>::iterator age;  // position in by_age_
  };
  static std::string key(std::string_view account, std::string_view address);
  void forget_oldest_locked(Clock::time_point now);

  ThrottleOptions options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> by_age_;  // keys, the most recent failure last
};

}  // namespace marquee::admin
