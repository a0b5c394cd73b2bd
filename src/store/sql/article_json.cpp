// Article <-> JSON with nlohmann/json; times as Unix seconds, enums as their text form.
#include "store/sql/article_json.h"

#include <nlohmann/json.hpp>

#include "store/errors.h"

namespace marquee {
namespace {

using nlohmann::json;

json optional_time(const std::optional<Time>& t) {
  return t ? json(t->time_since_epoch().count()) : json(nullptr);
}

json optional_id(const std::optional<Id>& id) {
  return id ? json(*id) : json(nullptr);
}

template <typename T>
T field(const json& j, const char* key, T fallback) {
  auto found = j.find(key);
  if (found == j.end() || found->is_null()) return fallback;
  return found->get<T>();
}

Time time_field(const json& j, const char* key) {
  return Time(std::chrono::seconds(field<std::int64_t>(j, key, 0)));
}

std::optional<Time> optional_time_field(const json& j, const char* key) {
  auto found = j.find(key);
  if (found == j.end() || found->is_null()) return std::nullopt;
  return Time(std::chrono::seconds(found->get<std::int64_t>()));
}

std::optional<Id> optional_id_field(const json& j, const char* key) {
  auto found = j.find(key);
  if (found == j.end() || found->is_null()) return std::nullopt;
  return found->get<Id>();
}

}  // namespace

std::string article_to_json(const Article& a) {
  json j = {
      {"id", a.id},
      {"kind", to_string(a.kind)},
      {"slug", a.slug},
      {"headline", a.headline},
      {"dek", a.dek},
      {"body", a.body},
      {"body_html", a.body_html},
      {"section", a.section},
      {"author_ids", a.author_ids},
      {"tags", a.tags},
      {"status", to_string(a.status)},
      {"publish_at", optional_time(a.publish_at)},
      {"created_at", a.created_at.time_since_epoch().count()},
      {"updated_at", a.updated_at.time_since_epoch().count()},
      {"lead_media_id", optional_id(a.lead_media_id)},
      {"clip_media_id", optional_id(a.clip_media_id)},
      {"exclusive", a.exclusive},
      {"featured", a.featured},
      {"seo_title", a.seo_title},
      {"seo_description", a.seo_description},
      {"version", a.version},
      {"live_ended_at", optional_time(a.live_ended_at)},
  };
  if (!a.photos.empty()) {
    json photos = json::array();
    for (const auto& photo : a.photos) {
      json people = json::array();
      for (const auto& person : photo.people) {
        people.push_back({{"entity_id", person.entity_id},
                          {"state", to_string(person.state)},
                          {"confidence", person.confidence}});
      }
      photos.push_back({{"media_id", photo.media_id},
                        {"caption", photo.caption},
                        {"credit", photo.credit},
                        {"alt", photo.alt},
                        {"people", people}});
    }
    j["photos"] = std::move(photos);
  }
  // Invalid UTF-8 in a field is replaced rather than failing the save of a whole story.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Article article_from_json(std::string_view text) {
  try {
    json j = json::parse(text);
    if (!j.is_object()) throw StoreError("revision is not a JSON object");
    Article a;
    a.id = field<Id>(j, "id", 0);
    auto kind = field<std::string>(j, "kind", "article");
    auto parsed_kind = parse_article_kind(kind);
    if (!parsed_kind) throw StoreError("revision has unknown kind '" + kind + "'");
    a.kind = *parsed_kind;
    a.slug = field<std::string>(j, "slug", "");
    a.headline = field<std::string>(j, "headline", "");
    a.dek = field<std::string>(j, "dek", "");
    a.body = field<std::string>(j, "body", "");
    a.body_html = field<std::string>(j, "body_html", "");
    a.section = field<std::string>(j, "section", "");
    a.author_ids = field<std::vector<Id>>(j, "author_ids", {});
    a.tags = field<std::vector<std::string>>(j, "tags", {});
    auto status = field<std::string>(j, "status", "draft");
    auto parsed = parse_article_status(status);
    if (!parsed) throw StoreError("revision has unknown status '" + status + "'");
    a.status = *parsed;
    a.publish_at = optional_time_field(j, "publish_at");
    a.created_at = time_field(j, "created_at");
    a.updated_at = time_field(j, "updated_at");
    a.lead_media_id = optional_id_field(j, "lead_media_id");
    a.clip_media_id = optional_id_field(j, "clip_media_id");
    a.live_ended_at = optional_time_field(j, "live_ended_at");
    a.exclusive = field<bool>(j, "exclusive", false);
    a.featured = field<bool>(j, "featured", false);
    a.seo_title = field<std::string>(j, "seo_title", "");
    a.seo_description = field<std::string>(j, "seo_description", "");
    a.version = field<int>(j, "version", 0);
    if (auto photos = j.find("photos"); photos != j.end() && photos->is_array()) {
      for (const auto& p : *photos) {
        GalleryPhoto photo;
        photo.media_id = field<Id>(p, "media_id", 0);
        photo.caption = field<std::string>(p, "caption", "");
        photo.credit = field<std::string>(p, "credit", "");
        photo.alt = field<std::string>(p, "alt", "");
        if (auto people = p.find("people"); people != p.end() && people->is_array()) {
          for (const auto& person : *people) {
            auto state = parse_link_state(field<std::string>(person, "state", "suggested"));
            if (!state) throw StoreError("revision has a photo person of unknown state");
            photo.people.push_back({field<Id>(person, "entity_id", 0), *state,
                                    field<double>(person, "confidence", 0.0)});
          }
        }
        a.photos.push_back(std::move(photo));
      }
    }
    return a;
  } catch (const json::exception& e) {
    throw StoreError(std::string("unreadable revision: ") + e.what());
  }
}

}  // namespace marquee
