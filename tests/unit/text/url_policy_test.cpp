// check_url(): the scheme allowlist as a browser would read the URL.
#include "text/url_policy.h"

#include <gtest/gtest.h>

namespace marquee::text {
namespace {

struct UrlCase {
  const char* input;
  UrlUse use;
  bool allowed;
  const char* value;  // when allowed
  bool external;
};

TEST(UrlPolicy, Cases) {
  const UrlCase cases[] = {
      {"/people/joan-jett", UrlUse::kLink, true, "/people/joan-jett", false},
      {"joan-jett", UrlUse::kLink, true, "joan-jett", false},
      {"../up", UrlUse::kLink, true, "../up", false},
      {"#top", UrlUse::kLink, true, "#top", false},
      {"?q=a:b", UrlUse::kLink, true, "?q=a:b", false},
      {"/path/with:colon", UrlUse::kLink, true, "/path/with:colon", false},
      {"https://example.com", UrlUse::kLink, true, "https://example.com", true},
      {"HTTP://EXAMPLE.COM", UrlUse::kLink, true, "HTTP://EXAMPLE.COM", true},
      {"//cdn.example.com/a.jpg", UrlUse::kImage, true, "//cdn.example.com/a.jpg", true},
      {"/\\evil.example.com", UrlUse::kLink, true, "/\\evil.example.com", true},
      {"  /trimmed\n", UrlUse::kLink, true, "/trimmed", false},
      {"/a\tb\nc", UrlUse::kLink, true, "/abc", false},
      {"mailto:desk@example.com", UrlUse::kLink, true, "mailto:desk@example.com", false},
      {"mailto:desk@example.com", UrlUse::kImage, false, "", false},
      {"javascript:alert(1)", UrlUse::kLink, false, "", false},
      {" \x01\x02javascript:alert(1)", UrlUse::kLink, false, "", false},
      {"java\tscript:alert(1)", UrlUse::kLink, false, "", false},
      {"/ok\x01", UrlUse::kLink, true, "/ok", false},  // edge controls are stripped
      {"/o\x01k", UrlUse::kLink, false, "", false},    // inner ones are refused
      {"data:image/png;base64,AAAA", UrlUse::kImage, false, "", false},
      {"vbscript:x", UrlUse::kLink, false, "", false},
      {"ftp://example.com/", UrlUse::kLink, false, "", false},
      {"tel:+15555550100", UrlUse::kLink, false, "", false},
      {"na\xC3\xAFve:thing", UrlUse::kLink, false, "", false},
      {"", UrlUse::kLink, false, "", false},
      {" \t\n", UrlUse::kLink, false, "", false},
  };
  for (const auto& c : cases) {
    const auto url = check_url(c.input, c.use);
    ASSERT_EQ(url.has_value(), c.allowed) << c.input;
    if (!url) continue;
    EXPECT_EQ(url->value, c.value) << c.input;
    EXPECT_EQ(url->external, c.external) << c.input;
  }
}

}  // namespace
}  // namespace marquee::text
