// The newsroom's preview of a story as readers will see it: the theme's own story page, built
// from an unsaved value, never cached and marked noindex, and the social card its head tags give.
#include <chrono>

#include "site/site.h"
#include "text/text.h"

namespace marquee::site {

Site::Preview Site::preview_story(Article story) {
  const Time now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  // Not out yet: shown as if it went out now, at the address it would have.
  if (!story.publish_at) story.publish_at = now;
  if (story.updated_at == Time{}) story.updated_at = *story.publish_at;
  story.body_html = text::markdown_to_html(story.body);
  std::vector<std::string> ignored_tags;
  auto view = story_view(story, ignored_tags);
  view["page"]["noindex"] = true;
  Preview preview;
  preview.html = theme_.render_page("story", view);
  const auto& page = view["page"];
  preview.card.title = page.value("share_title", std::string());
  preview.card.description = page.value("description", std::string());
  preview.card.url = page.value("canonical", std::string());
  preview.card.site_name = config_.title;
  if (page.contains("image")) {
    preview.card.image_url = page["image"].value("url", std::string());
    preview.card.image_alt = page["image"].value("alt", std::string());
  }
  return preview;
}

}  // namespace marquee::site
