// Sessions and sign-in throttling over the store (see auth.h).
#include "admin/auth.h"

#include <algorithm>

#include "admin/passwords.h"
#include "core/ascii.h"

namespace marquee::admin {

std::string normalise_email(std::string_view email) {
  while (!email.empty() && (email.front() == ' ' || email.front() == '\t')) email.remove_prefix(1);
  while (!email.empty() && (email.back() == ' ' || email.back() == '\t')) email.remove_suffix(1);
  return ascii_lower(email);
}

Auth::Auth(Store& store, AuthOptions options)
    : store_(store), options_(options), decoy_hash_(hash_password(random_token(16))) {}

namespace {

// Whether an attempt after `failures` failures, the latest at `latest`, comes before its wait.
bool too_soon(int failures, const std::optional<Time>& latest, const ThrottleOptions& options,
              Time now) {
  if (!latest) return false;
  return now - *latest < throttle_delay(failures, options);
}

}  // namespace

SignInResult Auth::sign_in(std::string_view email, std::string_view password,
                           const std::string& address, Time now) {
  SignInResult result;
  const std::string where = throttle_address(address);
  const std::string pair_key = "pair:" + normalise_email(email) + " " + where;
  const std::string address_key = "ip:" + where;
  // Counted first and cleared on success: a burst of parallel guesses cannot all slip past the
  // check before any of them is recorded.
  const FailureTally pair =
      store_.sessions().add_failure(pair_key, now, now - options_.pair.forget_after);
  const FailureTally from_address =
      store_.sessions().failures(address_key, now - options_.address.forget_after);
  if (too_soon(pair.count - 1, pair.latest, options_.pair, now) ||
      too_soon(from_address.count, from_address.latest, options_.address, now)) {
    result.outcome = SignInOutcome::throttled;
    return result;
  }
  auto user = store_.users().find_by_email(normalise_email(email));
  bool ok = false;
  if (user && !user->password_hash.empty()) {
    ok = verify_password(password, user->password_hash);
  } else {
    verify_password(password, decoy_hash_);
  }
  if (!ok) {
    store_.sessions().record_failure(address_key, now);
    result.outcome = SignInOutcome::bad_credentials;
    return result;
  }
  store_.sessions().clear_failures(pair_key);
  store_.sessions().remove_expired(now);

  result.token = random_token();
  Session session;
  session.token_hash = token_hash(result.token);
  session.user_id = user->id;
  session.csrf_token = random_token();
  session.address = address;
  session.created_at = now;
  session.last_seen_at = now;
  session.expires_at = now + options_.max_age;
  store_.sessions().save(session);
  result.outcome = SignInOutcome::signed_in;
  result.signed_in = SignedIn{*user, session};
  return result;
}

std::optional<SignedIn> Auth::authenticate(std::string_view token, Time now) {
  if (token.size() != 64) return std::nullopt;  // random_token(32): 64 hex digits
  const std::string hash = token_hash(token);
  auto session = store_.sessions().find(hash);
  if (!session) return std::nullopt;
  if (now >= session->expires_at || now - session->last_seen_at >= options_.idle_timeout) {
    store_.sessions().remove(hash);
    return std::nullopt;
  }
  auto user = store_.users().find(session->user_id);
  if (!user || user->password_hash.empty()) {
    store_.sessions().remove(hash);
    return std::nullopt;
  }
  // Renewing on every request would write on every page view; a quarter of the idle limit (at
  // most a minute) is precise enough.
  auto renew_after =
      std::min<std::chrono::seconds>(std::chrono::minutes(1), options_.idle_timeout / 4);
  if (now - session->last_seen_at >= renew_after) {
    session->last_seen_at = now;
    store_.sessions().save(*session);
  }
  return SignedIn{*user, *session};
}

void Auth::sign_out(std::string_view token) {
  store_.sessions().remove(token_hash(token));
}

}  // namespace marquee::admin
