// Knowledge-graph JSON Lines: a strict reader that reports every bad line with its number, and
// a writer whose output the reader accepts unchanged.
#include "importers/graph_jsonl.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_map>

#include "core/slug.h"

namespace marquee {
namespace {

using nlohmann::json;

bool is_predicate(std::string_view p) {
  if (p.empty()) return false;
  for (char c : p)
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  return true;
}

// Reads an optional string field; false (with reason) when present but not a string.
bool optional_string(const json& j, const char* key, std::string& out, std::string& reason) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_string()) {
    reason = std::string("\"") + key + "\" must be a string";
    return false;
  }
  out = it->get<std::string>();
  return true;
}

bool required_string(const json& j, const char* key, std::string& out, std::string& reason) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    reason = std::string("missing field \"") + key + "\"";
    return false;
  }
  if (!optional_string(j, key, out, reason)) return false;
  if (out.empty()) {
    reason = std::string("field \"") + key + "\" is empty";
    return false;
  }
  return true;
}

std::optional<Entity> read_entity(const json& j, std::string& reason) {
  Entity e;
  if (!required_string(j, "entity", e.slug, reason)) return std::nullopt;
  if (!is_valid_slug(e.slug)) {
    reason = "bad slug \"" + e.slug + "\" (lower-case a-z0-9 words joined by single hyphens)";
    return std::nullopt;
  }
  std::string kind;
  if (!required_string(j, "kind", kind, reason)) return std::nullopt;
  auto parsed = parse_entity_kind(kind);
  if (!parsed) {
    reason = "bad kind \"" + kind + "\"";
    return std::nullopt;
  }
  e.kind = *parsed;
  if (!required_string(j, "name", e.name, reason)) return std::nullopt;
  if (!optional_string(j, "description", e.description, reason) ||
      !optional_string(j, "start", e.start_date, reason) ||
      !optional_string(j, "end", e.end_date, reason) ||
      !optional_string(j, "pronouns", e.pronouns, reason))
    return std::nullopt;
  if (!e.pronouns.empty() && e.pronouns != "she" && e.pronouns != "he" && e.pronouns != "they") {
    reason = "bad pronouns \"" + e.pronouns + "\" (one of she, he, they)";
    return std::nullopt;
  }
  if (!e.pronouns.empty() && e.kind != EntityKind::person) {
    reason = "\"pronouns\" is for people only";
    return std::nullopt;
  }
  if (auto it = j.find("aliases"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) {
      reason = "\"aliases\" must be an array of strings";
      return std::nullopt;
    }
    for (const auto& a : *it) {
      if (!a.is_string() || a.get<std::string>().empty()) {
        reason = "\"aliases\" must be an array of non-empty strings";
        return std::nullopt;
      }
      e.aliases.push_back(a.get<std::string>());
    }
  }
  if (auto it = j.find("prior"); it != j.end() && !it->is_null()) {
    if (!it->is_number() || !(it->get<double>() > 0)) {
      reason = "\"prior\" must be a number greater than 0";
      return std::nullopt;
    }
    e.prior = it->get<double>();
  }
  return e;
}

// "image": {"file": "images/x.jpg", "credit": ..., "alt": ..., "caption": ...} or
// {"media": "<stored name>"}.
std::optional<GraphImage> read_image(const json& j, std::string& reason) {
  GraphImage image;
  if (!j.is_object()) {
    reason = "\"image\" must be an object with \"file\" or \"media\"";
    return std::nullopt;
  }
  for (const auto& [key, value] : j.items()) {
    if (key != "file" && key != "media" && key != "caption" && key != "credit" && key != "alt") {
      reason = "unknown field \"" + key + "\" in \"image\"";
      return std::nullopt;
    }
  }
  if (!optional_string(j, "file", image.file, reason) ||
      !optional_string(j, "media", image.media, reason) ||
      !optional_string(j, "caption", image.caption, reason) ||
      !optional_string(j, "credit", image.credit, reason) ||
      !optional_string(j, "alt", image.alt, reason)) {
    return std::nullopt;
  }
  if (image.file.empty() == image.media.empty()) {
    reason = "\"image\" needs one of \"file\" (a photo to add) or \"media\" (one in the library)";
    return std::nullopt;
  }
  if (!image.file.empty() &&
      (image.file.front() == '/' || image.file.find("..") != std::string::npos)) {
    reason = "\"image\" file must be a path inside the graph file's folder";
    return std::nullopt;
  }
  return image;
}

std::optional<GraphRelation> read_relation(const json& j, std::string& reason) {
  GraphRelation r;
  if (!required_string(j, "relation", r.predicate, reason)) return std::nullopt;
  if (!is_predicate(r.predicate)) {
    reason = "bad predicate \"" + r.predicate + "\" (lower-case letters and underscores)";
    return std::nullopt;
  }
  if (!required_string(j, "subject", r.subject, reason) ||
      !required_string(j, "object", r.object, reason))
    return std::nullopt;
  for (const auto* slug : {&r.subject, &r.object}) {
    if (!is_valid_slug(*slug)) {
      reason = "bad slug \"" + *slug + "\"";
      return std::nullopt;
    }
  }
  if (auto it = j.find("qualifiers"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) {
      reason = "\"qualifiers\" must be an object of strings";
      return std::nullopt;
    }
    for (const auto& [key, value] : it->items()) {
      if (!value.is_string()) {
        reason = "qualifier \"" + key + "\" must be a string";
        return std::nullopt;
      }
      r.qualifiers[key] = value.get<std::string>();
    }
  }
  return r;
}

}  // namespace

GraphParseResult parse_graph_jsonl(std::string_view text, const KnownSlug& known) {
  GraphParseResult result;
  GraphFile file;
  std::vector<int> relation_lines;
  std::unordered_map<std::string, int> defined;  // slug -> line
  auto fail = [&](int line, std::string reason) {
    if (result.errors.size() < kMaxGraphErrors) result.errors.push_back({line, std::move(reason)});
  };

  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // byte-order mark
  int line_no = 0;
  while (!text.empty()) {
    ++line_no;
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;

    json j;
    try {
      j = json::parse(line);
    } catch (const json::parse_error& e) {
      fail(line_no, std::string("bad JSON: ") + e.what());
      continue;
    }
    if (!j.is_object()) {
      fail(line_no, "bad JSON: a line must be one object");
      continue;
    }
    bool is_entity = j.contains("entity"), is_relation = j.contains("relation");
    if (is_entity == is_relation) {
      fail(line_no, is_entity ? "a line is either an entity or a relation, not both"
                              : "missing field \"entity\" or \"relation\"");
      continue;
    }
    std::string reason;
    if (is_entity) {
      auto e = read_entity(j, reason);
      if (!e) {
        fail(line_no, reason);
        continue;
      }
      std::optional<GraphImage> image;
      if (auto it = j.find("image"); it != j.end() && !it->is_null()) {
        image = read_image(*it, reason);
        if (!image) {
          fail(line_no, reason);
          continue;
        }
      }
      auto [it, fresh] = defined.emplace(e->slug, line_no);
      if (!fresh) {
        fail(line_no, "duplicate slug \"" + e->slug + "\" (first on line " +
                          std::to_string(it->second) + ")");
        continue;
      }
      if (image) file.images[e->slug] = std::move(*image);
      file.entities.push_back(std::move(*e));
    } else {
      auto r = read_relation(j, reason);
      if (!r) {
        fail(line_no, reason);
        continue;
      }
      file.relations.push_back(std::move(*r));
      relation_lines.push_back(line_no);
    }
  }

  // Relations may name entities defined further down, so they are checked last.
  auto exists = [&](const std::string& slug) {
    return defined.count(slug) > 0 || (known && known(slug));
  };
  for (std::size_t i = 0; i < file.relations.size(); ++i) {
    const auto& r = file.relations[i];
    if (!exists(r.subject)) fail(relation_lines[i], "unknown subject slug \"" + r.subject + "\"");
    if (!exists(r.object)) fail(relation_lines[i], "unknown object slug \"" + r.object + "\"");
  }
  std::stable_sort(result.errors.begin(), result.errors.end(),
                   [](const GraphError& a, const GraphError& b) { return a.line < b.line; });
  if (result.errors.empty()) result.graph = std::move(file);
  return result;
}

std::string write_graph_jsonl(const GraphFile& graph) {
  std::string out;
  auto emit = [&out](const nlohmann::ordered_json& j) {
    out += j.dump(-1, ' ', false, json::error_handler_t::replace);
    out += '\n';
  };
  for (const auto& e : graph.entities) {
    nlohmann::ordered_json j;
    j["entity"] = e.slug;
    j["kind"] = to_string(e.kind);
    j["name"] = e.name;
    if (!e.aliases.empty()) j["aliases"] = e.aliases;
    if (!e.description.empty()) j["description"] = e.description;
    if (!e.start_date.empty()) j["start"] = e.start_date;
    if (!e.end_date.empty()) j["end"] = e.end_date;
    if (e.prior != 1.0) j["prior"] = e.prior;
    if (!e.pronouns.empty()) j["pronouns"] = e.pronouns;
    if (auto image = graph.images.find(e.slug); image != graph.images.end()) {
      const GraphImage& i = image->second;
      nlohmann::ordered_json o;
      if (!i.file.empty()) o["file"] = i.file;
      if (!i.media.empty()) o["media"] = i.media;
      if (!i.caption.empty()) o["caption"] = i.caption;
      if (!i.credit.empty()) o["credit"] = i.credit;
      if (!i.alt.empty()) o["alt"] = i.alt;
      j["image"] = std::move(o);
    }
    emit(j);
  }
  for (const auto& r : graph.relations) {
    nlohmann::ordered_json j;
    j["relation"] = r.predicate;
    j["subject"] = r.subject;
    j["object"] = r.object;
    if (!r.qualifiers.empty()) j["qualifiers"] = r.qualifiers;
    emit(j);
  }
  return out;
}

GraphFile to_graph_file(const std::vector<Entity>& entities, const std::vector<Relation>& relations,
                        const ImageOf& image_of) {
  GraphFile file;
  file.entities = entities;
  for (const auto& e : entities) {
    if (!e.image_media_id || !image_of) continue;
    if (auto image = image_of(*e.image_media_id)) file.images[e.slug] = std::move(*image);
  }
  std::unordered_map<Id, const std::string*> slug_of;
  for (const auto& e : entities) slug_of[e.id] = &e.slug;
  for (auto& e : file.entities) {
    e.id = 0;
    e.image_media_id.reset();  // the file names the photo by its stored name instead
  }
  for (const auto& r : relations) {
    auto s = slug_of.find(r.subject_id), o = slug_of.find(r.object_id);
    if (s == slug_of.end() || o == slug_of.end()) continue;
    file.relations.push_back({*s->second, r.predicate, *o->second, r.qualifiers});
  }
  return file;
}

std::vector<Relation> resolve_relations(const std::vector<Entity>& entities,
                                        const std::vector<GraphRelation>& relations) {
  std::unordered_map<std::string_view, Id> id_of;
  for (const auto& e : entities) id_of[e.slug] = e.id;
  std::vector<Relation> out;
  out.reserve(relations.size());
  for (const auto& r : relations) {
    auto s = id_of.find(r.subject), o = id_of.find(r.object);
    if (s == id_of.end() || o == id_of.end()) continue;
    out.push_back({0, s->second, r.predicate, o->second, r.qualifiers});
  }
  return out;
}

}  // namespace marquee
