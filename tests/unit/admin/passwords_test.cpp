#include "admin/passwords.h"

#include <gtest/gtest.h>

#include <set>

namespace marquee::admin {
namespace {

TEST(Passwords, HashVerifiesOnlyTheSamePassword) {
  auto hash = hash_password("correct horse battery");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password("correct horse battery", hash));
  EXPECT_FALSE(verify_password("correct horse batterY", hash));
  EXPECT_FALSE(verify_password("", hash));
  EXPECT_NE(hash, hash_password("correct horse battery"));  // salted
}

TEST(Passwords, MalformedHashesNeverVerify) {
  for (std::string bad :
       {std::string(), std::string("plain"), std::string("$argon2i$v=19$x"),
        std::string("$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA"), std::string(500, 'a')}) {
    SCOPED_TRACE(bad.substr(0, 40));
    EXPECT_FALSE(verify_password("anything", bad));
  }
}

TEST(Passwords, TokensAreRandomHexOfTheAskedLength) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto token = random_token(32);
    ASSERT_EQ(token.size(), 64u);
    ASSERT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(random_token(8).size(), 16u);
}

TEST(Passwords, OneTimePasswordsAvoidLookAlikes) {
  for (int i = 0; i < 50; ++i) {
    auto password = one_time_password();
    EXPECT_EQ(password.size(), 20u);
    EXPECT_EQ(password.find_first_of("0O1lI5S2Z8B"), std::string::npos) << password;
  }
}

TEST(Passwords, TokenHashIsStableAndOneWay) {
  auto h = token_hash("abc");
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h, token_hash("abc"));
  EXPECT_NE(h, token_hash("abd"));
  EXPECT_EQ(h.find("abc"), std::string::npos);
}

TEST(Passwords, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace
}  // namespace marquee::admin
