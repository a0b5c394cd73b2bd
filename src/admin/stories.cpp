// Newsroom story pages (the list is in story_list.cpp): the editor with its workflow buttons and
// enrichment panel, link decisions, adding unknown names to the graph, revisions, compare and
// restore.
#include <algorithm>
#include <chrono>
#include <set>

#include "admin/line_diff.h"
#include "admin/pages.h"
#include "admin/unknown_names.h"
#include "core/ascii.h"
#include "core/page_paths.h"
#include "core/slug.h"
#include "core/urls.h"
#include "text/text.h"

namespace marquee::admin {
namespace {

using nlohmann::json;

std::vector<std::string> split_tags(const std::string& text) {
  std::vector<std::string> tags;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string tag = std::string(ascii_trim(text.substr(start, end - start)));
    if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
    start = end + 1;
  }
  return tags;
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

// The form's buttons: action name -> the status it moves the story to.
std::optional<ArticleStatus> target_status(const std::string& action, ArticleStatus current) {
  if (action.empty() || action == "save") return current;
  if (action == "submit") return ArticleStatus::review;
  if (action == "schedule") return ArticleStatus::scheduled;
  if (action == "publish") return ArticleStatus::published;
  if (action == "archive") return ArticleStatus::archived;
  if (action == "draft") return ArticleStatus::draft;
  return std::nullopt;
}

const char* done_code(const std::string& action, bool created) {
  if (action == "submit") return "submitted";
  if (action == "schedule") return "scheduled";
  if (action == "publish") return "published";
  if (action == "archive") return "archived";
  if (action == "draft") return "drafted";
  return created ? "created" : "saved";
}

std::string story_url(Id id) {
  return "/admin/stories/" + std::to_string(id);
}

}  // namespace

const char* status_label(ArticleStatus status) {
  switch (status) {
    case ArticleStatus::draft:
      return "Draft";
    case ArticleStatus::review:
      return "In review";
    case ArticleStatus::scheduled:
      return "Scheduled";
    case ArticleStatus::published:
      return "Published";
    case ArticleStatus::archived:
      return "Archived";
  }
  return "";
}

// --- the editor

web::Response Admin::Impl::story_new(const AdminRequest& request) {
  Article story;
  if (request.http.query("kind") == "page") {
    story.kind = ArticleKind::page;
  } else {
    if (request.http.query("kind") == "live") story.kind = ArticleKind::live;
    if (request.http.query("kind") == "gallery") story.kind = ArticleKind::gallery;
    auto sections = store.sections().all();
    if (!sections.empty()) story.section = sections.front().slug;
  }
  story.author_ids = {request.user.id};
  return editor_page(request, story, {}, 200, {}, false);
}

web::Response Admin::Impl::story_edit(const AdminRequest& request, Id id) {
  auto story = store.articles().find(id);
  if (!story) return not_found(request);
  if (!may_view(request.user, *story)) return forbidden(request);
  return editor_page(request, *story, {}, 200, {}, false);
}

json Admin::Impl::enrichment_view(const Article& story, bool can_edit) {
  auto graph = knowledge.graph();
  auto name_of = [&](Id id) -> std::string {
    if (const Entity* e = graph->entity(id)) return e->name;
    if (auto e = store.graph().entity(id)) return e->name;
    return id_label(id);
  };
  json links = json::array();
  for (const auto& link : store.links().of_story(story.id)) {
    const Entity* entity = graph->entity(link.entity_id);
    json item = {{"entity_id", link.entity_id},
                 {"name", name_of(link.entity_id)},
                 {"kind", entity ? to_string(entity->kind) : ""},
                 {"mentions", link.mentions},
                 {"mentions_label",
                  std::to_string(link.mentions) + (link.mentions == 1 ? " mention" : " mentions")},
                 {"confidence", static_cast<int>(link.confidence * 100 + 0.5)},
                 {"state", to_string(link.state)},
                 {"suggested", link.state == LinkState::suggested},
                 {"confirmed", link.state == LinkState::confirmed},
                 {"rejected", link.state == LinkState::rejected},
                 {"can_decide", can_edit}};
    if (entity) item["topic_url"] = entity_path(*entity);
    links.push_back(item);
  }
  json quotes = json::array();
  for (const auto& quote : store.links().quotes_of_story(story.id)) {
    quotes.push_back({{"text", quote.text},
                      {"speaker", quote.speaker_id ? name_of(*quote.speaker_id) : "Unattributed"}});
  }
  // Names the linker did not match: re-run it over the current text to learn what it covered.
  auto enrichment = enrich_story(*graph, {story.headline, story.dek, story.body});
  std::vector<CoveredSpan> covered;
  for (const auto& mention : enrichment.mentions) {
    if (mention.field == StoryField::body) {
      covered.push_back(
          {static_cast<std::size_t>(mention.offset), static_cast<std::size_t>(mention.length)});
    }
  }
  json names = json::array();
  for (const auto& name : unknown_names(story.body, covered, {})) {
    if (store.graph().entity_by_slug(slugify(name)))
      continue;  // known under a name the text spells so
    names.push_back({{"name", name}});
    if (names.size() >= 20) break;
  }
  return {{"links", links},   {"has_links", !links.empty()},
          {"quotes", quotes}, {"has_quotes", !quotes.empty()},
          {"names", names},   {"has_names", !names.empty()}};
}

web::Response Admin::Impl::editor_page(const AdminRequest& request, const Article& story,
                                       const std::map<std::string, std::string>& errors, int status,
                                       const std::string& notice, bool conflict) {
  const User& me = request.user;
  const bool is_new = story.id == 0;
  const bool can_edit = is_new || may_edit(me, story);
  const bool desk = has_capability(me.role, Capability::publish);
  const bool is_page = story.kind == ArticleKind::page;
  const bool is_live = story.kind == ArticleKind::live;
  const bool is_gallery = story.kind == ArticleKind::gallery;
  const char* what = is_page ? "page" : is_gallery ? "gallery" : is_live ? "live story" : "story";
  json view = {{"title", is_new ? std::string("New ") + what : "Edit: " + story.headline},
               {"nav_current", "stories"},
               {"conflict", conflict},
               {"read_only", !can_edit},
               {"zone", site.time().zone_name()}};
  json s = {{"id", story.id},
            {"is_new", is_new},
            {"action_url", is_new ? std::string("/admin/stories") : story_url(story.id)},
            {"headline", story.headline},
            {"dek", story.dek},
            {"slug", is_page ? page_leaf(story.slug) : story.slug},
            {"is_page", is_page},
            {"is_live_kind", is_live},
            {"is_gallery", is_gallery},
            {"what", what},
            {"kind", to_string(story.kind)},
            {"body", story.body},
            {"tags", join(story.tags, ", ")},
            {"seo_title", story.seo_title},
            {"seo_description", story.seo_description},
            {"has_seo", !story.seo_title.empty() || !story.seo_description.empty()},
            {"exclusive", story.exclusive},
            {"featured", story.featured},
            {"version", story.version},
            {"status", to_string(story.status)},
            {"status_label", status_label(story.status)},
            {"preview_html", text::markdown_to_html(story.body)}};
  if (story.publish_at) {
    s["publish_at_local"] = site.time().iso_local(*story.publish_at).substr(0, 16);
    s["publish_at_shown"] = site.time().ap_datetime(*story.publish_at);
  }
  if (!is_new) s["updated"] = site.time().ap_datetime(story.updated_at);
  if (story.is_published()) s["public_url"] = site.story_path(story);
  view["story"] = s;
  if (!notice.empty()) view["notice"] = notice;

  json err = json::object();
  for (const auto& [name, text] : errors) err[name] = text;
  view["errors"] = err;
  view["has_errors"] = !errors.empty();

  json sections = json::array();
  for (const auto& section : store.sections().all()) {
    sections.push_back({{"value", section.slug},
                        {"label", section.name},
                        {"selected", section.slug == story.section}});
  }
  view["sections"] = sections;
  if (is_page) {
    // A page goes at the top or under another page (never under itself or its own pages).
    json parents = json::array();
    const std::string parent = page_parent_path(story.slug);
    ArticleQuery pages;
    pages.kinds = KindSet::pages;
    pages.status.reset();
    pages.limit = 1000;
    for (const auto& p : store.articles().list(pages)) {
      if (p.id == story.id || (story.id != 0 && is_page_path_under(p.slug, story.slug))) continue;
      if (static_cast<std::size_t>(std::count(p.slug.begin(), p.slug.end(), '/')) + 1 >=
          kMaxPageDepth)
        continue;
      parents.push_back({{"value", p.slug},
                         {"label", "/" + p.slug + " (" + p.headline + ")"},
                         {"selected", p.slug == parent}});
    }
    view["parents"] = parents;
  }
  json authors = json::array();
  for (const auto& user : store.users().all()) {
    bool selected = std::find(story.author_ids.begin(), story.author_ids.end(), user.id) !=
                    story.author_ids.end();
    authors.push_back({{"value", user.id}, {"label", user.display_name}, {"selected", selected}});
  }
  view["authors"] = authors;
  view["photos"] = media_options(store, MediaKind::image, story.lead_media_id);
  if (is_gallery) {
    view["gallery_rows"] = gallery_rows_view(story, errors);
    json names = json::array();
    for (const auto& entity : store.graph().entities()) {
      if (entity.kind == EntityKind::person) names.push_back(entity.name);
    }
    view["people_names"] = names;
  }
  view["clips"] = media_options(store, MediaKind::video, story.clip_media_id);
  view["can_flags"] = desk;

  const auto st = story.status;
  json buttons = {
      {"save", can_edit},
      {"submit", can_edit && !desk && has_capability(me.role, Capability::submit_stories) &&
                     st == ArticleStatus::draft},
      {"schedule", can_edit && desk && st != ArticleStatus::published},
      {"publish", can_edit && desk && st != ArticleStatus::published},
      {"archive", can_edit && desk && !is_new && st != ArticleStatus::archived},
      {"draft", can_edit && desk && !is_new && st != ArticleStatus::draft},
  };
  view["buttons"] = buttons;
  add_draft_view(view, request, story, can_edit);
  if (!is_new) {
    view["enrichment"] = enrichment_view(story, can_edit);
    view["can_add_names"] = has_capability(me.role, Capability::manage_entities);
    view["revisions_url"] = story_url(story.id) + "/revisions";
    if (is_live) view["live"] = live_editor_view(request, story);
  }
  return self.page("story_edit", view, request, status);
}

web::Response Admin::Impl::story_save(const AdminRequest& request, std::optional<Id> id) {
  // The form is translated into a story and handed to the newsroom, which applies the story
  // rules (the same as the API's); its refusals come back as a 403 page or the fields marked.
  const User& me = request.user;
  auto form = request.http.form();
  std::optional<Article> before;
  Article story;
  if (id) {
    before = store.articles().find(*id);
    if (!before) return not_found(request);
    if (!may_view(me, *before)) return forbidden(request);
    story = *before;
    auto version = to_id(field(form, "version"));
    if (!version && field(form, "version") != "0") {
      return message(request, 400, "Bad form", "The form did not say which version it edits.");
    }
    story.version = version ? static_cast<int>(*version) : 0;
  }
  const std::string action = field(form, "action");
  auto target = target_status(action, story.status);
  if (!target) return message(request, 400, "Bad form", "Unknown action.");

  std::map<std::string, std::string> errors;
  story.headline = std::string(ascii_trim(field(form, "headline")));
  story.dek = std::string(ascii_trim(field(form, "dek")));
  story.body = field(form, "body");
  story.seo_title = std::string(ascii_trim(field(form, "seo_title")));
  story.seo_description = std::string(ascii_trim(field(form, "seo_description")));
  story.tags = split_tags(field(form, "tags"));
  if (!id) story.kind = parse_article_kind(field(form, "kind")).value_or(ArticleKind::article);
  const bool is_page = story.kind == ArticleKind::page;
  story.slug = std::string(ascii_trim(field(form, "slug")));
  if (is_page) {
    // A page's address is its parent page's path and its own slug: /about/team. The newsroom
    // checks where it may live (newsroom/page_rules.h).
    std::string slug = story.slug.empty() ? slugify(story.headline) : story.slug;
    story.slug = join_page_path(normalize_page_path(field(form, "parent")), slug);
    story.section.clear();
  } else {
    story.section = field(form, "section");
  }

  std::vector<Id> authors;
  for (const auto& value : fields(form, "authors")) {
    auto author = to_id(value);
    if (!author) {
      errors["authors"] = "Choose authors from the list.";
    } else if (std::find(authors.begin(), authors.end(), *author) == authors.end()) {
      authors.push_back(*author);
    }
  }
  if (authors.empty() && is_page && before) authors = before->author_ids;  // no byline to edit
  story.author_ids = authors;

  auto chosen_media = [&](const std::string& name) -> std::optional<Id> {
    std::string value = field(form, name);
    if (value.empty()) return std::nullopt;
    auto media_id = to_id(value);
    if (!media_id) errors[name] = "Choose from the library.";
    return media_id;
  };
  if (story.kind == ArticleKind::gallery) {
    story.photos = gallery_from_form(form, errors);  // its first photo leads it
  } else {
    story.lead_media_id = chosen_media("lead_media");
  }
  story.clip_media_id = chosen_media("clip_media");

  // The checkboxes are on the form only for those who may set them ("flags" marks that); a
  // box ticked on a form without them is still a request to set it, for the rules to judge.
  const bool flags_shown = !field(form, "flags").empty();
  story.exclusive = !field(form, "exclusive").empty() || (!flags_shown && story.exclusive);
  story.featured = !field(form, "featured").empty() || (!flags_shown && story.featured);

  // When: a wall-clock time in the site's zone, to the minute. The same minute as stored keeps
  // the stored time (the field shows no seconds); an empty field clears it for those who set
  // times ("Publish now" then uses the current time).
  std::string when = std::string(ascii_trim(field(form, "publish_at")));
  if (!when.empty()) {
    auto chosen = site.time().parse_local(when);
    if (!chosen) {
      errors["publish_at"] = "Give a date and time like 2010-07-21 14:39.";
    } else if (!story.publish_at || std::chrono::floor<std::chrono::minutes>(*story.publish_at) !=
                                        std::chrono::floor<std::chrono::minutes>(*chosen)) {
      story.publish_at = chosen;
    }
  } else if (newsroom::may_set_publish_time(me.role)) {
    story.publish_at.reset();
  }
  story.status = *target;
  if (!errors.empty()) return editor_page(request, story, errors, 422, {}, false);

  Article saved;
  try {
    saved = newsroom.save(newsroom::Actor::of(me), story);
  } catch (const newsroom::Refused& refused) {
    using Kind = newsroom::Refusal::Kind;
    switch (refused.kind()) {
      case Kind::not_found:
        return not_found(request);
      case Kind::forbidden:
        return message(request, 403, "Not allowed", refused.first().reason);
      case Kind::conflict:
        return editor_page(request, story, {}, 409, {}, true);
      case Kind::invalid:
        for (const auto& refusal : refused.refusals()) {
          // A page's path is its slug field on the form.
          const std::string& name = refusal.field == "path" ? std::string("slug") : refusal.field;
          errors.emplace(name.empty() ? "headline" : name, refusal.reason);
        }
        return editor_page(request, story, errors, 422, {}, false);
    }
  }
  store.autosaves().remove(saved.id, me.id);  // the draft is saved now
  std::string what = action.empty() ? "save" : action;
  if (!id) what = what == "save" ? "create" : what;
  self.audit(request, "story." + what, "article:" + std::to_string(saved.id),
             "version " + std::to_string(saved.version) + ": " + saved.headline);
  return see_other(story_url(saved.id) + "?done=" + done_code(action, !id));
}

// --- enrichment decisions

// Confirm or reject a suggested link. Not a save of the story: its version, revisions and times
// stay, so the form beside it (with the editor's unsaved text) is still good to save. The
// newsroom's script sends it with fetch and gets JSON back; without the script, the form posts
// and the editor page comes back with a message.
web::Response Admin::Impl::story_link(const AdminRequest& request, Id id) {
  const bool by_script = request.http.header("x-requested-with") == "fetch";
  auto form = request.http.form();
  auto entity_id = to_id(field(form, "entity_id"));
  std::string decision = field(form, "decision");
  if (!entity_id || (decision != "confirm" && decision != "reject")) {
    const char* why = "Choose an entity and confirm or reject it.";
    if (by_script) return newsroom_json(400, {{"error", why}});
    return message(request, 400, "Bad form", why);
  }
  LinkState state = decision == "confirm" ? LinkState::confirmed : LinkState::rejected;
  try {
    newsroom.decide_link(newsroom::Actor::of(request.user), id, *entity_id, state);
  } catch (const newsroom::Refused& refused) {
    using Kind = newsroom::Refusal::Kind;
    const int status = refused.kind() == Kind::not_found   ? 404
                       : refused.kind() == Kind::forbidden ? 403
                       : refused.kind() == Kind::conflict  ? 409
                                                           : 400;
    if (by_script) return newsroom_json(status, {{"error", refused.first().reason}});
    if (status == 404) return not_found(request);
    if (status == 403) return forbidden(request);
    return message(request, status, "Not done", refused.first().reason);
  }
  self.audit(request, std::string("link.") + decision, "article:" + std::to_string(id),
             "entity:" + std::to_string(*entity_id));
  const char* done = state == LinkState::confirmed ? "Link confirmed." : "Link rejected.";
  if (by_script) {
    return newsroom_json(
        200, {{"entity_id", *entity_id}, {"state", to_string(state)}, {"message", done}});
  }
  return see_other(story_url(id) +
                   (state == LinkState::confirmed ? "?done=confirmed" : "?done=rejected"));
}

web::Response Admin::Impl::story_add_name(const AdminRequest& request, Id id) {
  if (!has_capability(request.user.role, Capability::manage_entities)) return forbidden(request);
  auto story = store.articles().find(id);
  if (!story) return not_found(request);
  auto form = request.http.form();
  std::string name = std::string(ascii_trim(field(form, "name")));
  std::string slug = slugify(name);
  if (name.empty() || slug.empty() || name.size() > 200) {
    return message(request, 400, "Bad form", "Give the name to add.");
  }
  if (!store.graph().entity_by_slug(slug)) {
    Entity person;
    person.kind = EntityKind::person;
    person.name = name;
    person.slug = slug;
    person = store.graph().save_entity(person);
    self.audit(request, "entity.create", "entity:" + std::to_string(person.id), name);
    newsroom.graph_changed();
  }
  // Linking again finds the new name in this story at once.
  newsroom.relink(id, request.user.id);
  return see_other(story_url(id) + "?done=added");
}

// --- live preview

web::Response Admin::Impl::preview(const AdminRequest& request) {
  auto html = text::markdown_to_html(field(request.http.form(), "body"));
  auto response = web::Response::text(200, std::move(html), "text/html; charset=utf-8");
  add_newsroom_headers(response);
  return response;
}

// --- revisions

web::Response Admin::Impl::story_revisions(const AdminRequest& request, Id id) {
  auto story = store.articles().find(id);
  if (!story) return not_found(request);
  if (!may_view(request.user, *story)) return forbidden(request);
  auto revisions = store.articles().revisions(id);
  auto users = store.users().all();
  json rows = json::array();
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    const auto& r = revisions[i];
    std::string editor = "System";
    for (const auto& u : users) {
      if (u.id == r.editor_id) editor = u.display_name;
    }
    rows.push_back({{"version", r.version},
                    {"saved", site.time().ap_datetime(r.saved_at)},
                    {"saved_iso", site.time().iso_local(r.saved_at)},
                    {"editor", editor},
                    {"status_label", status_label(r.article.status)},
                    {"headline", r.article.headline},
                    {"is_current", r.version == story->version},
                    {"a_checked", i == 1},
                    {"b_checked", i == 0}});
  }
  json view = {{"title", "Revisions: " + story->headline},
               {"nav_current", "stories"},
               {"story",
                {{"id", id},
                 {"headline", story->headline},
                 {"version", story->version},
                 {"url", story_url(id)}}},
               {"revisions", rows},
               {"can_compare", revisions.size() >= 2},
               {"can_restore", may_edit(request.user, *story)}};
  return self.page("revisions", view, request);
}

web::Response Admin::Impl::story_compare(const AdminRequest& request, Id id) {
  auto story = store.articles().find(id);
  if (!story) return not_found(request);
  if (!may_view(request.user, *story)) return forbidden(request);
  auto a_version = to_id(request.http.query("a").value_or(""));
  auto b_version = to_id(request.http.query("b").value_or(""));
  auto revisions = store.articles().revisions(id);
  auto find = [&](std::optional<Id> version) -> const Revision* {
    if (!version) return nullptr;
    for (const auto& r : revisions) {
      if (r.version == *version) return &r;
    }
    return nullptr;
  };
  const Revision* a = find(a_version);
  const Revision* b = find(b_version);
  if (!a || !b)
    return message(request, 404, "No such revision", "Pick two revisions of this story.");
  auto media_name = [&](std::optional<Id> media_id) -> std::string {
    if (!media_id) return "";
    auto media = store.media().find(*media_id);
    return media ? (media->caption.empty() ? media->file : media->caption) : id_label(*media_id);
  };
  auto authors_of = [&](const Article& s) {
    std::vector<std::string> names;
    for (Id author : s.author_ids) {
      auto user = store.users().find(author);
      names.push_back(user ? user->display_name : id_label(author));
    }
    return join(names, ", ");
  };
  auto when = [&](const std::optional<Time>& t) { return t ? site.time().ap_datetime(*t) : ""; };
  const Article& x = a->article;
  const Article& y = b->article;
  std::vector<std::tuple<std::string, std::string, std::string>> compared = {
      {"Headline", x.headline, y.headline},
      {"Dek", x.dek, y.dek},
      {"Slug", x.slug, y.slug},
      {"Section", x.section, y.section},
      {"Authors", authors_of(x), authors_of(y)},
      {"Tags", join(x.tags, ", "), join(y.tags, ", ")},
      {"Status", status_label(x.status), status_label(y.status)},
      {"Publish time", when(x.publish_at), when(y.publish_at)},
      {"Lead photo", media_name(x.lead_media_id), media_name(y.lead_media_id)},
      {"Clip", media_name(x.clip_media_id), media_name(y.clip_media_id)},
      {"Exclusive", x.exclusive ? "yes" : "no", y.exclusive ? "yes" : "no"},
      {"Featured", x.featured ? "yes" : "no", y.featured ? "yes" : "no"},
      {"SEO title", x.seo_title, y.seo_title},
      {"SEO description", x.seo_description, y.seo_description},
  };
  json changes = json::array();
  for (const auto& [label, before, after] : compared) {
    if (before != after)
      changes.push_back({{"field", label}, {"before", before}, {"after", after}});
  }
  json lines = json::array();
  bool body_changed = false;
  for (const auto& line : diff_lines(x.body, y.body)) {
    const char* op = line.op == DiffOp::same    ? "same"
                     : line.op == DiffOp::added ? "added"
                                                : "removed";
    const char* mark = line.op == DiffOp::same ? " " : line.op == DiffOp::added ? "+" : "-";
    body_changed = body_changed || line.op != DiffOp::same;
    lines.push_back({{"op", op}, {"mark", mark}, {"text", line.text}});
  }
  json view = {{"title", "Compare revisions"},
               {"nav_current", "stories"},
               {"story", {{"id", id}, {"headline", story->headline}, {"url", story_url(id)}}},
               {"a", a->version},
               {"b", b->version},
               {"changes", changes},
               {"has_changes", !changes.empty()},
               {"body_changed", body_changed},
               {"lines", lines}};
  return self.page("compare", view, request);
}

web::Response Admin::Impl::story_restore(const AdminRequest& request, Id id) {
  auto story = store.articles().find(id);
  if (!story) return not_found(request);
  if (!may_edit(request.user, *story)) return forbidden(request);
  auto form = request.http.form();
  auto version = to_id(field(form, "revision"));
  auto current = to_id(field(form, "version"));
  std::optional<Revision> chosen;
  for (auto& r : store.articles().revisions(id)) {
    if (version && r.version == *version) chosen = std::move(r);
  }
  if (!chosen || !current) return message(request, 400, "Bad form", "Pick a revision to restore.");
  // The text and fields come back; where the story stands in the workflow does not.
  Article restored = *story;
  const Article& old = chosen->article;
  restored.version = static_cast<int>(*current);
  restored.headline = old.headline;
  restored.dek = old.dek;
  restored.body = old.body;
  restored.slug = old.slug;
  restored.section = old.section;
  restored.author_ids = old.author_ids;
  restored.tags = old.tags;
  restored.lead_media_id = old.lead_media_id;
  restored.clip_media_id = old.clip_media_id;
  // The flags come back only for those who may set them; for the others they stay as they are.
  if (newsroom::may_set_flags(request.user.role)) {
    restored.exclusive = old.exclusive;
    restored.featured = old.featured;
  }
  restored.seo_title = old.seo_title;
  restored.seo_description = old.seo_description;
  try {
    newsroom.save(newsroom::Actor::of(request.user), restored);
  } catch (const newsroom::Refused& refused) {
    if (refused.first().rule == "conflict") {
      return message(request, 409, "Someone else saved first",
                     "The story changed since you opened its revisions. Reload the list and "
                     "restore again if you still want to.");
    }
    if (refused.first().rule == "slug_taken") {
      return message(request, 409, "Slug in use",
                     "Another story now uses that revision's slug; restore it in the editor and "
                     "choose another slug.");
    }
    return message(request, refused.kind() == newsroom::Refusal::Kind::forbidden ? 403 : 422,
                   "Not restored", refused.first().reason);
  }
  self.audit(request, "story.restore", "article:" + std::to_string(id),
             "from version " + std::to_string(*version));
  return see_other(story_url(id) + "?done=restored");
}

}  // namespace marquee::admin
