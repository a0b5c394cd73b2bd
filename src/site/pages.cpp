// Plain pages (About, Contact, nested pages): the rules of their paths (page_rules.h) and the
// page a reader gets at its clean URL, with the "page" template and WebPage JSON-LD.
#include <algorithm>
#include <array>

#include "core/page_paths.h"
#include "core/site_time.h"
#include "feeds/jsonld.h"
#include "site/page_rules.h"
#include "site/site.h"
#include "site/urls.h"

namespace marquee::site {
namespace {

using nlohmann::json;

// Beyond the sections' reserved segments: WordPress's own addresses that an import answers
// with redirects ("/feed", "/category", "/tag", "/author"), and the sitemap and feed files.
constexpr std::array<const char*, 8> kPageReserved = {"feed", "category", "tag",      "author",
                                                      "page", "sitemap",  "wp-admin", "wp-content"};

std::vector<ArticleSummary> all_pages(Store& store) {
  ArticleQuery q;
  q.kind = ArticleKind::page;
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

Site::Rendered Site::page_page(const Route& route) {
  const std::string path = route.slug;
  auto page = store_.articles().find_by_slug(path);
  if (page && page->kind != ArticleKind::page) page.reset();
  if (!page) {
    // A page moved or renamed keeps its old path as a redirect, like a story's old slug.
    if (auto renamed = store_.redirects().current_slug(path)) {
      auto moved = store_.articles().find_by_slug(*renamed);
      if (moved && moved->kind == ArticleKind::page && moved->is_published())
        return direct(web::Response::redirect(301, page_url_path(moved->slug)));
    }
  }
  if (!page || !page->is_published()) {
    return direct(
        error_page(404, "Page not found", "We could not find the page you were looking for."));
  }
  const std::string url = page_url_path(page->slug);
  json view =
      layout_view(page->seo_title.empty() ? page->headline : page->seo_title,
                  page->seo_description.empty() ? page->dek : page->seo_description, url, "");
  json shown = {{"headline", page->headline},
                {"dek", page->dek},
                {"url", url},
                {"body_html", page->body_html},
                {"updated", time_.ap_date(page->updated_at)},
                {"updated_iso", time_.iso_local(page->updated_at)}};
  std::vector<std::string> tags = {"article:" + std::to_string(page->id)};
  const std::string parent_path = page_parent_path(page->slug);
  if (!parent_path.empty()) {
    if (auto parent = store_.articles().find_by_slug(parent_path);
        parent && parent->kind == ArticleKind::page && parent->is_published()) {
      shown["parent"] = {{"headline", parent->headline}, {"url", page_url_path(parent->slug)}};
      tags.push_back("article:" + std::to_string(parent->id));
    }
  }
  std::vector<std::string> media_tags;
  add_story_media(shown, *page, media_tags);
  tags.insert(tags.end(), media_tags.begin(), media_tags.end());
  view["story"] = std::move(shown);

  json& head = view["page"];
  head["share_title"] = page->headline;
  json ld = {{"@context", "https://schema.org"},
             {"@type", "WebPage"},
             {"name", page->headline},
             {"url", config_.base_url + url},
             {"dateModified", iso_utc(page->updated_at)},
             {"isPartOf",
              {{"@type", "WebSite"}, {"name", config_.title}, {"url", config_.base_url + "/"}}}};
  if (!page->dek.empty()) ld["description"] = page->dek;
  head["jsonld"] = feeds::ld_script(ld);
  // A theme made before pages existed shows them with its story template.
  return {theme_.render_page(theme_.has("page") ? "page" : "story", view), tags, std::nullopt};
}

}  // namespace marquee::site
