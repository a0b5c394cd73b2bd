// The JSON API under /api/v1/: public reads (stories, entities with relations, quotes, related
// reading, search) with pagination and ETags, and token-authenticated writes (stories through
// the Newsroom, entities through the store and the graph reload) scoped by role. The OpenAPI 3
// description is served at /api/v1/openapi.json. See docs/API.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/types.h"
#include "newsroom/knowledge.h"
#include "newsroom/newsroom.h"
#include "site/live.h"
#include "site/site.h"
#include "store/store.h"
#include "web/http.h"

namespace marquee::media {
class MediaStore;
}

namespace marquee::api {

// Requests larger than this are refused with 413 before any parsing.
inline constexpr std::size_t kMaxBodyBytes = 1 << 20;

class Api {
 public:
  Api(Store& store, site::Site& site, newsroom::Newsroom& newsroom, newsroom::Knowledge& knowledge);

  // Any request whose path starts with /api/. Never throws: a failure is a JSON 500.
  web::Response handle(const web::Request& request);
  // For a request with a body, before the server reads it (web::Handlers::admit): 401 without a
  // valid token, 415 unless the body is JSON, so that no stranger makes the server take in a
  // body. nullopt: read the body. Never throws.
  std::optional<web::Response> admit(const web::Request& request);
  // Where readers' event streams of live stories open (GET /api/v1/stories/{id}/events); without
  // it they answer 503. Not owned.
  void set_live_streams(site::LiveStreams* live) { live_ = live; }
  // Where clips' caption files are written (PUT /media/<id>/captions/<lang>); without it that
  // endpoint answers 503. Must outlive the API.
  void set_media_store(media::MediaStore* files) { media_files_ = files; }

 private:
  struct Impl;
  Store& store_;
  site::Site& site_;
  newsroom::Newsroom& newsroom_;
  newsroom::Knowledge& knowledge_;
  site::LiveStreams* live_ = nullptr;
  media::MediaStore* media_files_ = nullptr;
};

// A new token for a user, shown once: only its hash is stored. The role defaults to the user's
// and may not exceed it. Throws ConstraintError for an unknown user or a role above the user's.
struct CreatedToken {
  std::string token;  // "mq_" and 43 URL-safe base64 characters
  ApiToken record;
};
CreatedToken create_api_token(Store& store, Id user_id, const std::string& name,
                              std::optional<Role> role = std::nullopt);

// The hex BLAKE2b-256 digest under which a token is stored.
std::string hash_api_token(std::string_view token);

// The OpenAPI 3.0 description of the API, with base_url as its server.
std::string openapi_document(const std::string& base_url);

}  // namespace marquee::api
