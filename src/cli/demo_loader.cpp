// Demo content loader: parse every file first, then write.
#include "cli/demo_loader.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <toml++/toml.h>

#include "importers/graph_jsonl.h"
#include "importers/story_file.h"

namespace marquee::cli {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

toml::table parse_toml(const fs::path& path) {
  try {
    return toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    throw std::runtime_error(path.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                             std::string(e.description()));
  }
}

}  // namespace

DemoCounts load_demo(const fs::path& demo_dir, Store& store, site::Newsroom& newsroom) {
  DemoCounts counts;
  // Parse everything before the first write.
  auto sections_file = parse_toml(demo_dir / "sections.toml");
  auto authors_file = parse_toml(demo_dir / "authors.toml");
  auto graph = parse_graph_jsonl(read_text(demo_dir / "graph.jsonl"));
  if (!graph.ok()) {
    const auto& first = graph.errors.front();
    throw std::runtime_error((demo_dir / "graph.jsonl").string() + ":" +
                             std::to_string(first.line) + ": " + first.reason);
  }
  std::vector<fs::path> story_paths;
  for (const auto& entry : fs::directory_iterator(demo_dir / "stories")) {
    if (entry.path().extension() == ".md") story_paths.push_back(entry.path());
  }
  std::sort(story_paths.begin(), story_paths.end());
  std::vector<StoryFile> stories;
  for (const auto& path : story_paths) {
    auto parsed = parse_story_file(read_text(path));
    if (auto* error = std::get_if<StoryFileError>(&parsed)) {
      throw std::runtime_error(path.string() + ":" + to_string(*error));
    }
    stories.push_back(std::get<StoryFile>(std::move(parsed)));
  }

  int position = 0;
  if (auto* list = sections_file["section"].as_array()) {
    for (const auto& node : *list) {
      const auto* t = node.as_table();
      if (!t) continue;
      Section section;
      section.slug = (*t)["slug"].value_or(std::string());
      section.name = (*t)["name"].value_or(std::string());
      section.position = position++;
      store.save_section(section);
      ++counts.sections;
    }
  }
  std::map<std::string, Id> author_ids;
  if (auto* list = authors_file["authors"].as_array()) {
    for (const auto& node : *list) {
      const auto* t = node.as_table();
      if (!t) continue;
      User author;
      author.display_name = (*t)["name"].value_or(std::string());
      author.slug = (*t)["slug"].value_or(std::string());
      author.bio = (*t)["bio"].value_or(std::string());
      author.role = Role::writer;
      author_ids[author.slug] = store.save_user(author).id;
      ++counts.authors;
    }
  }
  std::vector<Entity> saved_entities;
  for (const auto& entity : graph.graph->entities) {
    saved_entities.push_back(store.save_entity(entity));
    ++counts.entities;
  }
  for (const auto& relation : resolve_relations(saved_entities, graph.graph->relations)) {
    store.save_relation(relation);
    ++counts.relations;
  }
  newsroom.graph_changed();
  for (auto& story : stories) {
    for (const auto& slug : story.author_slugs) {
      auto it = author_ids.find(slug);
      if (it == author_ids.end()) throw std::runtime_error("demo story names unknown author " + slug);
      story.article.author_ids.push_back(it->second);
    }
    // The story keeps its own times: it was written then, not now.
    newsroom.save(story.article, 0, story.article.updated_at);
    ++counts.stories;
  }
  return counts;
}

}  // namespace marquee::cli
