// Tests of admin/login_throttle.h: the backoff curve, pairs kept apart, the count taken in one
// step under parallel attempts, forgetting, and the memory bound.
#include "admin/login_throttle.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

namespace marquee::admin {
namespace {

using namespace std::chrono_literals;
using Clock = LoginThrottle::Clock;

TEST(ThrottleDelay, FreeFailuresThenDoublingUpToTheCap) {
  const ThrottleOptions options;  // 3 free, 1 s, doubling, 15 min cap
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

TEST(LoginThrottle, AStrangerSlowsOnlyTheirOwnPair) {
  LoginThrottle throttle;
  const auto t0 = Clock::now();
  for (int i = 0; i < 20; ++i) throttle.record_failure("admin@example.com", "198.51.100.9", t0);
  EXPECT_GT(throttle.wait("admin@example.com", "198.51.100.9", t0), 0s);
  EXPECT_GT(throttle.wait("ADMIN@example.com", "198.51.100.9", t0), 0s);  // case-blind
  // The owner, from the owner's address, is not held up at all.
  EXPECT_EQ(throttle.wait("admin@example.com", "203.0.113.7", t0), 0s);
  EXPECT_EQ(throttle.wait("editor@example.com", "198.51.100.9", t0), 0s);
}

TEST(LoginThrottle, TheWaitRunsOutAndASuccessClearsThePair) {
  LoginThrottle throttle;
  const auto t0 = Clock::now();
  std::chrono::seconds last{};
  for (int i = 0; i < 5; ++i) last = throttle.record_failure("a@example.com", "192.0.2.1", t0);
  EXPECT_EQ(last, 2s);
  EXPECT_EQ(throttle.wait("a@example.com", "192.0.2.1", t0), 2s);
  EXPECT_EQ(throttle.wait("a@example.com", "192.0.2.1", t0 + 1500ms), 1s);
  EXPECT_EQ(throttle.wait("a@example.com", "192.0.2.1", t0 + 2s), 0s);
  throttle.record_success("a@example.com", "192.0.2.1");
  EXPECT_EQ(throttle.record_failure("a@example.com", "192.0.2.1", t0 + 3s), 0s);  // afresh
}

TEST(LoginThrottle, AQuietPairIsForgotten) {
  ThrottleOptions options;
  options.forget_after = 60s;
  LoginThrottle throttle(options);
  const auto t0 = Clock::now();
  for (int i = 0; i < 14; ++i) throttle.record_failure("a@example.com", "192.0.2.1", t0);
  EXPECT_EQ(throttle.wait("a@example.com", "192.0.2.1", t0 + 59s), 841s);
  EXPECT_EQ(throttle.wait("a@example.com", "192.0.2.1", t0 + 60s), 0s);
  EXPECT_EQ(throttle.record_failure("a@example.com", "192.0.2.1", t0 + 61s), 0s);
}

TEST(LoginThrottle, ParallelFailuresAreEachCounted) {
  LoginThrottle throttle;
  const auto t0 = Clock::now();
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::multiset<long> delays;
  for (int i = 0; i < 40; ++i) {
    threads.emplace_back([&] {
      const auto d = throttle.record_failure("a@example.com", "192.0.2.1", t0);
      const std::lock_guard lock(mutex);
      delays.insert(static_cast<long>(d.count()));
    });
  }
  for (auto& t : threads) t.join();
  // One step each: exactly 3 free attempts, and the 40th earns the capped wait.
  EXPECT_EQ(delays.count(0), 3u);
  EXPECT_EQ(*delays.rbegin(), 900);
  EXPECT_EQ(throttle.wait("a@example.com", "192.0.2.1", t0), 900s);
}

TEST(LoginThrottle, MemoryIsBoundedByForgettingTheOldestPair) {
  ThrottleOptions options;
  options.max_pairs = 3;
  LoginThrottle throttle(options);
  const auto t0 = Clock::now();
  for (int i = 0; i < 10; ++i) throttle.record_failure("victim@example.com", "192.0.2.1", t0);
  for (int i = 0; i < 5; ++i) {
    throttle.record_failure("a@example.com", "198.51.100." + std::to_string(i), t0 + 1s);
  }
  EXPECT_EQ(throttle.pairs(), 3u);
  EXPECT_EQ(throttle.wait("victim@example.com", "192.0.2.1", t0 + 1s), 0s);  // forgotten first
}

}  // namespace
}  // namespace marquee::admin
