// The /admin/media pages of media_pages.h: views for the library grid and one item, the upload
// handler (multipart/form-data through MediaLibrary) and the detail and delete forms.
#include "admin/media_pages.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/ascii.h"
#include "newsroom/capabilities.h"
#include "web/multipart.h"

namespace marquee::admin {
namespace {

using newsroom::Capability;
using newsroom::has_capability;
using newsroom::least_role_for;
using nlohmann::json;

constexpr int kPageSize = 24;
constexpr int kPickerSize = 48;  // photos the picker shows at once; search narrows them

std::optional<Id> parse_id(std::string_view text) {
  Id id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

std::string human_bytes(std::int64_t bytes) {
  char out[32];
  if (bytes >= 1024 * 1024) {
    std::snprintf(out, sizeof out, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  } else if (bytes >= 1024) {
    std::snprintf(out, sizeof out, "%lld KB", static_cast<long long>((bytes + 512) / 1024));
  } else {
    std::snprintf(out, sizeof out, "%lld bytes", static_cast<long long>(bytes));
  }
  return out;
}

std::string clock_duration(double seconds) {
  const long total = std::max(0L, std::lround(seconds));
  char out[32];
  if (total >= 3600) {
    std::snprintf(out, sizeof out, "%ld:%02ld:%02ld", total / 3600, (total / 60) % 60, total % 60);
  } else {
    std::snprintf(out, sizeof out, "%ld:%02ld", total / 60, total % 60);
  }
  return out;
}

std::string type_label(const std::string& mime) {
  if (mime == "image/jpeg") return "JPEG";
  if (mime == "image/png") return "PNG";
  if (mime == "image/webp") return "WebP";
  if (mime == "image/avif") return "AVIF";
  if (mime == "video/mp4") return "MP4";
  if (mime == "video/quicktime") return "QuickTime";
  if (mime == "video/webm") return "WebM";
  return mime;
}

std::string media_url(const std::string& file) {
  return "/media/" + file;
}

// The widest JPEG rendition up to 1024 pixels: the preview on an item's page.
const Rendition* preview_rendition(const Media& item) {
  const Rendition* best = nullptr;
  for (const auto& r : item.renditions) {
    if (r.mime != "image/jpeg" || !r.crop.empty()) continue;
    if (!best || (r.width <= 1024 && r.width > best->width) || best->width > 1024) best = &r;
  }
  return best;
}

// A number field of a form, NaN when missing or not a number (the library refuses NaN).
double form_number(const std::multimap<std::string, std::string>& form, const char* name) {
  auto it = form.find(name);
  if (it == form.end()) return std::nan("");
  double value = 0;
  auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  return ec == std::errc() && end == it->second.data() + it->second.size() ? value : std::nan("");
}

// An editor's crop windows by ratio: {"16:9": {"x", "y", "width", "height"}}.
json crops_json(const Media& item) {
  json out = json::object();
  for (const auto& [ratio, w] : item.crops) {
    out[ratio] = {{"x", w.x}, {"y", w.y}, {"width", w.width}, {"height", w.height}};
  }
  return out;
}

json details_view(const MediaDetails& details) {
  return {{"caption", details.caption}, {"credit", details.credit}, {"alt", details.alt}};
}

MediaDetails details_of(const Media& item) {
  return {item.caption, item.credit, item.alt};
}

bool wants_json(const web::Request& request) {
  return request.header("accept").find("application/json") != std::string_view::npos;
}

web::Response json_response(int status, const json& body) {
  auto response = web::Response::text(status, body.dump() + "\n", "application/json");
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Content-Type-Options", "nosniff");
  return response;
}

json item_summary(const Media& item) {
  const bool photo = item.kind == MediaKind::image;
  json view = {
      {"id", item.id},
      {"url", "/admin/media/" + std::to_string(item.id)},
      {"is_photo", photo},
      {"is_clip", !photo},
      {"kind", photo ? "photo" : "clip"},
      {"type", type_label(item.mime)},
      {"thumbnail", media_thumbnail(item)},
      {"caption", item.caption},
      {"credit", item.credit},
      {"alt", item.alt},
      {"label", !item.caption.empty() ? item.caption
                                      : std::string(photo ? "Untitled photo" : "Untitled clip")},
      {"missing_alt", photo && item.alt.empty()},
      {"size", std::to_string(item.width) + " × " + std::to_string(item.height)}};
  if (!photo) view["duration"] = clock_duration(item.duration_seconds);
  return view;
}

}  // namespace

std::string media_thumbnail(const Media& item) {
  if (item.kind == MediaKind::video) return item.poster.empty() ? "" : media_url(item.poster);
  const Rendition* best = nullptr;
  for (const auto& r : item.renditions) {
    if (r.mime == "image/jpeg" && r.crop.empty() && (!best || r.width < best->width)) best = &r;
  }
  return best ? media_url(best->file) : "";
}

MediaPages::MediaPages(Admin& admin, MediaLibrary& library, site::Site& site)
    : admin_(admin), library_(library), site_(site) {}

void MediaPages::mount() {
  admin_.mount("/admin/media", newsroom::least_role_for(newsroom::Capability::manage_media),
               [this](const AdminRequest& request) { return handle(request); });
  admin_.mount("/admin/picker", least_role_for(Capability::write_stories),
               [this](const AdminRequest& request) { return picker(request); });
}

web::Response MediaPages::handle(const AdminRequest& request) {
  // Mounted at /admin/media: what follows those two segments names the item and the action.
  auto parts = web::path_segments(request.http.path);
  parts.erase(parts.begin(), parts.begin() + std::min<std::size_t>(2, parts.size()));
  const bool is_post = request.http.method == "POST";
  if (parts.empty()) return is_post ? upload(request) : library_page(request);
  const auto id = parse_id(parts[0]);
  if (!id) return not_found(request);
  if (parts.size() == 1) {
    if (is_post) return update(request, *id);
    auto item = library_.find(*id);
    return item ? item_page(request, *item) : not_found(request);
  }
  if (parts.size() == 2 && parts[1] == "delete" && is_post) return remove(request, *id);
  if (parts.size() == 2 && parts[1] == "focus" && is_post) return set_focus(request, *id);
  if (parts.size() == 2 && parts[1] == "crop" && is_post) return set_crop(request, *id);
  if (parts.size() == 2 && parts[1] == "captions" && is_post) return add_captions(request, *id);
  if (parts.size() == 4 && parts[1] == "captions" && parts[3] == "delete" && is_post) {
    return remove_captions(request, *id, parts[2]);
  }
  return not_found(request);
}

web::Response MediaPages::picker(const AdminRequest& request) {
  if (request.http.method != "GET") return json_response(405, {{"error", "Use GET."}});
  const std::string words = request.http.query("q").value_or("");
  if (words.size() > 200) return json_response(400, {{"error", "Search with fewer words."}});
  std::vector<Media> found;
  if (auto id_text = request.http.query("id")) {
    // One photo by id: the one a story already has.
    auto id = parse_id(*id_text);
    auto item = id ? library_.find(*id) : std::nullopt;
    if (item && item->kind == MediaKind::image) found.push_back(std::move(*item));
  } else {
    found = library_.search(MediaKind::image, words, kPickerSize);
  }
  json items = json::array();
  for (const auto& item : found) {
    json view = item_summary(item);
    const Rendition* preview = preview_rendition(item);
    view["preview"] = preview ? media_url(preview->file) : "";
    view["width"] = item.width;
    view["height"] = item.height;
    view["focus"] = {{"x", item.focus_x}, {"y", item.focus_y}};
    view["crops"] = crops_json(item);
    items.push_back(std::move(view));
  }
  json ratios = json::array();
  for (const auto& shape : library_.options().crop_shapes) ratios.push_back(shape.ratio.name());
  return json_response(
      200, {{"items", items},
            {"ratios", ratios},
            {"can_upload", has_capability(request.user.role, Capability::manage_media)}});
}

web::Response MediaPages::set_focus(const AdminRequest& request, Id id) {
  const auto form = request.http.form();
  auto outcome = library_.set_focus(id, form_number(form, "x"), form_number(form, "y"));
  if (!outcome) return json_response(404, {{"error", "There is no such photo in the library."}});
  if (auto* problem = std::get_if<MediaProblem>(&*outcome)) {
    return json_response(problem->status, {{"field", problem->field}, {"error", problem->message}});
  }
  const auto& item = std::get<Media>(*outcome);
  const std::string subject = "media:" + std::to_string(id);
  site_.invalidate({subject});  // story pages centre their crop on the new point
  admin_.audit(request, "media.focus", subject);
  return json_response(200, {{"id", id}, {"focus", {{"x", item.focus_x}, {"y", item.focus_y}}}});
}

web::Response MediaPages::set_crop(const AdminRequest& request, Id id) {
  const auto form = request.http.form();
  const auto ratio = form.find("ratio");
  if (ratio == form.end())
    return json_response(422, {{"field", "ratio"}, {"error", "Say which crop."}});
  std::optional<CropRect> window;
  if (form.find("clear") == form.end()) {
    window = CropRect{form_number(form, "x"), form_number(form, "y"), form_number(form, "width"),
                      form_number(form, "height")};
  }
  auto outcome = library_.set_crop(id, ratio->second, window);
  if (!outcome) return json_response(404, {{"error", "There is no such photo in the library."}});
  if (auto* problem = std::get_if<MediaProblem>(&*outcome)) {
    return json_response(problem->status, {{"field", problem->field}, {"error", problem->message}});
  }
  // The pages are dropped when the new crops are made (the renderer tells the site).
  admin_.audit(request, "media.crop", "media:" + std::to_string(id));
  return json_response(200, {{"id", id}, {"crops", crops_json(std::get<Media>(*outcome))}});
}

web::Response MediaPages::not_found(const AdminRequest& request) {
  return admin_.page("message",
                     {{"title", "Not found"},
                      {"nav_current", "media"},
                      {"message", "There is no such photo or clip in the library."}},
                     request, 404);
}

web::Response MediaPages::library_page(const AdminRequest& request, const MediaProblem* problem,
                                       const MediaDetails& typed) {
  const auto& http = request.http;
  std::optional<MediaKind> kind;
  const std::string kind_text = http.query("kind").value_or("");
  if (kind_text == "image") kind = MediaKind::image;
  if (kind_text == "video") kind = MediaKind::video;
  int page = 1;
  if (auto p = http.query("page")) {
    int n = 0;
    auto [end, ec] = std::from_chars(p->data(), p->data() + p->size(), n);
    if (ec == std::errc() && end == p->data() + p->size() && n >= 1 && n <= 100000) page = n;
  }
  // One more than a page tells whether there is a next one.
  auto items = library_.list(kind, kPageSize + 1, (page - 1) * kPageSize);
  const bool more = items.size() > static_cast<std::size_t>(kPageSize);
  if (more) items.pop_back();

  json list = json::array();
  for (const auto& item : items) list.push_back(item_summary(item));
  const std::string base = "/admin/media" + (kind ? "?kind=" + kind_text + "&" : std::string("?"));
  json kinds = json::array();
  for (const auto& [value, label] :
       {std::pair{"", "All"}, {"image", "Photos"}, {"video", "Clips"}}) {
    kinds.push_back({{"value", value}, {"label", label}, {"selected", kind_text == value}});
  }
  const auto& limits = library_.options();
  json view = {
      {"title", "Photos and clips"},
      {"nav_current", "media"},
      {"items", list},
      {"has_items", !list.empty()},
      {"kinds", kinds},
      {"page", page},
      {"upload", details_view(typed)},
      {"errors", json::object()},
      {"limits", "Photos: JPEG, PNG or WebP up to " + std::to_string(limits.max_image_bytes >> 20) +
                     " MB. Clips: MP4 or WebM up to " +
                     std::to_string(limits.max_video_bytes >> 20) + " MB."}};
  if (page > 1) view["prev_url"] = base + "page=" + std::to_string(page - 1);
  if (more) view["next_url"] = base + "page=" + std::to_string(page + 1);
  if (http.query("deleted")) view["notice"] = "Deleted, with all its files.";
  const std::size_t crops_pending = library_.crops_pending();
  view["crops_pending"] = crops_pending;
  if (crops_pending > 0) {
    view["crops_status"] = "Making the crops of " + std::to_string(crops_pending) +
                           (crops_pending == 1 ? " photo" : " photos") +
                           "; until they are ready, pages show the whole photo.";
  }
  int status = 200;
  if (problem) {
    view["errors"][problem->field] = problem->message;
    view["has_errors"] = true;
    status = problem->status;
  }
  return admin_.page("media", view, request, status);
}

web::Response MediaPages::upload(const AdminRequest& request) {
  const auto& http = request.http;
  const bool json_answer = wants_json(http);
  auto refuse = [&](const MediaProblem& problem, const MediaDetails& typed) {
    if (json_answer) {
      return json_response(problem.status, {{"field", problem.field}, {"error", problem.message}});
    }
    return library_page(request, &problem, typed);
  };
  const auto parts = web::parse_multipart(http.header("content-type"), http.body_view());
  if (!parts) {
    return refuse({400, "file", "The upload did not arrive whole. Please try again."}, {});
  }
  const MediaDetails typed{std::string(web::part_text(*parts, "caption")),
                           std::string(web::part_text(*parts, "credit")),
                           std::string(web::part_text(*parts, "alt"))};
  const web::FormPart* file = web::find_part(*parts, "file");
  if (!file || !file->filename || file->data.empty()) {
    return refuse({400, "file", "Choose a photo or clip to upload."}, typed);
  }
  // The browser's file name and type are ignored: the library judges the bytes themselves and
  // stores them under a generated name.
  auto outcome = library_.upload(file->data, typed, request.user.id);
  if (auto* problem = std::get_if<MediaProblem>(&outcome)) {
    admin_.audit(request, "media.upload_refused", "media", problem->message);
    return refuse(*problem, typed);
  }
  const Media& item = std::get<Media>(outcome);
  const std::string subject = "media:" + std::to_string(item.id);
  admin_.audit(request, "media.upload", subject,
               type_label(item.mime) + ", " + human_bytes(item.bytes));
  if (json_answer) {
    json body = item_summary(item);
    body["file"] = item.file;
    return json_response(201, body);
  }
  auto response =
      web::Response::redirect(303, "/admin/media/" + std::to_string(item.id) + "?uploaded=1");
  response.set_header("Cache-Control", "no-store");
  return response;
}

web::Response MediaPages::item_page(const AdminRequest& request, const Media& item,
                                    const MediaProblem* problem, const MediaDetails* typed,
                                    const site::CaptionProblem* captions_problem,
                                    const CaptionsForm* captions_typed) {
  json view_item = item_summary(item);
  view_item["bytes"] = human_bytes(item.bytes);
  view_item["uploaded"] = site_.time().ap_datetime(item.created_at);
  view_item["uploaded_iso"] = site_.time().iso_local(item.created_at);
  if (item.kind == MediaKind::image) {
    if (const Rendition* preview = preview_rendition(item)) {
      view_item["preview"] = media_url(preview->file);
      view_item["preview_width"] = preview->width;
      view_item["preview_height"] = preview->height;
    }
    json renditions = json::array();
    for (const auto& r : item.renditions) {
      renditions.push_back({{"url", media_url(r.file)},
                            {"type", type_label(r.mime)},
                            {"crop", r.crop},
                            {"width", r.width},
                            {"height", r.height}});
    }
    view_item["renditions"] = renditions;
  } else {
    view_item["src"] = media_url(item.file);
    view_item["mime"] = item.mime;
    if (!item.poster.empty()) view_item["poster"] = media_url(item.poster);
    view_item["video_codec"] = item.video_codec;
    view_item["audio_codec"] = item.audio_codec.empty() ? "none" : item.audio_codec;
    view_item["width"] = item.width;
    view_item["height"] = item.height;
    json tracks = json::array();
    for (const auto& track : item.captions) {
      tracks.push_back({{"lang", track.lang},
                        {"label", track.label},
                        {"url", media_url(track.file)},
                        {"delete_action", "/admin/media/" + std::to_string(item.id) + "/captions/" +
                                              track.lang + "/delete"}});
    }
    view_item["captions"] = tracks;
    view_item["has_captions"] = !tracks.empty();
    view_item["captions_action"] = "/admin/media/" + std::to_string(item.id) + "/captions";
  }
  json view = {{"title", view_item["label"]},
               {"nav_current", "media"},
               {"item", view_item},
               {"form", details_view(typed ? *typed : details_of(item))},
               {"errors", json::object()},
               {"action", "/admin/media/" + std::to_string(item.id)},
               {"delete_action", "/admin/media/" + std::to_string(item.id) + "/delete"}};
  if (request.http.query("uploaded")) {
    view["notice"] = item.kind == MediaKind::image
                         ? "Uploaded. Add a caption, a credit and alt text before a story uses it."
                         : "Uploaded. Add a caption and a credit before a story uses it.";
  }
  if (request.http.query("saved")) view["notice"] = "Saved.";
  if (request.http.query("captions")) view["notice"] = "Captions added.";
  if (request.http.query("captions_removed")) view["notice"] = "Captions removed.";
  view["captions_form"] = {{"lang", captions_typed ? captions_typed->lang : std::string("en")},
                           {"label", captions_typed ? captions_typed->label : std::string()}};
  view["caption_errors"] = json::object();
  int status = 200;
  if (problem) {
    view["errors"][problem->field] = problem->message;
    view["has_errors"] = true;
    status = problem->status == 400 ? 422 : problem->status;
  }
  if (captions_problem) {
    view["caption_errors"][captions_problem->field] = captions_problem->message;
    view["has_caption_errors"] = true;
    status = captions_problem->status == 400 ? 422 : captions_problem->status;
  }
  return admin_.page("media_edit", view, request, status);
}

web::Response MediaPages::add_captions(const AdminRequest& request, Id id) {
  const auto& http = request.http;
  const bool json_answer = wants_json(http);
  auto item = library_.find(id);
  if (!item) {
    return json_answer ? json_response(404, {{"error", "There is no such clip in the library."}})
                       : not_found(request);
  }
  const auto parts = web::parse_multipart(http.header("content-type"), http.body_view());
  CaptionsForm typed;
  std::variant<Media, site::CaptionProblem> outcome =
      site::CaptionProblem{400, "file", "The upload did not arrive whole. Please try again."};
  if (parts) {
    typed = {std::string(web::part_text(*parts, "lang")),
             std::string(web::part_text(*parts, "label"))};
    const web::FormPart* file = web::find_part(*parts, "file");
    outcome = file && file->filename
                  ? library_.add_captions(id, typed.lang, typed.label, file->data)
                  : site::CaptionProblem{400, "file", "Choose a WebVTT caption file to upload."};
  }
  const std::string subject = "media:" + std::to_string(id);
  if (auto* problem = std::get_if<site::CaptionProblem>(&outcome)) {
    admin_.audit(request, "media.captions_refused", subject, problem->message);
    if (json_answer) {
      return json_response(problem->status,
                           {{"field", problem->field}, {"error", problem->message}});
    }
    return item_page(request, *item, nullptr, nullptr, problem, &typed);
  }
  site_.invalidate({subject});  // the story and clip pages that play it
  admin_.audit(request, "media.captions", subject, std::string(ascii_trim(typed.lang)));
  if (json_answer) {
    json body = item_summary(std::get<Media>(outcome));
    body["captions"] = json::array();
    for (const auto& track : std::get<Media>(outcome).captions) {
      body["captions"].push_back(
          {{"lang", track.lang}, {"label", track.label}, {"url", media_url(track.file)}});
    }
    return json_response(201, body);
  }
  auto response =
      web::Response::redirect(303, "/admin/media/" + std::to_string(id) + "?captions=1");
  response.set_header("Cache-Control", "no-store");
  return response;
}

web::Response MediaPages::remove_captions(const AdminRequest& request, Id id,
                                          std::string_view lang) {
  auto outcome = library_.remove_captions(id, lang);
  if (auto* problem = std::get_if<site::CaptionProblem>(&outcome)) {
    if (problem->status == 404) return not_found(request);
    auto item = library_.find(id);
    if (!item) return not_found(request);
    return item_page(request, *item, nullptr, nullptr, problem);
  }
  const std::string subject = "media:" + std::to_string(id);
  site_.invalidate({subject});
  admin_.audit(request, "media.captions_delete", subject, std::string(lang));
  auto response =
      web::Response::redirect(303, "/admin/media/" + std::to_string(id) + "?captions_removed=1");
  response.set_header("Cache-Control", "no-store");
  return response;
}

web::Response MediaPages::update(const AdminRequest& request, Id id) {
  const auto form = request.http.form();
  auto first = [&](const char* name) {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  };
  const MediaDetails typed{first("caption"), first("credit"), first("alt")};
  auto outcome = library_.update(id, typed);
  if (!outcome) return not_found(request);
  if (auto* problem = std::get_if<MediaProblem>(&*outcome)) {
    auto item = library_.find(id);
    if (!item) return not_found(request);
    return item_page(request, *item, problem, &typed);
  }
  const std::string subject = "media:" + std::to_string(id);
  // Story and clip pages that show the item carry its tag.
  site_.invalidate({subject});
  admin_.audit(request, "media.update", subject);
  auto response = web::Response::redirect(303, "/admin/media/" + std::to_string(id) + "?saved=1");
  response.set_header("Cache-Control", "no-store");
  return response;
}

web::Response MediaPages::remove(const AdminRequest& request, Id id) {
  auto item = library_.find(id);
  if (!item || !library_.remove(id)) return not_found(request);
  const std::string subject = "media:" + std::to_string(id);
  site_.invalidate({subject});
  admin_.audit(request, "media.delete", subject, item->file);
  auto response = web::Response::redirect(303, "/admin/media?deleted=1");
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace marquee::admin
