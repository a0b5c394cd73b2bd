// Column encodings of the domain enums, times and relation qualifiers.
#include "store/sql/codec.h"

#include <nlohmann/json.hpp>

#include "store/errors.h"

namespace marquee::sql {
namespace {

template <typename Enum>
Enum parse_or_throw(std::optional<Enum> parsed, std::string_view what, std::string_view text) {
  if (!parsed) {
    throw StoreError("store holds an unknown " + std::string(what) + " '" + std::string(text) +
                     "'");
  }
  return *parsed;
}

}  // namespace

Time now_seconds() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

const char* to_string(MediaKind kind) {
  return kind == MediaKind::video ? "video" : "image";
}

ArticleStatus article_status_from(std::string_view text) {
  return parse_or_throw(parse_article_status(text), "story status", text);
}
ArticleKind article_kind_from(std::string_view text) {
  return parse_or_throw(parse_article_kind(text), "story kind", text);
}
Role role_from(std::string_view text) {
  return parse_or_throw(parse_role(text), "role", text);
}
EntityKind entity_kind_from(std::string_view text) {
  return parse_or_throw(parse_entity_kind(text), "entity kind", text);
}
MediaKind media_kind_from(std::string_view text) {
  std::optional<MediaKind> parsed;
  if (text == "image") parsed = MediaKind::image;
  if (text == "video") parsed = MediaKind::video;
  return parse_or_throw(parsed, "media kind", text);
}
LinkSource link_source_from(std::string_view text) {
  return parse_or_throw(parse_link_source(text), "link source", text);
}
LinkState link_state_from(std::string_view text) {
  return parse_or_throw(parse_link_state(text), "link state", text);
}

std::string qualifiers_to_json(const std::map<std::string, std::string>& qualifiers) {
  return nlohmann::json(qualifiers).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::map<std::string, std::string> qualifiers_from_json(std::string_view text) {
  std::map<std::string, std::string> qualifiers;
  try {
    auto j = nlohmann::json::parse(text);
    if (!j.is_object()) throw StoreError("relation qualifiers are not a JSON object");
    for (const auto& [key, value] : j.items()) {
      // Written by this code they are strings; a number typed in by hand is kept as its text.
      qualifiers[key] = value.is_string() ? value.get<std::string>() : value.dump();
    }
  } catch (const nlohmann::json::exception& e) {
    throw StoreError(std::string("unreadable relation qualifiers: ") + e.what());
  }
  return qualifiers;
}

std::string renditions_to_json(const std::vector<Rendition>& renditions) {
  auto list = nlohmann::json::array();
  for (const Rendition& r : renditions) {
    nlohmann::json item = {
        {"width", r.width}, {"height", r.height}, {"mime", r.mime}, {"file", r.file}};
    if (!r.crop.empty()) item["crop"] = r.crop;
    list.push_back(std::move(item));
  }
  return list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string crops_to_json(const std::map<std::string, CropRect>& crops) {
  auto object = nlohmann::json::object();
  for (const auto& [ratio, rect] : crops) {
    object[ratio] = {rect.x, rect.y, rect.width, rect.height};
  }
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::map<std::string, CropRect> crops_from_json(std::string_view text) {
  std::map<std::string, CropRect> crops;
  try {
    auto object = nlohmann::json::parse(text);
    if (!object.is_object()) throw StoreError("media crops are not a JSON object");
    for (const auto& [ratio, box] : object.items()) {
      crops[ratio] = {box.at(0).get<double>(), box.at(1).get<double>(), box.at(2).get<double>(),
                      box.at(3).get<double>()};
    }
  } catch (const nlohmann::json::exception& e) {
    throw StoreError(std::string("unreadable media crops: ") + e.what());
  }
  return crops;
}

std::vector<Rendition> renditions_from_json(std::string_view text) {
  std::vector<Rendition> renditions;
  try {
    auto list = nlohmann::json::parse(text);
    if (!list.is_array()) throw StoreError("media renditions are not a JSON array");
    for (const auto& item : list) {
      Rendition r;
      r.width = item.at("width").get<int>();
      r.height = item.at("height").get<int>();
      r.mime = item.at("mime").get<std::string>();
      r.file = item.at("file").get<std::string>();
      r.crop = item.value("crop", std::string());
      renditions.push_back(std::move(r));
    }
  } catch (const nlohmann::json::exception& e) {
    throw StoreError(std::string("unreadable media renditions: ") + e.what());
  }
  return renditions;
}

}  // namespace marquee::sql
