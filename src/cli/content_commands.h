// Content subcommands run against the store without a server: importing stories and knowledge
// graphs, exporting the graph, editors' link decisions and re-enrichment. Each prints what it
// did; bad input is reported as FILE:LINE: reason and writes nothing.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "newsroom/newsroom.h"
#include "store/changes.h"
#include "store/store.h"

namespace marquee::cli {

// A failure the user can fix: exit status 2 with these lines on stderr.
struct InputErrors {
  std::vector<std::string> lines;
};

struct ImportOptions {
  std::vector<std::string> files;
  std::string section;  // for files that do not name one
  std::string author;   // author slug for files that do not name one
  bool dry_run = false;
  // WordPress exports: the export's wp-content/uploads folder (--media), and Marquee's own media
  // folder where the photos go.
  std::string uploads;
  std::string media_folder;
};

// Each returns the exit status.
int import_stories(Store& store, ChangeFeed* feed, const ImportOptions& options,
                   const std::string& timezone);
// Photos the file adds for its entities are stored in `media_folder`.
int import_entities(Store& store, ChangeFeed* feed, const std::string& file, bool reindex,
                    const std::filesystem::path& media_folder);
int export_entities(Store& store, ChangeFeed* feed, const std::string& output);
int show_or_decide_links(Store& store, ChangeFeed* feed, const std::string& story_slug,
                         const std::vector<std::string>& confirm,
                         const std::vector<std::string>& reject);
int reindex(Store& store, ChangeFeed* feed, const newsroom::ReindexOptions& options);
// Every story linked again, with a progress bar on standard error and a summary line.
void relink_archive(Store& store, const newsroom::ReindexOptions& options);
int list_sections(Store& store, ChangeFeed* feed);
int list_authors(Store& store, ChangeFeed* feed);
int add_author(Store& store, ChangeFeed* feed, const std::string& slug, const std::string& name,
               const std::string& bio);
int add_section(Store& store, ChangeFeed* feed, const std::string& slug, const std::string& name);
// The sections the navigation shows, in order (the `navigation.sections` setting); the others
// stay pages of their own.
int choose_navigation(Store& store, ChangeFeed* feed, const std::vector<std::string>& slugs);

// Tells running servers that content changed under them (they drop their caches at once).
void announce_external_write(ChangeFeed* feed);

}  // namespace marquee::cli
