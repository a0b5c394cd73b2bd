// Demo content loader: parse every file first, then write.
#include "cli/demo_loader.h"

#include <toml++/toml.h>
#include <algorithm>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "cli/entity_images.h"
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

// A clip's caption file in media.toml: `captions = [{ file, lang, label }]`.
struct DemoCaptions {
  fs::path file;
  std::string lang;
  std::string label;
};

// What media.toml says of one file: its words, for a photo its focal point, for a clip its
// caption files.
struct DemoDetails {
  admin::MediaDetails words;
  std::optional<std::pair<double, double>> focus;
  std::vector<DemoCaptions> captions;
};

// media.toml: the details of each file, keyed by the file's normal path.
std::map<fs::path, DemoDetails> parse_media_details(const fs::path& demo_dir) {
  std::map<fs::path, DemoDetails> details;
  if (!fs::exists(demo_dir / "media.toml")) return details;
  auto file = parse_toml(demo_dir / "media.toml");
  if (auto* list = file["media"].as_array()) {
    for (const auto& node : *list) {
      const auto* t = node.as_table();
      if (!t) continue;
      auto name = (*t)["file"].value_or(std::string());
      if (name.empty())
        throw std::runtime_error((demo_dir / "media.toml").string() + ": an entry without a file");
      DemoDetails& d = details[(demo_dir / name).lexically_normal()];
      d.words = {(*t)["caption"].value_or(std::string()), (*t)["credit"].value_or(std::string()),
                 (*t)["alt"].value_or(std::string())};
      if (const auto* focus = (*t)["focus"].as_array(); focus && focus->size() == 2) {
        d.focus = std::pair{(*focus)[0].value_or(0.5), (*focus)[1].value_or(0.5)};
      }
      if (const auto* tracks = (*t)["captions"].as_array()) {
        for (const auto& track : *tracks) {
          const auto* c = track.as_table();
          if (!c) continue;
          d.captions.push_back({demo_dir / (*c)["file"].value_or(std::string()),
                                (*c)["lang"].value_or(std::string()),
                                (*c)["label"].value_or(std::string())});
        }
      }
    }
  }
  return details;
}

// Stores each demo file once (a photo may lead one story and be another's poster) and returns
// its id.
class DemoMedia {
 public:
  DemoMedia(admin::MediaLibrary& library, std::map<fs::path, DemoDetails> details)
      : library_(library), details_(std::move(details)) {}

  // `words` are used when media.toml does not describe the file.
  std::optional<Id> id_for(const fs::path& dir, const std::string& reference,
                           const admin::MediaDetails& words = {}) {
    if (reference.empty() || reference.find("://") != std::string::npos) return std::nullopt;
    const fs::path path = (dir / reference).lexically_normal();
    if (auto it = stored_.find(path); it != stored_.end()) return it->second;
    ++count;
    return stored_[path] = upload(path, words);
  }

  // Stores every one of `files`, several at once (each upload decodes the photo
  // and encodes its renditions: most of the demo's start-up).
  void store_all(const std::vector<std::pair<fs::path, admin::MediaDetails>>& files) {
    std::mutex lock;
    std::size_t next = 0;
    const unsigned workers = std::max(2u, std::thread::hardware_concurrency());
    std::vector<std::pair<fs::path, Id>> done;
    auto work = [&] {
      while (true) {
        std::size_t i;
        {
          std::lock_guard guard(lock);
          if (next == files.size()) return;
          i = next++;
        }
        const auto& [path, words] = files[i];
        const Id id = upload(path, words);
        std::lock_guard guard(lock);
        done.emplace_back(path, id);
      }
    };
    std::vector<std::future<void>> running;
    for (unsigned w = 0; w < workers; ++w) running.push_back(std::async(std::launch::async, work));
    for (auto& r : running) r.get();  // rethrows the first failure
    for (auto& [path, id] : done) stored_[path] = id;
    count += static_cast<int>(done.size());
  }

  int count = 0;

 private:
  Id upload(const fs::path& path, const admin::MediaDetails& words) {
    auto found = details_.find(path);
    auto outcome =
        library_.upload_file(path, found == details_.end() ? words : found->second.words, 0);
    if (auto* problem = std::get_if<admin::MediaProblem>(&outcome)) {
      throw std::runtime_error(path.string() + ": " + problem->message);
    }
    const Id id = std::get<Media>(outcome).id;
    if (found == details_.end()) return id;
    if (found->second.focus) {
      library_.set_focus(id, found->second.focus->first, found->second.focus->second);
    }
    for (const auto& track : found->second.captions) {
      auto added = library_.add_captions(id, track.lang, track.label, read_text(track.file));
      if (auto* problem = std::get_if<site::CaptionProblem>(&added)) {
        throw std::runtime_error(track.file.string() + ": " + problem->message);
      }
    }
    return id;
  }

  admin::MediaLibrary& library_;
  std::map<fs::path, DemoDetails> details_;
  std::map<fs::path, Id> stored_;
};

}  // namespace

DemoCounts load_demo(const fs::path& demo_dir, Store& store, newsroom::Newsroom& newsroom,
                     admin::MediaLibrary* media) {
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
  auto media_details = parse_media_details(demo_dir);
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
      store.sections().save(section);
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
      author_ids[author.slug] = store.users().save(author).id;
      ++counts.authors;
    }
  }
  std::optional<DemoMedia> demo_media;
  if (media) {
    demo_media.emplace(*media, std::move(media_details));
    std::vector<std::pair<fs::path, admin::MediaDetails>> files;
    for (const auto& story : stories) {
      for (const auto* reference : {&story.lead_image, &story.clip}) {
        if (!reference->empty() && reference->find("://") == std::string::npos) {
          files.emplace_back((demo_dir / "stories" / *reference).lexically_normal(),
                             admin::MediaDetails{});
        }
      }
      for (const auto& photo : story.photos) {
        if (!photo.file.empty()) {
          files.emplace_back((demo_dir / "stories" / photo.file).lexically_normal(),
                             admin::MediaDetails{});
        }
      }
    }
    for (const auto& [slug, image] : graph.graph->images) {
      if (!image.file.empty()) {
        files.emplace_back((demo_dir / image.file).lexically_normal(),
                           admin::MediaDetails{image.caption, image.credit, image.alt});
      }
    }
    std::sort(files.begin(), files.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    files.erase(std::unique(files.begin(), files.end(),
                            [](const auto& a, const auto& b) { return a.first == b.first; }),
                files.end());
    demo_media->store_all(files);
  }
  if (demo_media) {
    attach_entity_images(*graph.graph, store, [&](const GraphImage& image) {
      return *demo_media->id_for(demo_dir, image.file, {image.caption, image.credit, image.alt});
    });
  } else {
    graph.graph->images.clear();  // no library: entities load without photos
  }
  std::vector<Entity> saved_entities;
  for (const auto& entity : graph.graph->entities) {
    saved_entities.push_back(store.graph().save_entity(entity));
    ++counts.entities;
  }
  for (const auto& relation : resolve_relations(saved_entities, graph.graph->relations)) {
    store.graph().save_relation(relation);
    ++counts.relations;
  }
  newsroom.graph_changed();
  // Galleries first: the stories that show one name it, and it must be there.
  std::stable_partition(stories.begin(), stories.end(),
                        [](const StoryFile& s) { return s.article.kind == ArticleKind::gallery; });
  for (auto& story : stories) {
    if (demo_media) {
      story.article.lead_media_id = demo_media->id_for(demo_dir / "stories", story.lead_image);
      story.article.clip_media_id = demo_media->id_for(demo_dir / "stories", story.clip);
      for (const auto& photo : story.photos) {
        GalleryPhoto shown;
        auto id = demo_media->id_for(demo_dir / "stories", photo.file);
        if (!id) throw std::runtime_error(story.article.slug + ": a photo needs a file");
        shown.media_id = *id;
        shown.caption = photo.caption;
        shown.credit = photo.credit;
        shown.alt = photo.alt;
        for (const auto& slug : photo.people) {
          auto entity = store.graph().entity_by_slug(slug);
          if (!entity) throw std::runtime_error("demo gallery names unknown person " + slug);
          shown.people.push_back({entity->id, LinkState::confirmed, 1.0});
        }
        story.article.photos.push_back(std::move(shown));
      }
    }
    for (const auto& slug : story.author_slugs) {
      auto it = author_ids.find(slug);
      if (it == author_ids.end())
        throw std::runtime_error("demo story names unknown author " + slug);
      story.article.author_ids.push_back(it->second);
    }
    // The story keeps its own times: it was written then, not now.
    newsroom.save(newsroom::Actor::system(), story.article,
                  {.saved_at = story.article.updated_at, .imported = true});
    ++counts.stories;
  }
  if (demo_media) counts.media = demo_media->count;
  return counts;
}

}  // namespace marquee::cli
