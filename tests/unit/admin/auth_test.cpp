// Sign-in, sessions and throttling against a real SQLite store, with the clock in the test's hand.
#include "admin/auth.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "admin/passwords.h"

namespace marquee::admin {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class AuthTest : public ::testing::Test {
 protected:
  fs::path dir = fs::temp_directory_path() / ("marquee-auth-" + std::to_string(::getpid()));
  std::unique_ptr<Store> store;
  Time t0 = std::chrono::floor<std::chrono::seconds>(
      std::chrono::sys_days{std::chrono::year{2026} / 3 / 1});

  void SetUp() override {
    fs::remove_all(dir);
    fs::create_directories(dir);
    store = open_store(dir.string());
    User user;
    user.email = "desk@example.com";
    user.display_name = "Desk";
    user.slug = "desk";
    user.role = Role::editor;
    user.password_hash = hash_password("right password");
    store->users().save(user);
  }
  void TearDown() override {
    store.reset();
    fs::remove_all(dir);
  }
  AuthOptions options() {
    AuthOptions o;
    o.idle_timeout = 2h;
    o.max_age = 12h;
    o.pair = {2, 30s, 15min, 24h};     // 3 failures, then 30 s doubling
    o.address = {4, 30s, 15min, 24h};  // 5 failures across accounts, then 30 s doubling
    return o;
  }
};

TEST_F(AuthTest, SignInGivesATokenWhoseHashAloneIsStored) {
  Auth auth(*store, options());
  auto result = auth.sign_in(" Desk@Example.com ", "right password", "10.0.0.1", t0);
  ASSERT_EQ(result.outcome, SignInOutcome::signed_in);
  ASSERT_EQ(result.token.size(), 64u);
  EXPECT_FALSE(store->sessions().find(result.token));  // the token itself is not a key
  auto stored = store->sessions().find(token_hash(result.token));
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->expires_at, t0 + 12h);
  EXPECT_EQ(stored->csrf_token.size(), 64u);
  auto who = auth.authenticate(result.token, t0 + 1min);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->user.email, "desk@example.com");
}

TEST_F(AuthTest, WrongPasswordsAndUnknownAccountsAreRefused) {
  Auth auth(*store, options());
  EXPECT_EQ(auth.sign_in("desk@example.com", "wrong", "10.0.0.1", t0).outcome,
            SignInOutcome::bad_credentials);
  EXPECT_EQ(auth.sign_in("nobody@example.com", "right password", "10.0.0.1", t0).outcome,
            SignInOutcome::bad_credentials);
  EXPECT_FALSE(auth.authenticate("", t0));
  EXPECT_FALSE(auth.authenticate(std::string(64, 'a'), t0));
  EXPECT_FALSE(auth.authenticate("short", t0));
}

TEST_F(AuthTest, IdleAndAbsoluteExpiry) {
  Auth auth(*store, options());
  auto token = auth.sign_in("desk@example.com", "right password", "10.0.0.1", t0).token;
  // Activity every 90 minutes keeps the session alive until its absolute limit.
  Time now = t0;
  for (int i = 0; i < 7; ++i) {
    now += 90min;
    ASSERT_TRUE(auth.authenticate(token, now)) << i;
  }
  EXPECT_FALSE(auth.authenticate(token, t0 + 12h));
  EXPECT_FALSE(store->sessions().find(token_hash(token)));  // an expired session is deleted

  auto idle = auth.sign_in("desk@example.com", "right password", "10.0.0.1", t0).token;
  EXPECT_TRUE(auth.authenticate(idle, t0 + 1h));
  EXPECT_FALSE(auth.authenticate(idle, t0 + 1h + 2h));
}

TEST_F(AuthTest, SignOutAndLostPasswordsEndSessions) {
  Auth auth(*store, options());
  auto token = auth.sign_in("desk@example.com", "right password", "10.0.0.1", t0).token;
  auth.sign_out(token);
  EXPECT_FALSE(auth.authenticate(token, t0));
  token = auth.sign_in("desk@example.com", "right password", "10.0.0.1", t0).token;
  auto user = *store->users().find_by_email("desk@example.com");
  user.password_hash.clear();  // the account can no longer sign in
  store->users().save(user);
  EXPECT_FALSE(auth.authenticate(token, t0));
}

TEST_F(AuthTest, FailuresSlowTheirOwnPairWithDoublingWaitsAndNeverLockTheOwnerOut) {
  AuthOptions o = options();
  o.address.free_failures = 100;  // the pair alone here
  Auth auth(*store, o);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(auth.sign_in("desk@example.com", "guess", "10.0.0.1", t0 + i * 1s).outcome,
              SignInOutcome::bad_credentials);
  }
  // The pair waits 30 s: even the right password is not tried from there...
  EXPECT_EQ(auth.sign_in("desk@example.com", "right password", "10.0.0.1", t0 + 10s).outcome,
            SignInOutcome::throttled);
  // ...but the owner, from their own address, signs in at once: a stranger cannot lock them out.
  EXPECT_EQ(auth.sign_in("desk@example.com", "right password", "10.0.0.9", t0 + 10s).outcome,
            SignInOutcome::signed_in);
  // The throttled attempt counted too, so the pair's next wait is 60 s from it.
  EXPECT_EQ(auth.sign_in("desk@example.com", "right password", "10.0.0.1", t0 + 60s).outcome,
            SignInOutcome::throttled);
  EXPECT_EQ(auth.sign_in("desk@example.com", "right password", "10.0.0.1", t0 + 181s).outcome,
            SignInOutcome::signed_in);
  // Success cleared the pair: three fresh failures are free again.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(auth.sign_in("desk@example.com", "guess", "10.0.0.1", t0 + 200s + i * 1s).outcome,
              SignInOutcome::bad_credentials);
  }
}

TEST_F(AuthTest, IPv6AddressesArePairedByTheirSlash64) {
  Auth auth(*store, options());
  for (int i = 0; i < 3; ++i) {
    auth.sign_in("desk@example.com", "guess", "2001:db8:1:2::" + std::to_string(i + 1), t0);
  }
  // Another address in the same /64 is the same guesser.
  EXPECT_EQ(auth.sign_in("desk@example.com", "right password", "2001:db8:1:2::99", t0).outcome,
            SignInOutcome::throttled);
  EXPECT_EQ(auth.sign_in("desk@example.com", "right password", "2001:db8:1:3::1", t0).outcome,
            SignInOutcome::signed_in);
}

TEST_F(AuthTest, AnAddressTryingManyAccountsWaitsOnlyThere) {
  Auth auth(*store, options());
  for (int i = 0; i < 5; ++i) {
    auth.sign_in("spray" + std::to_string(i) + "@example.com", "guess", "10.0.0.66", t0 + 20min);
  }
  EXPECT_EQ(
      auth.sign_in("desk@example.com", "right password", "10.0.0.66", t0 + 20min + 10s).outcome,
      SignInOutcome::throttled);
  EXPECT_EQ(
      auth.sign_in("desk@example.com", "right password", "10.0.0.7", t0 + 20min + 10s).outcome,
      SignInOutcome::signed_in);
  // The address's wait passes like any other.
  EXPECT_EQ(auth.sign_in("desk@example.com", "right password", "10.0.0.66", t0 + 21min).outcome,
            SignInOutcome::signed_in);
}

TEST_F(AuthTest, ParallelGuessesGetOnlyTheFreeChecks) {
  Auth auth(*store, options());
  constexpr int kGuesses = 40;
  std::atomic<int> checked = 0;
  std::atomic<int> throttled = 0;
  std::vector<std::thread> guessers;
  for (int i = 0; i < kGuesses; ++i) {
    guessers.emplace_back([&] {
      auto outcome = auth.sign_in("desk@example.com", "guess", "10.0.0.5", t0).outcome;
      ++(outcome == SignInOutcome::throttled ? throttled : checked);
    });
  }
  for (auto& t : guessers) t.join();
  EXPECT_EQ(checked, 3);  // the free failures of the pair, not one more
  EXPECT_EQ(throttled, kGuesses - 3);
}

}  // namespace
}  // namespace marquee::admin
