// The review queue's subcommands: see graph_commands.h.
#include "cli/graph_commands.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>

#include "cli/content_commands.h"
#include "enrich/discover.h"
#include "newsroom/knowledge.h"
#include "review/review.h"

namespace marquee::cli {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Written beside the target and renamed, so a failed run never leaves half a file.
bool write_whole_file(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::error_code ec;
      std::filesystem::remove(temporary, ec);
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) std::filesystem::remove(temporary, ec);
  return !ec;
}

std::string end_label(const SuggestionEnd& end, Store& store) {
  if (end.entity_id) {
    if (auto e = store.graph().entity(*end.entity_id)) return e->slug;
  }
  return "\"" + end.name + "\"" +
         (end.kind ? std::string(" (new ") + to_string(*end.kind) + ")" : "");
}

}  // namespace

int discover_entities(Store& store, ChangeFeed* feed, const DiscoverOptions& options) {
  const bool to_stdout = options.out.empty() || options.out == "-";
  if (!to_stdout) {
    // Refused before the archive is read, not after minutes of work.
    std::ofstream probe(options.out + ".partial", std::ios::binary | std::ios::trunc);
    if (!probe) {
      std::cerr << "marquee: " << options.out << ": cannot write the file\n";
      return 2;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  newsroom::Knowledge knowledge(store, newsroom::Knowledge::Related::empty);
  review::ArchiveOptions archive;
  archive.discovery.min_stories = static_cast<std::size_t>(options.min_stories);
  archive.discovery.min_confidence = options.min_confidence;
  archive.threads = options.threads;
  auto run = review::discover_archive(store, knowledge.graph(), archive);
  const std::string text = write_discovered_jsonl(run.pending);
  if (to_stdout) {
    std::cout << text << std::flush;
  } else if (!write_whole_file(options.out, text)) {
    std::cerr << "marquee: " << options.out << ": cannot write the file\n";
    return 2;
  }
  announce_external_write(feed);
  std::cerr << "read " << run.stories << " stories in " << std::fixed << std::setprecision(1)
            << seconds_since(start) << " s; " << run.pending.size() << " proposals pending ("
            << run.counts.added << " new, " << run.counts.updated << " counted again, "
            << run.counts.decided << " decided before and left out, " << run.counts.removed
            << " no longer proposed)\n";
  return 0;
}

int suggest_relations_over_archive(Store& store, ChangeFeed* feed, unsigned threads) {
  const auto start = std::chrono::steady_clock::now();
  newsroom::Knowledge knowledge(store, newsroom::Knowledge::Related::empty);
  review::ArchiveOptions archive;
  archive.threads = threads;
  auto run = review::suggest_archive(store, knowledge.graph(), archive);
  announce_external_write(feed);
  std::cout << "read " << run.stories << " stories in " << std::fixed << std::setprecision(1)
            << seconds_since(start) << " s; " << run.found << " relations stated, " << run.added
            << " new suggestions; " << store.review().count_suggestions(SuggestionStatus::pending)
            << " pending\n";
  return 0;
}

int list_pending_relations(Store& store, int limit) {
  const int total = store.review().count_suggestions(SuggestionStatus::pending);
  for (const auto& s : store.review().suggestions(SuggestionStatus::pending, limit)) {
    std::cout << s.id << "\t" << end_label(s.subject, store) << " " << s.predicate << " "
              << end_label(s.object, store);
    for (const auto& [key, value] : s.qualifiers) std::cout << " " << key << "=" << value;
    std::cout << "\t" << std::fixed << std::setprecision(2) << s.confidence << "\tstory "
              << s.article_id << ": " << s.sentence << "\n";
  }
  std::cerr << total << " pending"
            << (total > limit ? " (first " + std::to_string(limit) + " shown)" : "") << "\n";
  return 0;
}

}  // namespace marquee::cli
