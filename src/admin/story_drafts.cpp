// The story editor's unsaved work: autosaved drafts (kept per story and person, never a revision,
// never a new version of the story) and previews of the form as readers will see it (the public
// theme's page, never cached, and the social card its head tags give).
#include <algorithm>

#include "admin/pages.h"
#include "core/ascii.h"
#include "text/embeds.h"
#include "web/http.h"

namespace marquee::admin {
namespace {

using nlohmann::json;

// Fields of the editor's form that say nothing about the story itself.
bool is_form_bookkeeping(const std::string& name) {
  return name == "csrf" || name == "action" || name == "version";
}

web::Response json_answer(int status, const json& body) {
  auto response = web::Response::text(status, body.dump(), "application/json");
  add_newsroom_headers(response);
  return response;
}

// JSON to put inside <script type="application/json">: nothing in it can close the element.
std::string script_safe(const json& value) {
  std::string out;
  for (char c : value.dump()) {
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Article Admin::Impl::story_from_form(const Form& form, Article story) {
  story.headline = std::string(ascii_trim(field(form, "headline")));
  story.dek = std::string(ascii_trim(field(form, "dek")));
  story.body = field(form, "body");
  story.seo_title = std::string(ascii_trim(field(form, "seo_title")));
  story.seo_description = std::string(ascii_trim(field(form, "seo_description")));
  std::string slug = std::string(ascii_trim(field(form, "slug")));
  if (!slug.empty()) story.slug = slug;
  std::string section = field(form, "section");
  if (!section.empty()) story.section = section;
  std::vector<Id> authors;
  for (const auto& value : fields(form, "authors")) {
    if (auto author = to_id(value)) authors.push_back(*author);
  }
  if (!authors.empty()) story.author_ids = authors;
  story.tags.clear();
  const std::string tags = field(form, "tags");
  for (std::size_t start = 0; start <= tags.size();) {
    auto comma = std::min(tags.find(',', start), tags.size());
    std::string tag = std::string(ascii_trim(tags.substr(start, comma - start)));
    if (!tag.empty() && std::find(story.tags.begin(), story.tags.end(), tag) == story.tags.end())
      story.tags.push_back(tag);
    start = comma + 1;
  }
  story.lead_media_id = to_id(field(form, "lead_media"));
  story.clip_media_id = to_id(field(form, "clip_media"));
  return story;
}

std::optional<Article> Admin::Impl::previewed_story(const AdminRequest& request,
                                                    std::optional<Id> id) {
  Article base;
  if (id) {
    auto story = store.articles().find(*id);
    if (!story || !may_view(request.user, *story)) return std::nullopt;
    base = *story;
  } else {
    base.author_ids = {request.user.id};
  }
  const auto form = request.http.form();
  Article story = story_from_form(form, base);
  // Only editors have the flags in their form; for anyone else they stay as stored.
  if (has_capability(request.user.role, Capability::publish)) {
    story.exclusive = !field(form, "exclusive").empty();
    story.featured = !field(form, "featured").empty();
  }
  if (story.headline.empty()) story.headline = "(no headline)";
  if (story.slug.empty()) story.slug = "preview";
  return story;
}

web::Response Admin::Impl::story_preview(const AdminRequest& request, std::optional<Id> id) {
  auto story = previewed_story(request, id);
  if (!story) return not_found(request);
  auto preview = site.preview_story(*story);
  auto response = web::Response::text(200, std::move(preview.html), "text/html; charset=utf-8");
  web::SecurityPolicy policy;
  policy.referrer_policy = "same-origin";
  policy.frame_src = text::embed_frame_sources();
  policy.framed_by_self = true;  // shown in the editor's frames, nowhere else
  web::add_security_headers(response, policy);
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Robots-Tag", "noindex, nofollow");
  return response;
}

web::Response Admin::Impl::story_card(const AdminRequest& request, std::optional<Id> id) {
  auto story = previewed_story(request, id);
  if (!story) return json_answer(404, {{"error", "There is no such story."}});
  const auto card = site.preview_story(*story).card;
  json image = nullptr;
  if (!card.image_url.empty()) {
    // The newsroom shows the photo from this server, whatever the site's public address.
    const std::string& base = site.config().base_url;
    std::string path = card.image_url;
    if (!base.empty() && path.rfind(base, 0) == 0) path = path.substr(base.size());
    image = {{"url", card.image_url}, {"path", path}, {"alt", card.image_alt}};
  }
  return json_answer(200, {{"title", card.title},
                           {"description", card.description},
                           {"url", card.url},
                           {"site", card.site_name},
                           {"image", image}});
}

web::Response Admin::Impl::story_autosave(const AdminRequest& request, Id id) {
  auto story = store.articles().find(id);
  if (!story) return json_answer(404, {{"error", "There is no such story."}});
  if (!may_edit(request.user, *story)) {
    return json_answer(403, {{"error", "Your role cannot change this story."}});
  }
  const auto form = request.http.form();
  auto version = to_id(field(form, "version"));
  if (!version)
    return json_answer(400, {{"error", "The draft needs the version it was made from."}});
  json fields = json::object();
  for (const auto& [name, value] : form) {
    if (is_form_bookkeeping(name)) continue;
    if (!fields.contains(name)) fields[name] = json::array();
    fields[name].push_back(value);
  }
  Autosave draft;
  draft.article_id = id;
  draft.user_id = request.user.id;
  draft.base_version = static_cast<int>(*version);
  draft.saved_at = now();
  draft.fields = fields.dump(-1, ' ', false, json::error_handler_t::replace);
  if (!store.autosaves().put(draft)) {
    auto current = store.articles().find(id);
    return json_answer(409, {{"error",
                              "The story was saved by someone since this form was loaded; "
                              "the draft was not kept. Copy your text and reload."},
                             {"version", current ? current->version : 0}});
  }
  return json_answer(200, {{"saved", site.time().ap_datetime(draft.saved_at)},
                           {"saved_iso", site.time().iso_local(draft.saved_at)},
                           {"version", draft.base_version}});
}

web::Response Admin::Impl::story_autosave_discard(const AdminRequest& request, Id id) {
  auto story = store.articles().find(id);
  if (!story) return not_found(request);
  store.autosaves().remove(id, request.user.id);
  if (request.http.header("x-requested-with") == "fetch") return json_answer(200, {{"ok", true}});
  return see_other("/admin/stories/" + std::to_string(id) + "?done=discarded");
}

void Admin::Impl::add_draft_view(json& view, const AdminRequest& request, const Article& story,
                                 bool can_edit) {
  const std::string base = story.id == 0 ? std::string("/admin/stories/new")
                                         : "/admin/stories/" + std::to_string(story.id);
  view["preview_url"] = base + "/preview";
  view["card_url"] = base + "/card";
  if (story.id == 0 || !can_edit) return;
  view["autosave_url"] = base + "/autosave";
  // A form sent back with errors or a conflict already holds the person's latest text.
  if (request.http.method != "GET") return;
  auto draft = store.autosaves().find(story.id, request.user.id);
  // Only a draft of the version in the form is offered: one made before a later save is stale.
  if (!draft || draft->base_version != story.version) return;
  json fields = json::parse(draft->fields, nullptr, false);
  if (!fields.is_object()) return;
  view["autosave"] = {{"saved", site.time().ap_datetime(draft->saved_at)},
                      {"saved_iso", site.time().iso_local(draft->saved_at)},
                      {"fields_json", script_safe(fields)},
                      {"discard_url", base + "/autosave/discard"}};
}

}  // namespace marquee::admin
