// The newsroom's photo and clip pages under /admin/media: the library grid with the upload form,
// one item's page with its caption, credit and alt text, and deletion. Mounted into Admin, which
// has already checked the session, the role and (for POST) the CSRF token and origin.
#pragma once

#include "admin/admin.h"
#include "admin/media_library.h"
#include "site/site.h"
#include "web/http.h"

namespace marquee::admin {

// The smallest JPEG rendition of a photo, or a clip's poster: what the newsroom's grids show.
std::string media_thumbnail(const Media& item);

class MediaPages {
 public:
  // All must outlive the pages.
  MediaPages(Admin& admin, MediaLibrary& library, site::Site& site);

  // Mounts the pages at /admin/media for the roles that manage media (access.h: editors, admins).
  void mount();

  // A request under /admin/media. Never throws for bad input; store failures propagate to Admin.
  //   GET  /admin/media                 the library (?kind=image|video, ?page=N)
  //   POST /admin/media                 upload (multipart: file, caption, credit, alt)
  //   GET  /admin/media/<id>            one item
  //   POST /admin/media/<id>            save caption, credit and alt text
  //   POST /admin/media/<id>/delete     delete the item and its files
  //   POST /admin/media/<id>/focus      set a photo's focal point (x, y from 0 to 1; JSON answer)
  //   POST /admin/media/<id>/crop       an editor's window for one crop: ratio ("16:9"), x, y,
  //                                     width, height (fractions of the photo), or clear=1
  //                                     to go back to the focal point; JSON answer
  //   POST /admin/media/<id>/captions   a clip's captions (multipart: file, lang, label)
  //   POST /admin/media/<id>/captions/<lang>/delete   take that language's captions away
  // Uploads from scripts that ask for JSON (Accept: application/json) get 201 with the item, or
  // the error status with {"field", "error"}.
  web::Response handle(const AdminRequest& request);
  // GET /admin/picker?q=<words>: the story editor's photo picker (every role that writes
  // stories): JSON {"items": [...], "can_upload": bool}, the newest photos matching the words,
  // each with its thumbnail, preview, alt text and focal point; ?id=<n> answers that photo alone.
  web::Response picker(const AdminRequest& request);

 private:
  web::Response library_page(const AdminRequest& request, const MediaProblem* problem = nullptr,
                             const MediaDetails& typed = {});
  web::Response upload(const AdminRequest& request);
  // The captions form as typed, shown again with its problem.
  struct CaptionsForm {
    std::string lang;
    std::string label;
  };
  web::Response item_page(const AdminRequest& request, const Media& item,
                          const MediaProblem* problem = nullptr,
                          const MediaDetails* typed = nullptr,
                          const site::CaptionProblem* captions_problem = nullptr,
                          const CaptionsForm* captions_typed = nullptr);
  web::Response add_captions(const AdminRequest& request, Id id);
  web::Response remove_captions(const AdminRequest& request, Id id, std::string_view lang);
  web::Response update(const AdminRequest& request, Id id);
  web::Response remove(const AdminRequest& request, Id id);
  web::Response set_focus(const AdminRequest& request, Id id);
  web::Response set_crop(const AdminRequest& request, Id id);
  web::Response not_found(const AdminRequest& request);

  Admin& admin_;
  MediaLibrary& library_;
  site::Site& site_;
};

}  // namespace marquee::admin
