// A throwaway schema on a PostgreSQL server, for tests: created with a unique name in the
// database a URL names, reached through a URL that puts it first on the search path, and
// dropped with everything in it when the object goes. Far quicker than a database per test.
#pragma once

#include <string>

namespace marquee::postgres {

class ScratchSchema {
 public:
  // server_url: a postgresql:// URL of a database the user may create schemas in. Throws
  // StoreError when that fails.
  explicit ScratchSchema(const std::string& server_url);
  ScratchSchema(const ScratchSchema&) = delete;
  ScratchSchema& operator=(const ScratchSchema&) = delete;
  ~ScratchSchema();

  // The URL whose sessions see the new schema first (then public, where extensions live).
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

 private:
  std::string server_url_;
  std::string name_;
  std::string url_;
};

// url with a search path of `schema, public` added to its options.
std::string with_search_path(const std::string& url, const std::string& schema);

}  // namespace marquee::postgres
