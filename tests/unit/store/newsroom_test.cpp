// The newsroom's records: sessions and their expiry, failed sign-ins for throttling, the audit
// log's order and paging, and API tokens with their role ceiling and unique hashes.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <thread>

#include "store_fixture.h"

namespace marquee::testing {
namespace {

class Newsroom : public StoreTest {
 protected:
  Session session_for(Id user, const std::string& hash, std::int64_t expires) {
    Session s;
    s.token_hash = hash;
    s.user_id = user;
    s.csrf_token = "csrf-" + hash;
    s.address = "192.0.2.7";
    s.created_at = at(100);
    s.last_seen_at = at(150);
    s.expires_at = at(expires);
    return s;
  }

  User user_with_role(const std::string& name, Role role) {
    User u;
    u.display_name = name;
    u.role = role;
    return store->users().save(u);
  }

  ApiToken token_for(Id user, const std::string& hash, Role role) {
    ApiToken t;
    t.user_id = user;
    t.name = "feed importer";
    t.token_hash = hash;
    t.role = role;
    return t;
  }
};

// --- sessions

TEST_F(Newsroom, SessionsRoundTripAndUpdateInPlace) {
  User ada = make_user("Ada", "ada@example.com");
  store->sessions().save(session_for(ada.id, "h1", 1000));
  reopen();
  auto got = store->sessions().find("h1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->token_hash, "h1");
  EXPECT_EQ(got->user_id, ada.id);
  EXPECT_EQ(got->csrf_token, "csrf-h1");
  EXPECT_EQ(got->address, "192.0.2.7");
  EXPECT_EQ(got->created_at, at(100));
  EXPECT_EQ(got->last_seen_at, at(150));
  EXPECT_EQ(got->expires_at, at(1000));

  // Seen again later: the same row, its creation time kept.
  Session later = *got;
  later.created_at = at(999);
  later.last_seen_at = at(400);
  later.expires_at = at(2000);
  later.address = "198.51.100.1";
  store->sessions().save(later);
  got = store->sessions().find("h1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->created_at, at(100));
  EXPECT_EQ(got->last_seen_at, at(400));
  EXPECT_EQ(got->expires_at, at(2000));
  EXPECT_EQ(got->address, "198.51.100.1");

  EXPECT_FALSE(store->sessions().find("h2"));
  EXPECT_FALSE(store->sessions().find(""));
}

TEST_F(Newsroom, SessionCreationTimeDefaultsToNow) {
  User ada = make_user("Ada");
  Session s = session_for(ada.id, "fresh", 1000);
  s.created_at = Time{};
  store->sessions().save(s);
  EXPECT_GT(store->sessions().find("fresh")->created_at, at(1'600'000'000));
}

TEST_F(Newsroom, BadSessionsAreRefused) {
  User ada = make_user("Ada");
  EXPECT_THROW(store->sessions().save(session_for(ada.id, "", 1000)), ConstraintError);
  EXPECT_THROW(store->sessions().save(session_for(ada.id + 100, "h", 1000)), ConstraintError);
  EXPECT_THROW(store->sessions().save(session_for(0, "h", 1000)), ConstraintError);
  EXPECT_FALSE(store->sessions().find("h"));
}

TEST_F(Newsroom, SessionsAreReturnedEvenWhenExpired) {
  User ada = make_user("Ada");
  store->sessions().save(session_for(ada.id, "old", 10));
  ASSERT_TRUE(store->sessions().find("old"));
  EXPECT_EQ(store->sessions().find("old")->expires_at, at(10));
}

TEST_F(Newsroom, ExpiredSessionsAreDeletedAtTheirExpiry) {
  User ada = make_user("Ada");
  store->sessions().save(session_for(ada.id, "a", 100));
  store->sessions().save(session_for(ada.id, "b", 200));
  store->sessions().save(session_for(ada.id, "c", 300));
  EXPECT_EQ(store->sessions().remove_expired(at(99)), 0);
  EXPECT_EQ(store->sessions().remove_expired(at(200)), 2);  // expires_at <= now
  EXPECT_FALSE(store->sessions().find("a"));
  EXPECT_FALSE(store->sessions().find("b"));
  EXPECT_TRUE(store->sessions().find("c"));
  EXPECT_EQ(store->sessions().remove_expired(at(200)), 0);
  EXPECT_EQ(store->sessions().remove_expired(at(1000)), 1);
}

TEST_F(Newsroom, SignOutOneOrEverywhere) {
  User ada = make_user("Ada");
  User ben = make_user("Ben");
  store->sessions().save(session_for(ada.id, "ada-laptop", 1000));
  store->sessions().save(session_for(ada.id, "ada-phone", 1000));
  store->sessions().save(session_for(ben.id, "ben-laptop", 1000));
  store->sessions().remove("ada-laptop");
  store->sessions().remove("no-such-session");
  EXPECT_FALSE(store->sessions().find("ada-laptop"));
  EXPECT_TRUE(store->sessions().find("ada-phone"));
  store->sessions().remove_for_user(ada.id);
  EXPECT_FALSE(store->sessions().find("ada-phone"));
  EXPECT_TRUE(store->sessions().find("ben-laptop"));
}

// --- failed sign-ins

TEST_F(Newsroom, LoginFailuresCountPerKeySinceATime) {
  const std::string email = "email:ada@example.com";
  const std::string ip = "ip:192.0.2.7";
  for (std::int64_t t : {100, 200, 300}) store->sessions().record_failure(email, at(t));
  store->sessions().record_failure(ip, at(250));
  struct Case {
    std::string key;
    std::int64_t since;
    int want;
  };
  const Case cases[] = {
      {email, 0, 3},   {email, 200, 2}, {email, 300, 1},  // since is inclusive
      {email, 301, 0}, {ip, 0, 1},      {"ip:203.0.113.9", 0, 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(store->sessions().failures_since(c.key, at(c.since)), c.want)
        << c.key << " since " << c.since;
  }
  store->sessions().clear_failures(email);
  EXPECT_EQ(store->sessions().failures_since(email, at(0)), 0);
  EXPECT_EQ(store->sessions().failures_since(ip, at(0)), 1);
  EXPECT_THROW(store->sessions().record_failure("", at(1)), ConstraintError);
}

TEST_F(Newsroom, AddingAFailureTalliesItWithTheOnesBefore) {
  auto first = store->sessions().add_failure("pair:a", at(1000), at(0));
  EXPECT_EQ(first.count, 1);
  EXPECT_EQ(first.latest, std::nullopt);
  auto second = store->sessions().add_failure("pair:a", at(1010), at(0));
  EXPECT_EQ(second.count, 2);
  EXPECT_EQ(second.latest, at(1000));
  // Only those since the given time count; the latest is the newest of them.
  auto third = store->sessions().add_failure("pair:a", at(1020), at(1005));
  EXPECT_EQ(third.count, 2);
  EXPECT_EQ(third.latest, at(1010));
  auto now = store->sessions().failures("pair:a", at(0));
  EXPECT_EQ(now.count, 3);
  EXPECT_EQ(now.latest, at(1020));
  EXPECT_EQ(store->sessions().failures("pair:b", at(0)).count, 0);
}

TEST_F(Newsroom, ParallelFailuresOnOneKeyEachSeeTheirOwnCount) {
  constexpr int kAttempts = 40;
  std::vector<int> counts;
  std::mutex mutex;
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i) {
    threads.emplace_back([&] {
      const int count = store->sessions().add_failure("pair:raced", at(5000), at(0)).count;
      std::lock_guard lock(mutex);
      counts.push_back(count);
    });
  }
  for (auto& t : threads) t.join();
  std::sort(counts.begin(), counts.end());
  for (int i = 0; i < kAttempts; ++i) EXPECT_EQ(counts[i], i + 1);
}

TEST_F(Newsroom, OldLoginFailuresAreForgotten) {
  const std::int64_t day = 24 * 60 * 60;
  store->sessions().record_failure("ip:a", at(1000));
  store->sessions().record_failure("ip:b", at(1000 + day / 2));
  EXPECT_EQ(store->sessions().failures_since("ip:a", at(0)), 1);
  // A failure more than a day later, under any key, clears out the old ones.
  store->sessions().record_failure("ip:c", at(1001 + day));
  EXPECT_EQ(store->sessions().failures_since("ip:a", at(0)), 0);
  EXPECT_EQ(store->sessions().failures_since("ip:b", at(0)), 1);
  EXPECT_EQ(store->sessions().failures_since("ip:c", at(0)), 1);
}

// --- audit log

TEST_F(Newsroom, AuditLogIsNewestFirstAndPages) {
  User ada = make_user("Ada");
  AuditEntry e;
  e.user_id = ada.id;
  e.action = "story.publish";
  e.subject = "article:12";
  e.address = "192.0.2.7";
  // Out of order on purpose; two at the same second keep the order they were written in.
  for (std::int64_t t : {300, 100, 200, 200}) {
    e.at = at(t);
    e.detail =
        "at " + std::to_string(t) + " #" + std::to_string(store->audit().list(100, 0).size());
    store->audit().append(e);
  }
  AuditEntry system;
  system.at = at(50);
  system.action = "schedule.publish_due";
  store->audit().append(system);

  auto all = store->audit().list(10, 0);
  ASSERT_EQ(all.size(), 5u);
  const std::vector<std::string> details = {"at 300 #0", "at 200 #3", "at 200 #2", "at 100 #1", ""};
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].detail, details[i]) << i;
  EXPECT_EQ(all[0].user_id, ada.id);
  EXPECT_EQ(all[0].action, "story.publish");
  EXPECT_EQ(all[0].subject, "article:12");
  EXPECT_EQ(all[0].address, "192.0.2.7");
  EXPECT_EQ(all[0].at, at(300));
  EXPECT_GT(all[0].id, 0);
  EXPECT_EQ(all[4].user_id, 0);
  EXPECT_EQ(all[4].action, "schedule.publish_due");

  auto page = store->audit().list(2, 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, all[2].id);
  EXPECT_EQ(page[1].id, all[3].id);
  EXPECT_TRUE(store->audit().list(0, 0).empty());
  EXPECT_TRUE(store->audit().list(10, 5).empty());
  EXPECT_EQ(store->audit().list(1, -4).at(0).id, all[0].id);
}

TEST_F(Newsroom, AuditEntriesNeedAnActionAndDefaultToNow) {
  EXPECT_THROW(store->audit().append(AuditEntry{}), ConstraintError);
  AuditEntry e;
  e.action = "user.login";
  e.user_id = 4242;  // entries outlive (and need not match) users
  store->audit().append(e);
  auto log = store->audit().list(10, 0);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_GT(log[0].at, at(1'600'000'000));
  EXPECT_EQ(log[0].user_id, 4242);
}

// --- API tokens

TEST_F(Newsroom, ApiTokensRoundTripAndUpdate) {
  User ed = user_with_role("Ed", Role::editor);
  ApiToken saved = store->tokens().save(token_for(ed.id, "hash-1", Role::writer));
  EXPECT_GT(saved.id, 0);
  EXPECT_GT(saved.created_at, at(1'600'000'000));
  reopen();
  auto got = store->tokens().find("hash-1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, saved.id);
  EXPECT_EQ(got->user_id, ed.id);
  EXPECT_EQ(got->name, "feed importer");
  EXPECT_EQ(got->role, Role::writer);
  EXPECT_EQ(got->created_at, saved.created_at);
  EXPECT_FALSE(got->last_used_at);
  EXPECT_FALSE(got->revoked);

  ApiToken used = *got;
  used.last_used_at = at(5000);
  used.created_at = at(1);  // not moved by an update
  store->tokens().save(used);
  got = store->tokens().find("hash-1");
  EXPECT_EQ(got->last_used_at, at(5000));
  EXPECT_EQ(got->created_at, saved.created_at);

  // Revoked tokens are still found, marked, so that the caller can say why it refuses.
  used.revoked = true;
  store->tokens().save(used);
  ASSERT_TRUE(store->tokens().find("hash-1"));
  EXPECT_TRUE(store->tokens().find("hash-1")->revoked);
  EXPECT_FALSE(store->tokens().find("hash-2"));
  EXPECT_FALSE(store->tokens().find(""));
}

TEST_F(Newsroom, ApiTokensListByUserOldestFirst) {
  User ed = user_with_role("Ed", Role::editor);
  User wu = user_with_role("Wu", Role::writer);
  ApiToken second = token_for(ed.id, "b", Role::editor);
  second.created_at = at(200);
  ApiToken first = token_for(ed.id, "a", Role::contributor);
  first.created_at = at(100);
  store->tokens().save(second);
  store->tokens().save(first);
  store->tokens().save(token_for(wu.id, "c", Role::writer));
  auto list = store->tokens().of_user(ed.id);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].token_hash, "a");
  EXPECT_EQ(list[1].token_hash, "b");
  EXPECT_EQ(store->tokens().of_user(wu.id).size(), 1u);
  EXPECT_TRUE(store->tokens().of_user(9999).empty());
}

TEST_F(Newsroom, BadApiTokensAreRefused) {
  User wu = user_with_role("Wu", Role::writer);
  store->tokens().save(token_for(wu.id, "taken", Role::writer));
  struct Case {
    const char* name;
    ApiToken token;
  };
  const Case cases[] = {
      {"no hash", token_for(wu.id, "", Role::writer)},
      {"role above the user's", token_for(wu.id, "x1", Role::editor)},
      {"admin from a writer", token_for(wu.id, "x2", Role::admin)},
      {"unknown user", token_for(wu.id + 50, "x3", Role::contributor)},
      {"no user", token_for(0, "x4", Role::contributor)},
      {"hash taken", token_for(wu.id, "taken", Role::contributor)},
  };
  for (const Case& c : cases) {
    EXPECT_THROW(store->tokens().save(c.token), ConstraintError) << c.name;
  }
  EXPECT_EQ(store->tokens().of_user(wu.id).size(), 1u);
  // Raising the token of an existing row above the user is refused too.
  ApiToken existing = *store->tokens().find("taken");
  existing.role = Role::admin;
  EXPECT_THROW(store->tokens().save(existing), ConstraintError);
  EXPECT_EQ(store->tokens().find("taken")->role, Role::writer);
}

}  // namespace
}  // namespace marquee::testing
