// Sign-in, sessions and throttling against a real SQLite store, with the clock in the test's hand.
#include "admin/auth.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

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
    o.account_failure_limit = 3;
    o.address_failure_limit = 5;
    o.failure_window = 15min;
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

TEST_F(AuthTest, ThrottlesPerAccountAndPerAddressWithinTheWindow) {
  Auth auth(*store, options());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(
        auth.sign_in("desk@example.com", "guess", "10.0.0.1", t0 + std::chrono::seconds(i)).outcome,
        SignInOutcome::bad_credentials);
  }
  // Locked: even the right password from another address is not tried.
  EXPECT_EQ(auth.sign_in("desk@example.com", "right password", "10.0.0.9", t0 + 1min).outcome,
            SignInOutcome::throttled);
  // The window passes; success clears the account's count.
  EXPECT_EQ(auth.sign_in("desk@example.com", "right password", "10.0.0.9", t0 + 16min).outcome,
            SignInOutcome::signed_in);

  // Five failures from one address over different accounts lock that address only.
  for (int i = 0; i < 5; ++i) {
    auth.sign_in("spray" + std::to_string(i) + "@example.com", "guess", "10.0.0.66", t0 + 20min);
  }
  EXPECT_EQ(auth.sign_in("desk@example.com", "right password", "10.0.0.66", t0 + 21min).outcome,
            SignInOutcome::throttled);
  EXPECT_EQ(auth.sign_in("desk@example.com", "right password", "10.0.0.7", t0 + 21min).outcome,
            SignInOutcome::signed_in);
}

}  // namespace
}  // namespace marquee::admin
