// Plain pages (About, Contact, nested pages): the page a reader gets at its clean URL, with the
// "page" template and WebPage JSON-LD. Where a page may live is newsroom/page_rules.h.
#include <algorithm>
#include <array>

#include "core/page_paths.h"
#include "core/site_time.h"
#include "core/urls.h"
#include "feeds/jsonld.h"
#include "site/site.h"

namespace marquee::site {
namespace {

using nlohmann::json;

}  // namespace

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
