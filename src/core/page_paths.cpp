// Page paths: see page_paths.h.
#include "core/page_paths.h"

#include "core/slug.h"

namespace marquee {

std::string normalize_page_path(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return std::string(path);
}

std::optional<std::string> page_path_syntax_error(std::string_view path) {
  if (path.empty()) return "a page needs a path";
  if (path.size() > kMaxPagePathLength) {
    return "a page's path is at most " + std::to_string(kMaxPagePathLength) + " characters";
  }
  std::size_t depth = 0;
  std::string_view rest = path;
  while (true) {
    auto slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    ++depth;
    if (!is_valid_slug(segment)) {
      return "each part of a page's path is lower-case words joined by hyphens (\"" +
             std::string(segment) + "\" is not)";
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (depth > kMaxPageDepth) {
    return "a page is nested at most " + std::to_string(kMaxPageDepth) + " levels deep";
  }
  return std::nullopt;
}

std::string page_parent_path(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

std::string page_leaf(std::string_view path) {
  auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string join_page_path(std::string_view parent, std::string_view leaf) {
  if (parent.empty()) return std::string(leaf);
  return std::string(parent) + "/" + std::string(leaf);
}

std::string page_url_path(std::string_view path) {
  std::string url(1, '/');
  url.append(path);
  return url;
}

bool is_page_path_under(std::string_view path, std::string_view ancestor) {
  return !ancestor.empty() && path.size() > ancestor.size() + 1 && path.starts_with(ancestor) &&
         path[ancestor.size()] == '/';
}

}  // namespace marquee
