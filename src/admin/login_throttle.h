// The sign-in throttle's policy: how long an account and address pair (or an address alone)
// waits after failed sign-ins. Failures past the free ones double the wait, up to a cap; there is
// no hard lock, so a stranger guessing from elsewhere only slows their own pair, never the
// owner's sign-in from the owner's address. The counts live in the store (auth.cpp), so every
// node applies the same count.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace marquee::admin {

struct ThrottleOptions {
  int free_failures = 4;                            // failures that earn no wait
  std::chrono::seconds first_delay{30};             // the wait after the first one past those
  std::chrono::seconds max_delay{15 * 60};          // the wait doubles up to this
  std::chrono::seconds forget_after{24 * 60 * 60};  // failures older than this do not count
};

// The wait after `failures` failures under `options`: zero up to free_failures, then
// first_delay doubling per failure, capped at max_delay.
std::chrono::seconds throttle_delay(int failures, const ThrottleOptions& options);

// The address part of a key: an IPv6 address by its /64 (one household or server, which can
// pick any address inside it), anything else as it is.
std::string throttle_address(std::string_view remote_address);

}  // namespace marquee::admin
