// Loads the demo site (sections, authors, knowledge graph, stories) from a demo/ folder into an
// empty store, through the same write path as the newsroom.
#pragma once

#include <filesystem>

#include "admin/media_library.h"
#include "newsroom/newsroom.h"
#include "store/store.h"

namespace marquee::cli {

struct DemoCounts {
  int sections = 0;
  int authors = 0;
  int entities = 0;
  int relations = 0;
  int stories = 0;
  int media = 0;
};

// Throws std::runtime_error naming the file (and line) of any bad input; nothing is loaded
// when a file fails to parse, since everything is parsed before the first write. With a media
// library, the stories' lead photos and clips (described in media.toml) are stored through it;
// without one, stories load without media.
DemoCounts load_demo(const std::filesystem::path& demo_dir, Store& store,
                     newsroom::Newsroom& newsroom, admin::MediaLibrary* media = nullptr);

}  // namespace marquee::cli
