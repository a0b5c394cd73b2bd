// String forms of the domain enums, as stored and as shown in URLs and JSON.
#include "core/types.h"

#include <array>
#include <string_view>

namespace marquee {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> parse_from(const std::array<const char*, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (s == names[i]) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

constexpr std::array<const char*, 5> kStatusNames = {"draft", "review", "scheduled", "published",
                                                     "archived"};
constexpr std::array<const char*, 4> kArticleKindNames = {"article", "page", "live", "gallery"};
constexpr std::array<const char*, 4> kRoleNames = {"contributor", "writer", "editor", "admin"};
constexpr std::array<const char*, 9> kKindNames = {
    "person", "film", "show", "band", "song", "album", "character", "organization", "event"};
constexpr std::array<const char*, 2> kSourceNames = {"auto", "editor"};
constexpr std::array<const char*, 3> kStateNames = {"suggested", "confirmed", "rejected"};

}  // namespace

const char* to_string(ArticleStatus s) {
  return kStatusNames.at(static_cast<std::size_t>(s));
}
std::optional<ArticleStatus> parse_article_status(std::string_view s) {
  return parse_from<ArticleStatus>(kStatusNames, s);
}
const char* to_string(ArticleKind k) {
  return kArticleKindNames.at(static_cast<std::size_t>(k));
}
std::optional<ArticleKind> parse_article_kind(std::string_view s) {
  return parse_from<ArticleKind>(kArticleKindNames, s);
}
const char* to_string(Role r) {
  return kRoleNames.at(static_cast<std::size_t>(r));
}
std::optional<Role> parse_role(std::string_view s) {
  return parse_from<Role>(kRoleNames, s);
}
const char* to_string(EntityKind k) {
  return kKindNames.at(static_cast<std::size_t>(k));
}
std::optional<EntityKind> parse_entity_kind(std::string_view s) {
  return parse_from<EntityKind>(kKindNames, s);
}
const char* to_string(LinkSource s) {
  return kSourceNames.at(static_cast<std::size_t>(s));
}
const char* to_string(LinkState s) {
  return kStateNames.at(static_cast<std::size_t>(s));
}
std::optional<LinkSource> parse_link_source(std::string_view s) {
  return parse_from<LinkSource>(kSourceNames, s);
}
std::optional<LinkState> parse_link_state(std::string_view s) {
  return parse_from<LinkState>(kStateNames, s);
}

}  // namespace marquee
