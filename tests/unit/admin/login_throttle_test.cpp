// Tests of admin/login_throttle.h: the backoff curve and the address key (auth_test.cpp tries
// the policy against the store).
#include "admin/login_throttle.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

namespace marquee::admin {
namespace {

using namespace std::chrono_literals;

TEST(ThrottleDelay, FreeFailuresThenDoublingUpToTheCap) {
  const ThrottleOptions options{3, std::chrono::seconds(1), std::chrono::minutes(15),
                                std::chrono::hours(24)};  // 3 free, 1 s, doubling, 15 min cap
  const std::pair<int, std::chrono::seconds> cases[] = {
      {0, 0s}, {1, 0s},   {3, 0s},    {4, 1s},    {5, 2s},
      {6, 4s}, {10, 64s}, {13, 512s}, {14, 900s}, {1000, 900s},
  };
  for (const auto& [failures, delay] : cases) {
    EXPECT_EQ(throttle_delay(failures, options), delay) << failures;
  }
}

TEST(ThrottleAddress, Ipv6ByItsSlash64) {
  EXPECT_EQ(throttle_address("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(throttle_address("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(throttle_address("2001:DB8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
  EXPECT_EQ(throttle_address("2001:0db8::1"), "2001:db8:0:0::/64");
  EXPECT_EQ(throttle_address("::1"), "0:0:0:0::/64");
}

}  // namespace
}  // namespace marquee::admin
