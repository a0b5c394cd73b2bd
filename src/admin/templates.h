// The newsroom's own Mustache templates (themes/<theme>/admin/*.mustache), kept apart from the
// public theme so that a site can restyle its pages without touching the newsroom. Loaded and
// rendered like the public theme's (site::TemplateSet); only layout.mustache is required.
#pragma once

#include <filesystem>

#include "site/theme.h"

namespace marquee::admin {

class Templates : public site::TemplateSet {
 public:
  explicit Templates(const std::filesystem::path& folder) : TemplateSet(folder, {"layout"}) {}
};

}  // namespace marquee::admin
