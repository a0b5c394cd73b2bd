// The shape of a page's path: "about", "about/team". A page (ArticleKind::page) keeps its path
// in its slug, without the leading slash; each segment is a slug and a nested page's parent is
// the page at the path without its last segment. Only the syntax lives here; what a path may
// not shadow (sections, the site's own routes, other pages) is decided in newsroom/page_rules.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace marquee {

// Deeper paths are refused: the site's story addresses have five segments, and a page never
// needs that many.
inline constexpr std::size_t kMaxPageDepth = 4;
inline constexpr std::size_t kMaxPagePathLength = 200;

// "/about/team/" -> "about/team": the leading and trailing slashes a person or an old site adds
// are dropped; nothing else changes, so that a wrong path is refused rather than guessed at.
std::string normalize_page_path(std::string_view path);

// Why a normalised path cannot be a page's, or nothing when it can: empty, too long, too deep,
// or a segment that is not a slug ("About", "a--b", "a//b").
std::optional<std::string> page_path_syntax_error(std::string_view path);

// "about/team" -> "about"; "about" -> "".
std::string page_parent_path(std::string_view path);
// "about/team" -> "team".
std::string page_leaf(std::string_view path);
// ("about", "team") -> "about/team"; ("", "about") -> "about".
std::string join_page_path(std::string_view parent, std::string_view leaf);
// "about/team" -> "/about/team", the page's address on the site.
std::string page_url_path(std::string_view path);
// True when path lies under ancestor: "about/team" under "about" (not "aboutus").
bool is_page_path_under(std::string_view path, std::string_view ancestor);

}  // namespace marquee
