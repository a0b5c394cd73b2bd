// Content subcommands: see content_commands.h.
#include "cli/content_commands.h"

#include "cli/entity_images.h"
#include "cli/progress.h"
#include "cli/wordpress_import.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "core/ascii.h"
#include "core/site_time.h"
#include "core/slug.h"
#include "core/urls.h"
#include "enrich/enrich.h"
#include "importers/graph_jsonl.h"
#include "importers/html_story.h"
#include "importers/scraped_story.h"
#include "importers/story_file.h"
#include "newsroom/knowledge.h"
#include "newsroom/newsroom.h"

namespace marquee::cli {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

int report(const InputErrors& errors) {
  for (const auto& line : errors.lines) std::cerr << "marquee: " << line << "\n";
  return 2;
}

std::optional<Section> find_section(Store& store, const std::string& slug) {
  for (const auto& section : store.sections().all()) {
    if (section.slug == slug) return section;
  }
  return std::nullopt;
}

}  // namespace

void relink_archive(Store& store, const newsroom::ReindexOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  newsroom::Knowledge knowledge(store, newsroom::Knowledge::Related::empty);
  newsroom::Newsroom newsroom(store, knowledge, nullptr);
  Progress bar(std::cerr, "stories", Progress::for_stderr());
  auto run = newsroom.reindex_archive(
      options, [&](std::size_t done, std::size_t total) { bar.update(done, total); });
  bar.finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "re-linked " << run.stories << " stories in " << std::fixed << std::setprecision(1)
            << seconds << " s (" << static_cast<long long>(seconds > 0 ? run.stories / seconds : 0)
            << "/s), " << run.bodies_rendered << " bodies rendered again, " << run.links_written
            << " with new links or quotes; review queue: " << run.suggestions_added
            << " new relation suggestions, " << run.proposals << " proposals pending\n";
}

void announce_external_write(ChangeFeed* feed) {
  // A server on the same store drops its caches and reloads its graph when it hears this.
  if (feed) feed->announce(ChangeFeed::kEverything);
}

namespace {

enum class StoryFormat { story_file, html, scraped_text };

StoryFormat detect_format(const std::string& file, std::string_view text) {
  std::size_t start = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  if (text.substr(start, 3) == "+++") return StoryFormat::story_file;
  const auto ext = ascii_lower(fs::path(file).extension().string());
  if (ext == ".html" || ext == ".htm" || text.substr(start, 1) == "<") return StoryFormat::html;
  return StoryFormat::scraped_text;
}

// A byline from a scraped page names a person; find their author page or make one.
std::optional<Id> author_for_name(Store& store, const std::string& name, bool create) {
  auto wanted = slugify(name);
  if (wanted.empty()) return std::nullopt;
  for (const auto& user : store.users().all()) {
    if (slugify(user.display_name) == wanted) return user.id;
  }
  if (!create) return std::nullopt;
  User author;
  author.display_name = name;
  author.slug = wanted;
  author.role = Role::contributor;
  std::cout << "  new author " << wanted << " (" << name << ")\n";
  return store.users().save(author).id;
}

}  // namespace

int import_stories(Store& store, ChangeFeed* feed, const ImportOptions& options,
                   const std::string& timezone) {
  auto site_time = SiteTime::load(timezone);
  if (!site_time) return report({{"unknown time zone " + timezone}});
  // A WordPress export is told by its content, whatever its name; the rest are story files.
  std::vector<std::string> story_files;
  for (const auto& file : options.files) {
    if (!is_wordpress_export(file)) {
      story_files.push_back(file);
      continue;
    }
    WordpressImportOptions wp;
    wp.file = file;
    wp.uploads = options.uploads;
    wp.media_folder = options.media_folder;
    wp.dry_run = options.dry_run;
    wp.timezone = timezone;
    wp.progress = &std::cerr;
    try {
      auto result = import_wordpress(store, wp);
      print_report(std::cout, result, options.dry_run);
    } catch (const WordpressImportRefused& refused) {
      return report({{file + ":" + std::to_string(refused.line) + ": " + refused.message}});
    }
    if (!options.dry_run) announce_external_write(feed);
  }
  if (story_files.empty()) return 0;
  if (!options.uploads.empty()) {
    return report({{"--media is for WordPress exports; story files name their own photos"}});
  }
  // Scraped pages glue link texts together; the knowledge graph knows where names meet.
  // The same compiled graph serves the repair now and the linking when the stories are saved.
  newsroom::Knowledge knowledge(store, newsroom::Knowledge::Related::empty);
  auto graph = knowledge.graph();
  GlueRepair repair = [&graph](std::string_view text) { return repair_glued_text(*graph, text); };

  InputErrors errors;
  struct Pending {
    std::string file;
    Article article;
    std::vector<std::string> byline_names;
  };
  std::vector<Pending> pending;
  // Everything is read and checked before the first write.
  for (const auto& file : story_files) {
    auto text = read_file(file);
    if (!text) {
      errors.lines.push_back(file + ": cannot read the file");
      continue;
    }
    StoryFile story;
    std::vector<std::string> names;
    auto format = detect_format(file, *text);
    if (format == StoryFormat::story_file) {
      auto parsed = parse_story_file(*text);
      if (auto* error = std::get_if<StoryFileError>(&parsed)) {
        errors.lines.push_back(file + ":" + std::to_string(error->line) + ": " + error->message);
        continue;
      }
      story = std::get<StoryFile>(std::move(parsed));
    } else {
      auto parsed = format == StoryFormat::html ? parse_html_story(*text, *site_time, repair)
                                                : parse_scraped_story(*text, *site_time, repair);
      if (auto* error = std::get_if<StoryFileError>(&parsed)) {
        errors.lines.push_back(file + ":" + std::to_string(error->line) + ": " + error->message);
        continue;
      }
      auto& scraped = std::get<ScrapedStory>(parsed);
      for (const auto& note : scraped.notes) std::cout << "  " << file << ": " << note << "\n";
      story = std::move(scraped.story);
      names = std::move(scraped.byline_names);
    }
    Article article = std::move(story.article);
    if (article.section.empty()) article.section = options.section;
    if (article.section.empty()) {
      errors.lines.push_back(file + ": no section (give one in the file or with --section)");
      continue;
    }
    if (!find_section(store, article.section)) {
      errors.lines.push_back(file + ": unknown section '" + article.section + "'");
      continue;
    }
    auto slugs = story.author_slugs;
    if (slugs.empty() && names.empty() && !options.author.empty()) slugs.push_back(options.author);
    bool authors_ok = true;
    for (const auto& slug : slugs) {
      auto user = store.users().find_by_slug(slug);
      if (!user) {
        errors.lines.push_back(file + ": unknown author '" + slug + "'");
        authors_ok = false;
        continue;
      }
      article.author_ids.push_back(user->id);
    }
    if (!authors_ok) continue;
    for (const auto& other : pending) {
      if (other.article.slug == article.slug) {
        errors.lines.push_back(file + ": slug '" + article.slug + "' is also used by " +
                               other.file);
      }
    }
    if (!article.author_ids.empty()) names.clear();
    pending.push_back({file, std::move(article), std::move(names)});
  }
  if (!errors.lines.empty()) return report(errors);
  if (options.dry_run) {
    std::cout << pending.size() << " stories would be imported (dry run: nothing written)\n";
    return 0;
  }

  newsroom::Newsroom newsroom(store, knowledge, nullptr);
  int added = 0, updated = 0;
  InputErrors refused;
  for (auto& item : pending) {
    for (const auto& name : item.byline_names) {
      if (auto id = author_for_name(store, name, true)) item.article.author_ids.push_back(*id);
    }
    if (auto existing = store.articles().find_by_slug(item.article.slug)) {
      // Importing the same file again updates the story instead of duplicating it.
      item.article.id = existing->id;
      item.article.version = existing->version;
      ++updated;
    } else {
      ++added;
    }
    Time when = item.article.updated_at != Time{}
                    ? item.article.updated_at
                    : std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    try {
      auto saved = newsroom.save(newsroom::Actor::system(), item.article,
                                 {.saved_at = when, .imported = true});
      std::cout << "  " << item.file << " -> " << saved.slug << " (" << to_string(saved.status)
                << ")\n";
    } catch (const newsroom::Refused& e) {
      refused.lines.push_back(item.file + ": " + e.first().reason);
    }
  }
  announce_external_write(feed);
  if (!refused.lines.empty()) return report(refused);
  std::cout << "imported " << pending.size() << " stories (" << added << " new, " << updated
            << " updated)\n";
  return 0;
}

int import_entities(Store& store, ChangeFeed* feed, const std::string& file, bool reindex_after,
                    const std::filesystem::path& media_folder) {
  auto text = read_file(file);
  if (!text) return report({{file + ": cannot read the file"}});
  auto parsed = parse_graph_jsonl(*text, [&store](std::string_view slug) {
    return store.graph().entity_by_slug(slug).has_value();
  });
  if (!parsed.ok()) {
    InputErrors errors;
    for (const auto& e : parsed.errors) {
      errors.lines.push_back(file + ":" + std::to_string(e.line) + ": " + e.reason);
    }
    return report(errors);
  }
  bool adds_photos = false;
  for (const auto& [slug, image] : parsed.graph->images) adds_photos |= !image.file.empty();
  // Photos are stored first: a refused one leaves the graph as it was (and no file behind).
  std::optional<media::MediaStore> files;
  std::optional<admin::MediaLibrary> library;
  try {
    if (adds_photos) {
      files.emplace(media_folder);
      library.emplace(store, *files);
    }
    attach_entity_images(*parsed.graph, store,
                         library
                             ? upload_through(*library, std::filesystem::path(file).parent_path())
                             : StoreImage{});
  } catch (const std::exception& e) {
    return report({{file + ": " + e.what()}});
  }
  std::vector<RelationBySlug> relations;
  for (const auto& r : parsed.graph->relations) {
    relations.push_back({r.subject, r.predicate, r.object, r.qualifiers});
  }
  auto counts = store.graph().import(parsed.graph->entities, relations);
  std::cout << "entities: " << counts.entities_added << " added, " << counts.entities_updated
            << " updated; relations: " << counts.relations_added << " added\n";
  if (reindex_after) relink_archive(store, {});
  announce_external_write(feed);
  return 0;
}

int export_entities(Store& store, ChangeFeed* /*feed*/, const std::string& output) {
  std::string text = write_graph_jsonl(
      to_graph_file(store.graph().entities(), store.graph().relations(), image_names(store)));
  if (output.empty() || output == "-") {
    std::cout << text;
    return 0;
  }
  // Written beside the target and renamed, so a failed export never leaves half a file.
  std::string temporary = output + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return report({{output + ": cannot write the file"}});
  }
  std::error_code ec;
  fs::rename(temporary, output, ec);
  if (ec) {
    fs::remove(temporary, ec);
    return report({{output + ": cannot write the file"}});
  }
  return 0;
}

int show_or_decide_links(Store& store, ChangeFeed* feed, const std::string& story_slug,
                         const std::vector<std::string>& confirm,
                         const std::vector<std::string>& reject) {
  auto story = store.articles().find_by_slug(story_slug);
  if (!story) return report({{"no story with slug '" + story_slug + "'"}});
  std::vector<std::pair<Id, LinkState>> decisions;
  InputErrors errors;
  for (const auto* list : {&confirm, &reject}) {
    for (const auto& slug : *list) {
      auto entity = store.graph().entity_by_slug(slug);
      if (!entity) {
        errors.lines.push_back("no entity with slug '" + slug + "'");
        continue;
      }
      decisions.push_back(
          {entity->id, list == &confirm ? LinkState::confirmed : LinkState::rejected});
    }
  }
  if (!errors.lines.empty()) return report(errors);
  if (!decisions.empty()) {
    newsroom::Knowledge knowledge(store, newsroom::Knowledge::Related::empty);
    newsroom::Newsroom newsroom(store, knowledge, nullptr);
    try {
      for (const auto& [entity, state] : decisions) {
        newsroom.decide_link(newsroom::Actor::system(), story->id, entity, state);
      }
    } catch (const newsroom::Refused& e) {
      announce_external_write(feed);
      return report({{e.first().reason}});
    }
    announce_external_write(feed);
  }
  std::cout << std::left << std::setw(36) << "entity" << std::setw(11) << "state" << std::setw(8)
            << "source" << std::setw(12) << "confidence"
            << "salience  mentions\n";
  for (const auto& link : store.links().of_story(story->id)) {
    auto entity = store.graph().entity(link.entity_id);
    std::cout << std::left << std::setw(36)
              << (entity ? entity->slug : std::to_string(link.entity_id)) << std::setw(11)
              << to_string(link.state) << std::setw(8) << to_string(link.source) << std::setw(12)
              << std::fixed << std::setprecision(2) << link.confidence << std::setw(10)
              << link.salience << link.mentions << "\n";
  }
  for (const auto& quote : store.links().quotes_of_story(story->id)) {
    auto speaker = quote.speaker_id ? store.graph().entity(*quote.speaker_id) : std::nullopt;
    std::cout << "quote (" << (speaker ? speaker->name : std::string("unknown speaker")) << "): \""
              << quote.text << "\"\n";
  }
  return 0;
}

int reindex(Store& store, ChangeFeed* feed, const newsroom::ReindexOptions& options) {
  relink_archive(store, options);
  announce_external_write(feed);
  return 0;
}

int list_sections(Store& store, ChangeFeed* /*feed*/) {
  auto chosen = store.settings().get("navigation.sections");
  std::string list = chosen ? "," + *chosen + "," : std::string();
  for (const auto& section : store.sections().all()) {
    const bool shown = !chosen || list.find("," + section.slug + ",") != std::string::npos;
    std::cout << section.slug << "\t" << section.name << (shown ? "\tin navigation" : "") << "\n";
  }
  return 0;
}

int choose_navigation(Store& store, ChangeFeed* feed, const std::vector<std::string>& slugs) {
  InputErrors errors;
  std::string value;
  for (const auto& slug : slugs) {
    if (!find_section(store, slug)) errors.lines.push_back("unknown section '" + slug + "'");
    value += (value.empty() ? "" : ",") + slug;
  }
  if (!errors.lines.empty()) return report(errors);
  store.settings().set("navigation.sections", value);
  announce_external_write(feed);
  std::cout << "navigation: " << value << "\n";
  return 0;
}

int list_authors(Store& store, ChangeFeed* /*feed*/) {
  for (const auto& user : store.users().all()) {
    if (!user.slug.empty()) std::cout << user.slug << "\t" << user.display_name << "\n";
  }
  return 0;
}

int add_author(Store& store, ChangeFeed* feed, const std::string& slug, const std::string& name,
               const std::string& bio) {
  if (!is_valid_slug(slug))
    return report({{"author slug must be lower-case words joined by hyphens: '" + slug + "'"}});
  if (name.empty()) return report({{"an author needs a name"}});
  User author;
  if (auto existing = store.users().find_by_slug(slug)) author = *existing;
  author.slug = slug;
  author.display_name = name;
  if (!bio.empty()) author.bio = bio;
  if (author.id == 0) author.role = Role::contributor;
  store.users().save(author);
  announce_external_write(feed);
  std::cout << "author " << slug << " (" << name << ")\n";
  return 0;
}

int add_section(Store& store, ChangeFeed* feed, const std::string& slug, const std::string& name) {
  if (!is_valid_slug(slug))
    return report({{"section slug must be lower-case words joined by hyphens: '" + slug + "'"}});
  if (is_reserved_segment(slug))
    return report({{"'" + slug + "' is used by the site itself; pick another slug"}});
  if (name.empty()) return report({{"a section needs a name"}});
  Section section{0, slug, name, static_cast<int>(store.sections().all().size())};
  for (const auto& existing : store.sections().all()) {
    if (existing.slug == slug) section = {existing.id, slug, name, existing.position};
  }
  // A section would take the address of a page of that name (a section wins at /<slug>).
  if (auto page = store.articles().find_by_slug(slug);
      section.id == 0 && page && page->kind == ArticleKind::page) {
    return report({{"/" + slug + " is the page \"" + page->headline +
                    "\"; move the page first or pick another slug"}});
  }
  store.sections().save(section);
  announce_external_write(feed);
  std::cout << "section " << slug << " (" << name << ")\n";
  return 0;
}

}  // namespace marquee::cli
