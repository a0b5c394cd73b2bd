// `marquee import export.xml`: a WordPress export moved into the store. Authors become bylines
// with newsroom accounts, categories sections and tags, attachments photos (from --media), posts
// stories through the newsroom's one write path (enriched, rendered, linked), and every old
// address a redirect. Items are keyed by their WordPress id, so a second run of the same export
// changes nothing and a newer export updates what changed.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "store/changes.h"
#include "store/store.h"

namespace marquee::cli {

struct WordpressImportOptions {
  std::filesystem::path file;
  // The export's wp-content/uploads folder; without it attachments are reported, not imported.
  std::filesystem::path uploads;
  // Marquee's own media folder, where photos and their renditions are stored.
  std::filesystem::path media_folder;
  bool dry_run = false;
  // The site's zone: a post whose UTC time WordPress left empty is read in it.
  std::string timezone = "America/New_York";
  // Posts per batch: the keys and redirects of a batch are written in one transaction.
  std::size_t batch_size = 100;
  // On a site whose navigation nobody has chosen yet, the sections with the most posts shown
  // there; the others are reachable at their own address.
  std::size_t navigation_sections = 6;
  // Where the progress line goes (null: nowhere), at most every progress_every.
  std::ostream* progress = nullptr;
  std::chrono::milliseconds progress_every{500};
};

// One item left behind, and why.
struct SkippedItem {
  long long wordpress_id = 0;
  std::string kind;  // "post", "page", "attachment", ...
  std::string title;
  std::string reason;
};

struct WordpressImportReport {
  long long items_read = 0;
  std::map<std::string, int> stories;  // by Marquee status: new or updated
  int stories_unchanged = 0;
  int stories_updated = 0;
  std::map<std::string, int> pages;  // plain pages (About, Contact), by Marquee status
  int pages_unchanged = 0;
  int pages_updated = 0;
  int authors_added = 0;
  int sections_added = 0;
  int tags = 0;  // distinct tags on the imported stories
  int media_added = 0;
  int media_missing = 0;
  int redirects = 0;
  int comments_kept = 0;  // approved ones, of the stories written (or, dry, to be written)
  int comments_held = 0;  // pending, spam, trash, pingbacks: counted, never imported
  std::vector<SkippedItem> skipped;
  std::vector<std::string> notes;  // what was carried over with a loss worth knowing
  double seconds = 0;
};

// A malformed or unreadable export, with the line libxml2 stopped at (0 when none applies).
struct WordpressImportRefused {
  int line = 0;
  std::string message;
};

// Throws WordpressImportRefused before anything is written when the file is malformed or is no
// WordPress export; StoreError when the store fails.
WordpressImportReport import_wordpress(Store& store, const WordpressImportOptions& options);

// The summary printed at the end: counts per kind, then each skipped item with its reason.
void print_report(std::ostream& out, const WordpressImportReport& report, bool dry_run);

// Whether the file starts like a WordPress export.
bool is_wordpress_export(const std::filesystem::path& file);

}  // namespace marquee::cli
