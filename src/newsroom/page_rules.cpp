// Where a page may live: see page_rules.h.
#include "newsroom/page_rules.h"

#include <algorithm>
#include <array>

#include "core/page_paths.h"
#include "core/urls.h"

namespace marquee::newsroom {
namespace {

// Beyond the sections' reserved segments: WordPress's own addresses that an import answers
// with redirects ("/feed", "/category", "/tag", "/author"), and the sitemap and feed files.
constexpr std::array<const char*, 8> kPageReserved = {"feed", "category", "tag",      "author",
                                                      "page", "sitemap",  "wp-admin", "wp-content"};

std::vector<ArticleSummary> all_pages(Store& store) {
  ArticleQuery q;
  q.kinds = KindSet::pages;
  q.status.reset();
  q.limit = 10000;  // a site has tens of pages, not thousands
  return store.articles().list(q);
}

}  // namespace

bool is_reserved_page_segment(std::string_view segment) {
  if (is_reserved_segment(segment)) return true;
  for (const char* reserved : kPageReserved) {
    if (segment == reserved) return true;
  }
  return false;
}

std::optional<std::string> page_path_refusal(Store& store, std::string_view path, Id page_id) {
  if (auto error = page_path_syntax_error(path)) return error;
  const std::string first(path.substr(0, path.find('/')));
  if (is_reserved_page_segment(first)) {
    return page_url_path(first) + " belongs to the site itself; a page cannot live there";
  }
  for (const auto& section : store.sections().all()) {
    if (section.slug == first) {
      return page_url_path(first) + " is the " + section.name +
             " section; a page cannot live there";
    }
  }
  auto pages = all_pages(store);
  const std::string parent = page_parent_path(path);
  if (!parent.empty()) {
    bool found = std::any_of(pages.begin(), pages.end(), [&](const ArticleSummary& p) {
      return p.slug == parent && p.id != page_id;
    });
    if (!found) return "there is no page at /" + parent + " to put this page under";
  }
  if (auto other = store.articles().find_by_slug(path); other && other->id != page_id) {
    return other->kind == ArticleKind::page
               ? page_url_path(path) + " is already the page \"" + other->headline + "\""
               : "the slug \"" + std::string(path) + "\" is already used by the story \"" +
                     other->headline + "\"";
  }
  if (page_id != 0) {
    std::string before;
    for (const auto& p : pages) {
      if (p.id == page_id) before = p.slug;
    }
    if (!before.empty() && before != path) {
      if (is_page_path_under(path, before)) return "a page cannot be put under itself";
      for (const auto& p : pages) {
        if (is_page_path_under(p.slug, before)) {
          return "the page has pages under it (/" + p.slug + "); move those first";
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace marquee::newsroom
