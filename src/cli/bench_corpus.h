// A realistic synthetic archive for benchmarks at scale: a Zipf-distributed vocabulary of tens of
// thousands of words, stories of news length over fifteen years, and a knowledge graph of people
// and works whose names the stories use, so that searches match what they would in a real
// archive, stories are linked, topic pages hold thousands of stories and quotes have speakers.
// The same seed gives the same archive.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace marquee::cli {

struct RealisticCorpusOptions {
  int stories = 1000;
  std::uint32_t seed = 42;
  int people = 12000;          // person entities in the graph
  int works = 8000;            // films, shows, bands, albums and songs
  int vocabulary = 40000;      // distinct words in bodies, ranked by a Zipf law
  double zipf_exponent = 1.0;  // of words and of how often each entity is written about
  int authors = 40;            // writer accounts that sign the stories
  int batch = 2000;            // stories per write transaction
  int first_year = 2012;       // stories run from its first day to the end of first_year + 14
};

// Saves each (slug, name) the store does not have yet, numbered in the order given.
void add_missing_sections(Store& store,
                          const std::vector<std::pair<std::string, std::string>>& sections);

// Adds the sections, the writers and the knowledge graph (once: a second run on the same store
// only adds stories), then the stories with their links and quotes, `batch` per transaction.
// Writes a progress line to `progress` every 50,000 stories. Returns how many stories it stored.
int make_realistic_corpus(Store& store, const RealisticCorpusOptions& options,
                          std::ostream& progress);

}  // namespace marquee::cli
