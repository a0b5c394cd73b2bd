// Signing in and out of the newsroom: password checks with throttling per account and address
// pair (and per address across accounts), waits that double and never a hard lock, sessions
// kept in the store (only a hash of the cookie's token), idle and absolute
// expiry. Stateless between requests, so any number of server nodes can share one store.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "admin/login_throttle.h"
#include "core/types.h"
#include "store/store.h"

namespace marquee::admin {

struct AuthOptions {
  std::chrono::seconds idle_timeout = std::chrono::hours(2);  // no request for this long: out
  std::chrono::seconds max_age = std::chrono::hours(12);      // signed in this long: out
  // One account tried from one address (an IPv6 address by its /64): 5 failures, then a wait
  // of 30 s doubling to 15 minutes. The owner signing in from elsewhere never waits for it.
  ThrottleOptions pair;
  // One address trying many accounts: 20 failures, then the same doubling waits.
  ThrottleOptions address{19, std::chrono::seconds(30), std::chrono::minutes(15),
                          std::chrono::hours(24)};
};

struct SignedIn {
  User user;
  Session session;
};

enum class SignInOutcome { signed_in, bad_credentials, throttled };

struct SignInResult {
  SignInOutcome outcome = SignInOutcome::bad_credentials;
  std::string token;  // the cookie value, when signed in
  std::optional<SignedIn> signed_in;
};

class Auth {
 public:
  Auth(Store& store, AuthOptions options);

  // Checks throttling first (a throttled attempt does not even look at the password), then the
  // password. Every attempt of a pair is counted in the store before its password is checked,
  // so parallel attempts each see their own count. Unknown accounts take as long as known ones.
  SignInResult sign_in(std::string_view email, std::string_view password,
                       const std::string& address, Time now);
  // The user behind a cookie token, or nullopt when the session is unknown, expired (idle or
  // absolute) or its user is gone or can no longer sign in. Renews the idle clock.
  std::optional<SignedIn> authenticate(std::string_view token, Time now);
  void sign_out(std::string_view token);

  const AuthOptions& options() const { return options_; }

 private:
  Store& store_;
  AuthOptions options_;
  std::string decoy_hash_;  // verified against for unknown accounts, to even out timing
};

// Lower-cased and trimmed, as emails are stored and compared.
std::string normalise_email(std::string_view email);

}  // namespace marquee::admin
