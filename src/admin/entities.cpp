// The knowledge-graph manager: list and search entities, create and edit them (names, aliases,
// dates), add and remove relations, and merge two entities into one without losing links.
#include <algorithm>
#include <map>

#include "admin/pages.h"
#include "core/ascii.h"
#include "core/slug.h"
#include "core/urls.h"

namespace marquee::admin {
namespace {

using nlohmann::json;

constexpr int kEntityPageSize = 50;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = std::string(ascii_trim(text.substr(start, end - start)));
    if (!line.empty() && std::find(out.begin(), out.end(), line) == out.end()) out.push_back(line);
    start = end + 1;
  }
  return out;
}

bool is_predicate(const std::string& p) {
  return !p.empty() && p.size() <= 40 &&
         std::all_of(p.begin(), p.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

std::string entity_url(Id id) {
  return "/admin/entities/" + std::to_string(id);
}

// A name folded for comparison: ASCII case and runs of spaces aside.
std::string folded(std::string_view name) {
  std::string out;
  bool space = false;
  for (char c : name) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

std::string dates_of(const Entity& e) {
  if (e.start_date.empty() && e.end_date.empty()) return "";
  if (e.end_date.empty()) return e.start_date;
  return (e.start_date.empty() ? "?" : e.start_date) + "–" + e.end_date;
}

}  // namespace

json media_options(Store& store, MediaKind kind, std::optional<Id> chosen) {
  json options = json::array();
  for (const auto& media : store.media().list(kind, 200, 0)) {
    std::string label = media.caption.empty() ? media.file : media.caption;
    if (kind == MediaKind::image && media.alt.empty()) label += " (no alt text)";
    options.push_back({{"value", media.id}, {"label", label}, {"selected", chosen == media.id}});
  }
  return options;
}

json entity_brief(const Entity& e, int stories) {
  std::string aliases;
  for (const auto& alias : e.aliases) aliases += (aliases.empty() ? "" : ", ") + alias;
  return {{"id", e.id},
          {"name", e.name},
          {"kind", to_string(e.kind)},
          {"slug", e.slug},
          {"aliases", aliases},
          {"description", e.description},
          {"dates", dates_of(e)},
          {"stories", stories},
          {"stories_label", std::to_string(stories) + (stories == 1 ? " story" : " stories")},
          {"url", entity_url(e.id)},
          {"topic_url", entity_path(e)}};
}

std::vector<const Entity*> look_alikes(const std::vector<Entity>& all, std::string_view name,
                                       Id except) {
  const std::string wanted = folded(name);
  std::vector<const Entity*> out;
  if (wanted.empty()) return out;
  for (const auto& e : all) {
    if (e.id == except) continue;
    bool same = folded(e.name) == wanted;
    for (const auto& alias : e.aliases) same = same || folded(alias) == wanted;
    if (same) out.push_back(&e);
  }
  return out;
}

web::Response Admin::Impl::entity_list(const AdminRequest& request) {
  if (!has_capability(request.user.role, Capability::manage_entities)) return forbidden(request);
  std::string q = std::string(ascii_trim(request.http.query("q").value_or("")));
  std::string kind = request.http.query("kind").value_or("");
  auto kind_filter = parse_entity_kind(kind);
  int page = 1;
  if (auto p = to_id(request.http.query("page").value_or("")))
    page = static_cast<int>(std::min<Id>(*p, 100000));
  const bool only_look_alikes = !request.http.query("lookalikes").value_or("").empty();
  std::string needle = ascii_lower(q);
  std::vector<Entity> matching;
  const std::vector<Entity> all = store.graph().entities();
  for (const auto& entity : all) {
    if (kind_filter && entity.kind != *kind_filter) continue;
    if (!needle.empty()) {
      bool hit = ascii_lower(entity.name).find(needle) != std::string::npos ||
                 entity.slug.find(needle) != std::string::npos;
      for (const auto& alias : entity.aliases)
        hit = hit || ascii_lower(alias).find(needle) != std::string::npos;
      if (!hit) continue;
    }
    matching.push_back(entity);
  }
  // Look-alikes: how many entities share each folded name, over the whole graph.
  std::map<std::string, int> same_name;
  for (const auto& e : all) ++same_name[folded(e.name)];
  if (only_look_alikes) {
    std::erase_if(matching, [&](const Entity& e) { return same_name[folded(e.name)] < 2; });
    // Side by side: the look-alikes of one name next to each other.
    std::stable_sort(matching.begin(), matching.end(), [](const Entity& a, const Entity& b) {
      return folded(a.name) < folded(b.name);
    });
  }
  int total = static_cast<int>(matching.size());
  const int first = (page - 1) * kEntityPageSize;
  const int last = std::min(total, page * kEntityPageSize);
  std::vector<Id> shown;
  for (int i = first; i < last; ++i) shown.push_back(matching[static_cast<std::size_t>(i)].id);
  auto counts = store.links().story_counts(shown);
  json rows = json::array();
  for (int i = first; i < last; ++i) {
    const auto& e = matching[static_cast<std::size_t>(i)];
    json row = entity_brief(e, counts[static_cast<std::size_t>(i - first)].stories);
    const int others = same_name[folded(e.name)] - 1;
    row["look_alike"] = others > 0;
    if (others > 0) {
      row["look_alike_label"] = "Same name as " + std::to_string(others) +
                                (others == 1 ? " other entity" : " other entities");
      row["look_alike_url"] = "/admin/entities?lookalikes=1&q=" + web::percent_encode(e.name);
    }
    rows.push_back(row);
  }
  json kinds = json::array();
  for (auto k : kEntityKinds) {
    kinds.push_back(
        {{"value", to_string(k)}, {"label", to_string(k)}, {"selected", kind == to_string(k)}});
  }
  int pages = std::max(1, (total + kEntityPageSize - 1) / kEntityPageSize);
  std::string base = "/admin/entities?q=" + web::percent_encode(q) +
                     "&kind=" + web::percent_encode(kind) +
                     (only_look_alikes ? "&lookalikes=1" : "");
  json view = {{"title", "Entities"},
               {"nav_current", "entities"},
               {"entities", rows},
               {"has_entities", !rows.empty()},
               {"total", total},
               {"q", q},
               {"kinds", kinds},
               {"page", page},
               {"look_alikes_only", only_look_alikes},
               {"pages", pages}};
  if (page > 1) view["prev_url"] = base + "&page=" + std::to_string(page - 1);
  if (page < pages) view["next_url"] = base + "&page=" + std::to_string(page + 1);
  return self.page("entities", view, request);
}

web::Response Admin::Impl::entity_edit(const AdminRequest& request, std::optional<Id> id,
                                       const std::map<std::string, std::string>& errors,
                                       const std::optional<Entity>& submitted, int status) {
  if (!has_capability(request.user.role, Capability::manage_entities)) return forbidden(request);
  Entity entity;
  if (id) {
    auto stored = store.graph().entity(*id);
    if (!stored) return not_found(request);
    entity = *stored;
  }
  if (submitted) entity = *submitted;
  std::string aliases;
  for (const auto& alias : entity.aliases) aliases += alias + "\n";
  json kinds = json::array();
  for (auto k : kEntityKinds) {
    kinds.push_back(
        {{"value", to_string(k)}, {"label", to_string(k)}, {"selected", k == entity.kind}});
  }
  json e = {{"id", entity.id},
            {"is_new", !id},
            {"action_url", id ? entity_url(*id) : std::string("/admin/entities")},
            {"name", entity.name},
            {"slug", entity.slug},
            {"aliases", aliases},
            {"description", entity.description},
            {"start_date", entity.start_date},
            {"end_date", entity.end_date}};
  if (id) e["topic_url"] = entity_path(entity);
  // Its photo is picked from the library with the story editor's picker (media_picker.js).
  json photos = media_options(store, MediaKind::image, entity.image_media_id);
  if (entity.image_media_id) {
    bool listed = false;
    for (const auto& option : photos) listed = listed || option["selected"].get<bool>();
    if (!listed) {
      if (auto photo = store.media().find(*entity.image_media_id)) {
        photos.push_back({{"value", photo->id},
                          {"label", photo->caption.empty() ? photo->file : photo->caption},
                          {"selected", true}});
      }
    }
  }
  json relations = json::array();
  if (id) {
    for (const auto& r : store.graph().relations_of(*id)) {
      auto subject = store.graph().entity(r.subject_id);
      auto object = store.graph().entity(r.object_id);
      std::string qualifiers;
      for (const auto& [key, value] : r.qualifiers) {
        qualifiers += (qualifiers.empty() ? "" : ", ") + key + ": " + value;
      }
      relations.push_back(
          {{"id", r.id},
           {"subject", subject ? subject->name : "?"},
           {"subject_url", entity_url(r.subject_id)},
           {"predicate", r.predicate},
           {"object", object ? object->name : "?"},
           {"object_url", entity_url(r.object_id)},
           {"qualifiers", qualifiers.empty() ? json(false) : json(qualifiers)},
           {"delete_url", entity_url(*id) + "/relations/" + std::to_string(r.id) + "/delete"}});
    }
  }
  json err = json::object();
  for (const auto& [name, text] : errors) err[name] = text;
  json view = {{"title", id ? "Entity: " + entity.name : "New entity"},
               {"nav_current", "entities"},
               {"entity", e},
               {"kinds", kinds},
               {"photos", photos},
               {"relations", relations},
               {"has_relations", !relations.empty()},
               {"errors", err},
               {"has_errors", !errors.empty()}};
  if (id) {
    // Others of the same name: the likeliest duplicates, or look-alikes to tell apart.
    const auto all = store.graph().entities();
    auto alikes = look_alikes(all, entity.name, *id);
    std::vector<Id> ids = {*id};
    for (const Entity* other : alikes) ids.push_back(other->id);
    auto counts = store.links().story_counts(ids);
    view["stories_label"] = entity_brief(entity, counts[0].stories)["stories_label"];
    json others = json::array();
    for (std::size_t i = 0; i < alikes.size(); ++i) {
      others.push_back(entity_brief(*alikes[i], counts[i + 1].stories));
    }
    view["look_alikes"] = others;
    view["has_look_alikes"] = !others.empty();
  }
  return self.page("entity_edit", view, request, status);
}

web::Response Admin::Impl::entity_save(const AdminRequest& request, std::optional<Id> id) {
  if (!has_capability(request.user.role, Capability::manage_entities)) return forbidden(request);
  Entity entity;
  if (id) {
    auto stored = store.graph().entity(*id);
    if (!stored) return not_found(request);
    entity = *stored;
  }
  auto form = request.http.form();
  std::map<std::string, std::string> errors;
  entity.name = std::string(ascii_trim(field(form, "name")));
  if (entity.name.empty()) errors["name"] = "Give the name readers know.";
  auto kind = parse_entity_kind(field(form, "kind"));
  if (!kind)
    errors["kind"] = "Choose what kind of thing this is.";
  else
    entity.kind = *kind;
  std::string slug = std::string(ascii_trim(field(form, "slug")));
  if (slug.empty()) slug = slugify(entity.name);
  if (!is_valid_slug(slug)) errors["slug"] = "Use lower-case letters, digits and single hyphens.";
  entity.slug = slug;
  entity.aliases = lines_of(field(form, "aliases"));
  entity.description = std::string(ascii_trim(field(form, "description")));
  entity.start_date = std::string(ascii_trim(field(form, "start_date")));
  entity.end_date = std::string(ascii_trim(field(form, "end_date")));
  entity.image_media_id.reset();
  if (const std::string chosen = field(form, "image_media"); !chosen.empty()) {
    auto photo_id = to_id(chosen);
    auto photo = photo_id ? store.media().find(*photo_id) : std::nullopt;
    if (!photo || photo->kind != MediaKind::image) {
      errors["image_media"] = "Choose a photo from the library.";
    } else {
      entity.image_media_id = photo->id;
    }
  }
  if (!errors.empty()) return entity_edit(request, id, errors, entity, 422);
  if (auto other = store.graph().entity_by_slug(entity.slug); other && other->id != entity.id) {
    errors["slug"] = "Another entity (" + other->name + ") has this slug.";
    return entity_edit(request, id, errors, entity, 422);
  }
  Entity saved;
  try {
    saved = store.graph().save_entity(entity);
  } catch (const ConstraintError&) {
    errors["slug"] = "Another entity has this slug.";
    return entity_edit(request, id, errors, entity, 422);
  }
  newsroom.graph_changed();
  self.audit(request, id ? "entity.update" : "entity.create", "entity:" + std::to_string(saved.id),
             saved.name);
  return see_other(entity_url(saved.id) + (id ? "?done=saved" : "?done=created"));
}

web::Response Admin::Impl::relation_add(const AdminRequest& request, Id id) {
  if (!has_capability(request.user.role, Capability::manage_entities)) return forbidden(request);
  auto entity = store.graph().entity(id);
  if (!entity) return not_found(request);
  auto form = request.http.form();
  std::string predicate = std::string(ascii_trim(field(form, "predicate")));
  std::string other_slug = std::string(ascii_trim(field(form, "other")));
  auto other = store.graph().entity_by_slug(other_slug);
  if (!other) other = store.graph().entity_by_slug(slugify(other_slug));
  std::map<std::string, std::string> errors;
  if (!is_predicate(predicate))
    errors["predicate"] = "Use a relation name like acted_in or member_of.";
  if (!other)
    errors["other"] = "No entity with that slug or name.";
  else if (other->id == id)
    errors["other"] = "An entity cannot be related to itself.";
  if (!errors.empty()) return entity_edit(request, id, errors, std::nullopt, 422);
  Relation relation;
  const bool this_is_subject = field(form, "direction") != "object";
  relation.subject_id = this_is_subject ? id : other->id;
  relation.object_id = this_is_subject ? other->id : id;
  relation.predicate = predicate;
  for (const char* key : {"character", "year"}) {
    std::string value = std::string(ascii_trim(field(form, key)));
    if (!value.empty()) relation.qualifiers[key] = value;
  }
  auto saved = store.graph().save_relation(relation);
  newsroom.graph_changed();
  self.audit(request, "relation.add", "entity:" + std::to_string(id),
             "relation:" + std::to_string(saved.id) + " " + predicate + " " + other->slug);
  return see_other(entity_url(id) + "?done=relation-added");
}

web::Response Admin::Impl::relation_remove(const AdminRequest& request, Id id, Id relation_id) {
  if (!has_capability(request.user.role, Capability::manage_entities)) return forbidden(request);
  auto relations = store.graph().relations_of(id);
  auto found = std::find_if(relations.begin(), relations.end(),
                            [&](const Relation& r) { return r.id == relation_id; });
  if (found == relations.end()) return not_found(request);
  store.graph().delete_relation(relation_id);
  newsroom.graph_changed();
  self.audit(request, "relation.remove", "entity:" + std::to_string(id),
             "relation:" + std::to_string(relation_id) + " " + found->predicate);
  return see_other(entity_url(id) + "?done=relation-removed");
}

web::Response Admin::Impl::entity_merge(const AdminRequest& request, Id id) {
  if (!has_capability(request.user.role, Capability::manage_entities)) return forbidden(request);
  auto keep = store.graph().entity(id);
  if (!keep) return not_found(request);
  std::string other_slug = std::string(ascii_trim(field(request.http.form(), "other")));
  auto merged = store.graph().entity_by_slug(other_slug);
  if (!merged) merged = store.graph().entity_by_slug(slugify(other_slug));
  if (!merged || merged->id == id) {
    return entity_edit(request, id,
                       {{"merge", merged ? "Choose another entity to merge into this one."
                                         : "No entity with that slug or name."}},
                       std::nullopt, 422);
  }
  store.graph().merge(id, merged->id);
  newsroom.graph_changed();
  // Story bodies link the merged entity's topic page: render the stories that name it again.
  ArticleQuery linked;
  linked.status.reset();
  linked.entity_id = id;
  linked.limit = 200;
  int resaved = 0;
  for (linked.offset = 0;; linked.offset += linked.limit) {
    auto page = store.articles().list(linked);
    for (const auto& summary : page) {
      if (newsroom.relink(summary.id, request.user.id)) ++resaved;
    }
    if (static_cast<int>(page.size()) < linked.limit) break;
  }
  self.audit(request, "entity.merge", "entity:" + std::to_string(id),
             "merged " + merged->slug + " (entity:" + std::to_string(merged->id) + "); " +
                 std::to_string(resaved) + " stories re-linked");
  return see_other(entity_url(id) + "?done=merged");
}

}  // namespace marquee::admin
