// The API on a real (temporary) store and site: tokens, role limits, error shapes, the OpenAPI
// document, and that writes go through the newsroom.
#include "api/api.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>

namespace marquee::api {
namespace {

using nlohmann::json;

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "marquee-api-XXXXXX").string();
    ASSERT_TRUE(mkdtemp(pattern.data()));
    dir = pattern;
    store = open_store(dir.string());
    store->sections().save({0, "movies", "Movies", 1});
    User writer;
    writer.email = "writer@example.com";
    writer.display_name = "Wren Writer";
    writer.slug = "wren-writer";
    writer.role = Role::writer;
    writer_id = store->users().save(writer).id;
    User editor = writer;
    editor.email = "editor@example.com";
    editor.display_name = "Eda Editor";
    editor.slug = "eda-editor";
    editor.role = Role::editor;
    editor_id = store->users().save(editor).id;
    site::SiteConfig config;
    config.base_url = "https://news.example.com";
    config.theme_dir = std::filesystem::path(MARQUEE_SOURCE_DIR) / "themes/default";
    knowledge = std::make_unique<newsroom::Knowledge>(*store);
    site = std::make_unique<site::Site>(config, *store, *knowledge);
    newsroom = std::make_unique<newsroom::Newsroom>(*store, *knowledge, site.get());
    api = std::make_unique<Api>(*store, *site, *newsroom, *knowledge);
  }
  void TearDown() override {
    api.reset();
    newsroom.reset();
    site.reset();
    knowledge.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }

  web::Response call(const std::string& method, const std::string& path,
                     const std::string& body = "", const std::string& token = "") {
    web::Request request;
    request.method = method;
    auto q = path.find('?');
    request.path = path.substr(0, q);
    request.query_string = q == std::string::npos ? "" : path.substr(q + 1);
    request.target = path;
    request.body = body;
    if (!body.empty()) request.headers.emplace_back("content-type", "application/json");
    if (!token.empty()) request.headers.emplace_back("authorization", "Bearer " + token);
    return api->handle(request);
  }

  std::filesystem::path dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<newsroom::Knowledge> knowledge;
  std::unique_ptr<site::Site> site;
  std::unique_ptr<newsroom::Newsroom> newsroom;
  std::unique_ptr<Api> api;
  Id writer_id = 0, editor_id = 0;
};

TEST_F(ApiTest, TokensAreStoredOnlyAsHashes) {
  auto created = create_api_token(*store, writer_id, "importer");
  EXPECT_EQ(created.token.rfind("mq_", 0), 0u);
  EXPECT_EQ(created.token.size(), 46u);
  EXPECT_EQ(created.record.role, Role::writer);
  EXPECT_EQ(created.record.token_hash, hash_api_token(created.token));
  EXPECT_EQ(created.record.token_hash.size(), 64u);
  EXPECT_EQ(created.record.token_hash.find(created.token), std::string::npos);
  EXPECT_TRUE(store->tokens().find(hash_api_token(created.token)));
  EXPECT_NE(create_api_token(*store, writer_id, "second").token, created.token);
}

TEST_F(ApiTest, ATokenNeverExceedsItsUser) {
  EXPECT_THROW(create_api_token(*store, writer_id, "x", Role::editor), ConstraintError);
  EXPECT_THROW(create_api_token(*store, 999999, "x"), ConstraintError);
  EXPECT_EQ(create_api_token(*store, editor_id, "x", Role::contributor).record.role,
            Role::contributor);
}

TEST_F(ApiTest, ErrorsHaveOneShape) {
  const std::tuple<const char*, const char*, const char*, int> cases[] = {
      {"GET", "/api/v1/nothing", "", 404},         {"GET", "/api/v2/stories", "", 404},
      {"GET", "/api/v1/stories?page=-1", "", 400}, {"POST", "/api/v1/stories", "{}", 401},
      {"PUT", "/api/v1/stories", "{}", 405},       {"GET", "/api/v1/entities/nobody", "", 404},
  };
  for (const auto& [method, path, body, status] : cases) {
    auto response = call(method, path, body);
    EXPECT_EQ(response.status, status) << method << " " << path;
    auto parsed = json::parse(response.body);
    EXPECT_TRUE(parsed["error"]["code"].is_string()) << path;
    EXPECT_TRUE(parsed["error"]["message"].is_string()) << path;
    EXPECT_EQ(response.header("content-type"), "application/json; charset=utf-8");
  }
}

TEST_F(ApiTest, RevokedTokensAreRefused) {
  auto created = create_api_token(*store, editor_id, "old");
  auto record = created.record;
  record.revoked = true;
  store->tokens().save(record);
  auto response =
      call("POST", "/api/v1/entities", R"({"kind":"person","name":"A Person"})", created.token);
  EXPECT_EQ(response.status, 401);
}

TEST_F(ApiTest, WritesGoThroughTheNewsroomAndConflictsAreCaught) {
  auto token = create_api_token(*store, editor_id, "desk").token;
  auto created = call(
      "POST", "/api/v1/stories",
      R"({"headline":"A Premiere Night","section":"movies","body":"Lights and cameras."})", token);
  ASSERT_EQ(created.status, 201) << created.body;
  auto story = json::parse(created.body)["data"];
  EXPECT_EQ(story["slug"], "a-premiere-night");
  EXPECT_EQ(story["body_html"], "<p>Lights and cameras.</p>\n") << "rendered by the newsroom";
  EXPECT_EQ(story["authors"][0]["slug"], "eda-editor");
  std::string path = "/api/v1/stories/" + std::to_string(story["id"].get<int>());
  auto published = call("POST", path + "/publish", R"({"version":1})", token);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(json::parse(published.body)["data"]["status"], "published");
  EXPECT_EQ(call("POST", path + "/publish", R"({"version":1})", token).status, 409);
  EXPECT_EQ(store->articles().revisions(story["id"].get<int>()).size(), 2u);
  EXPECT_EQ(store->audit().list(10, 0).size(), 2u);
}

TEST_F(ApiTest, EtagAnswers304) {
  auto first = call("GET", "/api/v1/stories");
  ASSERT_EQ(first.status, 200);
  web::Request again;
  again.method = "GET";
  again.path = "/api/v1/stories";
  again.target = again.path;
  again.headers.emplace_back("if-none-match", std::string(first.header("etag")));
  auto second = api->handle(again);
  EXPECT_EQ(second.status, 304);
  EXPECT_TRUE(second.body.empty());
}

TEST_F(ApiTest, OpenApiDocumentNamesTheServer) {
  auto doc = json::parse(openapi_document("https://news.example.com"));
  EXPECT_EQ(doc["servers"][0]["url"], "https://news.example.com/api/v1");
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  // Every $ref points at something defined.
  std::function<void(const json&)> walk = [&](const json& node) {
    if (node.is_object()) {
      if (auto ref = node.find("$ref"); ref != node.end()) {
        auto pointer = ref->get<std::string>().substr(1);
        EXPECT_TRUE(doc.contains(json::json_pointer(pointer))) << pointer;
      }
      for (const auto& [key, value] : node.items()) walk(value);
    } else if (node.is_array()) {
      for (const auto& value : node) walk(value);
    }
  };
  walk(doc);
}

}  // namespace
}  // namespace marquee::api
